// collector_tls_test.cpp — the collector as it is deployed: HTTPS with a
// certificate checked at start and swapped on reload, the 308 listener, HSTS,
// /metrics closed to the network, forwarding headers believed only from
// trusted proxies, and the headers a security officer asks for.
#include "collector_options.h"
#include "collector_process.h"
#include "running_collector.h"
#include "test_certificates.h"
#include "tls_credentials.h"
#include "upload_fixture.h"

#include "veldwijzer/http_date.h"

#include <catch_amalgamated.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <filesystem>

using namespace veldwijzer::collector;

namespace {

struct SslCtxFree {
  void operator()(SSL_CTX *ctx) const { SSL_CTX_free(ctx); }
};
struct SslFree {
  void operator()(SSL *ssl) const { SSL_free(ssl); }
};

// One TLS connection made by hand, to see what was negotiated and to keep
// the connection open across a reload.
struct TlsConnection {
  std::unique_ptr<SSL_CTX, SslCtxFree> ctx{SSL_CTX_new(TLS_client_method())};
  std::unique_ptr<SSL, SslFree> ssl;
  int fd = -1;

  ~TlsConnection() {
    if (fd >= 0) {
      ::close(fd);
    }
  }
  bool connect(int port) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0);
    ssl.reset(SSL_new(ctx.get()));
    SSL_set_fd(ssl.get(), fd);
    SSL_set_tlsext_host_name(ssl.get(), "veldwijzer.test");
    const bool ok = SSL_connect(ssl.get()) == 1;
    ERR_clear_error();
    return ok;
  }
  std::string version() const { return SSL_get_version(ssl.get()); }
  std::string peer_name() const {
    X509 *peer = SSL_get1_peer_certificate(ssl.get());
    REQUIRE(peer);
    char name[256] = {};
    X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, name, sizeof name);
    X509_free(peer);
    return name;
  }
  // A keep-alive GET; the answer's status line and headers (the body is read and dropped).
  std::string get(const std::string &path) {
    const std::string request = "GET " + path + " HTTP/1.1\r\nHost: veldwijzer.test\r\n\r\n";
    REQUIRE(SSL_write(ssl.get(), request.data(), static_cast<int>(request.size())) > 0);
    std::string text;
    char buffer[4096];
    while (text.find("\r\n\r\n") == std::string::npos) {
      const int n = SSL_read(ssl.get(), buffer, sizeof buffer);
      if (n <= 0) {
        return text;
      }
      text.append(buffer, static_cast<std::size_t>(n));
    }
    const std::string head = text.substr(0, text.find("\r\n\r\n") + 4);
    const auto length_at = head.find("Content-Length: ");
    const std::size_t length = length_at == std::string::npos ? 0 : std::stoul(head.substr(length_at + 16));
    while (text.size() < head.size() + length) {
      const int n = SSL_read(ssl.get(), buffer, sizeof buffer);
      if (n <= 0) {
        break;
      }
      text.append(buffer, static_cast<std::size_t>(n));
    }
    return head;
  }
};

// How many of the collector's log lines contain `text`.
std::size_t logged(const std::vector<std::string> &lines, const std::string &text) {
  return static_cast<std::size_t>(std::count_if(
      lines.begin(), lines.end(), [&](const std::string &line) { return line.find(text) != std::string::npos; }));
}

CollectorSetup tls_setup(const TlsFiles &files) {
  CollectorSetup setup;
  setup.options = [&files](CollectorOptions &options) {
    options.tls_cert = files.cert;
    options.tls_key = files.key;
  };
  return setup;
}

std::unique_ptr<httplib::SSLClient> https_client(const RunningCollector &collector, const TlsFiles &files) {
  auto client = std::make_unique<httplib::SSLClient>("127.0.0.1", collector.server->port());
  client->set_ca_cert_path(files.ca_file.c_str());
  client->enable_server_certificate_verification(true);
  client->set_connection_timeout(5, 0);
  client->set_read_timeout(5, 0);
  return client;
}

// The start-up check alone, as main() meets it.
std::string start_problem(const std::string &cert, const std::string &key, std::int64_t now) {
  auto loaded = TlsCredentials::load(cert, key, now);
  return loaded ? std::string() : loaded.error();
}

} // namespace

TEST_CASE("HTTPS: the certificate and its chain are served, verified by a client that trusts the CA, "
          "with HSTS on every answer") {
  const TlsFiles files(std::time(nullptr));
  RunningCollector collector(tls_setup(files));
  auto client = https_client(collector, files);
  auto health = client->Get("/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);
  CHECK(health->get_header_value("Strict-Transport-Security") == "max-age=31536000");
  auto app = client->Get("/");
  REQUIRE(app);
  CHECK(app->status == 200);
  CHECK(app->get_header_value("Strict-Transport-Security") == "max-age=31536000");
  CHECK(client->Get("/no/such")->get_header_value("Strict-Transport-Security") == "max-age=31536000");
  CHECK(collector.server->tls_description().find("CN=veldwijzer.test") != std::string::npos);
  CHECK(collector.server->tls_description().find("2 certificate(s)") != std::string::npos);

  // Plain HTTP on the HTTPS port is not served.
  httplib::Client plain("127.0.0.1", collector.server->port());
  plain.set_read_timeout(2, 0);
  auto refused = plain.Get("/healthz");
  CHECK((!refused || refused->status != 200));
}

TEST_CASE("HTTPS: TLS 1.2 with forward secrecy and AEAD, or TLS 1.3; older protocols and ciphers are refused") {
  const TlsFiles files(std::time(nullptr));
  RunningCollector collector(tls_setup(files));
  {
    TlsConnection modern;
    REQUIRE(modern.connect(collector.server->port()));
    CHECK(modern.version() == "TLSv1.3");
  }
  {
    TlsConnection tls12;
    SSL_CTX_set_max_proto_version(tls12.ctx.get(), TLS1_2_VERSION);
    SSL_CTX_set_cipher_list(tls12.ctx.get(), "ECDHE-ECDSA-AES128-GCM-SHA256");
    REQUIRE(tls12.connect(collector.server->port()));
    CHECK(tls12.version() == "TLSv1.2");
  }
  {
    TlsConnection cbc; // ECDHE but CBC: not in the list
    SSL_CTX_set_max_proto_version(cbc.ctx.get(), TLS1_2_VERSION);
    SSL_CTX_set_cipher_list(cbc.ctx.get(), "ECDHE-ECDSA-AES128-SHA");
    CHECK_FALSE(cbc.connect(collector.server->port()));
  }
  {
    TlsConnection old; // the client would allow TLS 1.1 (security level 0); the collector does not
    SSL_CTX_set_security_level(old.ctx.get(), 0);
    SSL_CTX_set_min_proto_version(old.ctx.get(), TLS1_VERSION);
    SSL_CTX_set_max_proto_version(old.ctx.get(), TLS1_1_VERSION);
    SSL_CTX_set_cipher_list(old.ctx.get(), "ALL:@SECLEVEL=0");
    CHECK_FALSE(old.connect(collector.server->port()));
  }
}

TEST_CASE("a reload takes a renewed certificate for new connections; an open connection carries on") {
  const std::int64_t now = std::time(nullptr);
  TlsFiles files(now, "veldwijzer.test");
  RunningCollector collector(tls_setup(files));
  TlsConnection open;
  REQUIRE(open.connect(collector.server->port()));
  CHECK(open.peer_name() == "veldwijzer.test");
  CHECK(open.get("/healthz").rfind("HTTP/1.1 200", 0) == 0);

  // The renewal is written over the same files (as certbot's deploy hook does), then SIGHUP.
  files.issue("renewed.veldwijzer.test", now - 60, now + 90 * kDay);
  auto reloaded = collector.server->reload_tls();
  INFO((reloaded ? reloaded.value() : reloaded.error()));
  REQUIRE(reloaded.ok());
  CHECK(reloaded.value().find("CN=renewed.veldwijzer.test") != std::string::npos);

  CHECK(open.get("/healthz").rfind("HTTP/1.1 200", 0) == 0); // same connection, still served
  CHECK(open.peer_name() == "veldwijzer.test");
  TlsConnection fresh;
  REQUIRE(fresh.connect(collector.server->port()));
  CHECK(fresh.peer_name() == "renewed.veldwijzer.test");
}

TEST_CASE("a reload that fails its checks keeps the certificate in use and says why") {
  const std::int64_t now = std::time(nullptr);
  TlsFiles files(now);
  RunningCollector collector(tls_setup(files));
  write_bytes(files.key, "-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n");
  auto reloaded = collector.server->reload_tls();
  REQUIRE_FALSE(reloaded.ok());
  CHECK(reloaded.error() == "--tls-key " + files.key +
                                ": no unencrypted PEM private key in it (a key with a pass phrase cannot be opened "
                                "unattended); the certificate in use stays");
  TlsConnection after;
  REQUIRE(after.connect(collector.server->port()));
  CHECK(after.peer_name() == "veldwijzer.test");
  CHECK(after.get("/healthz").rfind("HTTP/1.1 200", 0) == 0);
}

TEST_CASE("a certificate pair that cannot serve stops the start with a message that says which and why") {
  const std::int64_t now = 1'900'000'000; // any clock: the check takes it as an input
  TlsFiles files(now);
  TempFolder tmp;

  CHECK(start_problem(files.cert, files.key, now).empty());
  CHECK(start_problem(tmp.file("missing.pem"), files.key, now) ==
        "--tls-cert " + tmp.file("missing.pem") + ": cannot read (No such file or directory)");
  CHECK(start_problem(files.cert, tmp.file("missing.key"), now) ==
        "--tls-key " + tmp.file("missing.key") + ": cannot read (No such file or directory)");

  write_bytes(tmp.file("garbage.pem"), "this is not a certificate\n");
  CHECK(start_problem(tmp.file("garbage.pem"), files.key, now) ==
        "--tls-cert " + tmp.file("garbage.pem") + ": no PEM certificate in it (expected -----BEGIN CERTIFICATE-----)");
  // The key given as the certificate, and the certificate as the key: a common mix-up.
  CHECK(start_problem(files.key, files.cert, now).find(": no PEM certificate in it") != std::string::npos);

  TestKey other;
  write_bytes(tmp.file("other.key"), pem(other));
  CHECK(start_problem(files.cert, tmp.file("other.key"), now) ==
        "--tls-key " + tmp.file("other.key") + " does not belong to the certificate in --tls-cert " + files.cert +
            " (/CN=veldwijzer.test)");

  TestKey key;
  write_bytes(tmp.file("locked.key"), pem(key, "secret"));
  CHECK(start_problem(files.cert, tmp.file("locked.key"), now).find("a key with a pass phrase") != std::string::npos);

  files.issue("veldwijzer.test", now - 90 * kDay, now - kDay);
  CHECK(start_problem(files.cert, files.key, now) ==
        "--tls-cert " + files.cert + " (/CN=veldwijzer.test) expired on " + veldwijzer::http_date(now - kDay) +
            "; renew it (the collector's clock says " + veldwijzer::http_date(now) + ")");
  files.issue("veldwijzer.test", now + kDay, now + 90 * kDay);
  CHECK(start_problem(files.cert, files.key, now) ==
        "--tls-cert " + files.cert + " (/CN=veldwijzer.test) is not valid before " + veldwijzer::http_date(now + kDay) +
            " (the collector's clock says " + veldwijzer::http_date(now) + ")");

  // The server refuses to bind with such a pair.
  CollectorOptions options;
  options.port = 0;
  options.tls_cert = files.cert;
  options.tls_key = files.key;
  options.db_path = tmp.file("c.sqlite3");
  options.web_root = tmp.path.string();
  auto store = open_collector_store(options.db_path);
  REQUIRE(store.ok());
  CollectorHooks hooks;
  hooks.clock = [at = now] { return at; };
  CollectorServer server(
      options, std::move(store).value(), load_fixture_directory(tmp.file("assets")), [](const std::string &) {}, {},
      hooks);
  auto bound = server.bind();
  REQUIRE_FALSE(bound.ok());
  CHECK(bound.error().find("is not valid before") != std::string::npos);
}

TEST_CASE("--redirect-http answers every plain request with 308 to the same path over HTTPS") {
  const TlsFiles files(std::time(nullptr));
  CollectorSetup setup;
  setup.options = [&files](CollectorOptions &options) {
    options.tls_cert = files.cert;
    options.tls_key = files.key;
    options.redirect_http_port = 0; // any free port
  };
  RunningCollector collector(setup);
  REQUIRE(collector.server->redirect_port() > 0);
  httplib::Client plain("127.0.0.1", collector.server->redirect_port());
  plain.set_read_timeout(5, 0);
  auto get = plain.Get("/services?municipality=GM0153", {{"Host", "veldwijzer.test"}});
  REQUIRE(get);
  CHECK(get->status == 308);
  CHECK(get->get_header_value("Location") ==
        "https://veldwijzer.test:" + std::to_string(collector.server->port()) + "/services?municipality=GM0153");
  auto post = plain.Post("/api/v1/reports", {{"Host", "veldwijzer.test:80"}}, "{}", "application/json");
  REQUIRE(post);
  CHECK(post->status == 308); // 308, not 301: the tablet's POST stays a POST
  CHECK(post->get_header_value("Location") ==
        "https://veldwijzer.test:" + std::to_string(collector.server->port()) + "/api/v1/reports");
  auto bad_host = plain.Get("/", {{"Host", "evil.example/\r\nX: y"}});
  REQUIRE(bad_host);
  CHECK(bad_host->status == 400);
}

TEST_CASE("/metrics on the main port needs a data team's read token; --metrics-listen serves it apart") {
  CollectorSetup setup;
  setup.options = [](CollectorOptions &options) { options.metrics_listen = std::pair{std::string("127.0.0.1"), 0}; };
  RunningCollector collector(setup);
  auto client = collector.client();
  auto anonymous = client.Get("/metrics");
  REQUIRE(anonymous);
  CHECK(anonymous->status == 401);
  CHECK(anonymous->body.find("veldwijzer_") == std::string::npos);
  const std::string device = enroll_directly(collector.store(), {"GM0153"});
  CHECK(client.Get("/metrics", {{"Authorization", "Bearer " + device}})->status == 403);
  const std::string reader = enroll_directly(collector.store(), {}, TokenKind::read);
  auto with_token = client.Get("/metrics", {{"Authorization", "Bearer " + reader}});
  REQUIRE(with_token);
  CHECK(with_token->status == 200);
  CHECK(with_token->body.find("veldwijzer_http_requests_total") != std::string::npos);

  REQUIRE(collector.server->metrics_port() > 0);
  httplib::Client metrics("127.0.0.1", collector.server->metrics_port());
  // Requests are counted after their answer is sent: poll briefly for the first one.
  const std::string counted = "veldwijzer_http_requests_total{route=\"/metrics\",status=\"401\"} 1";
  httplib::Result scraped = metrics.Get("/metrics");
  for (int i = 0; i < 100 && scraped && scraped->body.find(counted) == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    scraped = metrics.Get("/metrics");
  }
  REQUIRE(scraped);
  CHECK(scraped->status == 200);
  CHECK(scraped->body.find(counted) != std::string::npos);
  CHECK(metrics.Get("/healthz")->status == 404); // that listener serves nothing else
  CHECK(metrics.Get("/")->status == 404);
}

TEST_CASE("behind trusted proxies the wrong-code limit and the log go by the real client; forged headers "
          "from anyone else change nothing") {
  const auto wrong_codes = [](httplib::Client &client, const std::string &forwarded_for, int times) {
    int last = 0;
    for (int i = 0; i < times; ++i) {
      httplib::Headers headers;
      if (!forwarded_for.empty()) {
        headers.emplace("X-Forwarded-For", forwarded_for);
      }
      last = client.Post("/api/v1/enroll", headers, R"({"code":"AAAA-BBBB-CCCC"})", "application/json")->status;
    }
    return last;
  };
  SECTION("the collector is behind a proxy on 127.0.0.1") {
    CollectorSetup setup;
    setup.options = [](CollectorOptions &options) { options.trusted_proxies = parse_networks("127.0.0.1/32").value(); };
    RunningCollector collector(setup);
    auto client = collector.client();
    CHECK(wrong_codes(client, "1.1.1.1, 198.51.100.7", 11) == 429); // one tablet guesses
    CHECK(wrong_codes(client, "198.51.100.8", 1) == 400);           // the next tablet is not blocked
    CHECK(wrong_codes(client, "5.5.5.5, 198.51.100.7", 1) == 429);  // a new forged left part changes nothing
    const auto lines = collector.wait_for_log_lines(13);
    // Log lines are written after the answer, by whichever worker served it: count, not order.
    CHECK(logged(lines, " 198.51.100.7 POST /api/v1/enroll 400") == 10);
    CHECK(logged(lines, " 198.51.100.7 POST /api/v1/enroll 429") == 2);
    CHECK(logged(lines, " 198.51.100.8 POST /api/v1/enroll 400") == 1);
    CHECK(logged(lines, " 127.0.0.1 ") == 0);
  }
  SECTION("without --trusted-proxies the same headers are ignored") {
    RunningCollector collector;
    auto client = collector.client();
    CHECK(wrong_codes(client, "198.51.100.7", 10) == 400);
    CHECK(wrong_codes(client, "198.51.100.8", 1) == 429); // all of it came from 127.0.0.1
    const auto lines = collector.wait_for_log_lines(11);
    CHECK(logged(lines, " 127.0.0.1 POST /api/v1/enroll 400") == 10);
    CHECK(logged(lines, " 127.0.0.1 POST /api/v1/enroll 429") == 1);
    CHECK(logged(lines, " 198.51.100.") == 0);
  }
  SECTION("a trusted proxy's X-Forwarded-Proto: https earns HSTS; from anyone else it does not") {
    CollectorSetup setup;
    setup.options = [](CollectorOptions &options) { options.trusted_proxies = parse_networks("127.0.0.1/32").value(); };
    RunningCollector behind(setup);
    auto proxied = behind.client().Get("/healthz", {{"X-Forwarded-Proto", "https"}});
    CHECK(proxied->get_header_value("Strict-Transport-Security") == "max-age=31536000");
    CHECK_FALSE(behind.client().Get("/healthz")->has_header("Strict-Transport-Security"));
    RunningCollector direct;
    CHECK_FALSE(
        direct.client().Get("/healthz", {{"X-Forwarded-Proto", "https"}})->has_header("Strict-Transport-Security"));
  }
}

TEST_CASE("the app's files carry a Content-Security-Policy fit for WebAssembly and no framing; only the public "
          "directory API is readable from other sites") {
  RunningCollector collector;
  auto client = collector.client();
  for (const char *path : {"/", "/index.html", "/app.js", "/app.wasm"}) {
    INFO(path);
    auto res = client.Get(path);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const std::string csp = res->get_header_value("Content-Security-Policy");
    CHECK(csp.find("script-src 'self' 'wasm-unsafe-eval'") != std::string::npos);
    CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
    CHECK(csp.find("'unsafe-inline'") == std::string::npos);
    CHECK(csp.find("default-src 'none'") != std::string::npos);
    CHECK(res->get_header_value("Referrer-Policy") == "no-referrer");
    CHECK(res->get_header_value("X-Frame-Options") == "DENY");
    CHECK(res->get_header_value("Permissions-Policy").find("camera=()") != std::string::npos);
    CHECK_FALSE(res->has_header("Access-Control-Allow-Origin"));
  }
  for (const char *path : {"/services", "/services/nope", "/taxonomy_terms"}) {
    INFO(path);
    CHECK(client.Get(path)->get_header_value("Access-Control-Allow-Origin") == "*");
  }
  for (const char *path : {"/healthz", "/api/v1/aggregates", "/api/v1/content/directory", "/dashboard/"}) {
    INFO(path);
    CHECK_FALSE(client.Get(path)->has_header("Access-Control-Allow-Origin"));
  }
  CHECK_FALSE(client.Post("/api/v1/enroll", "{}", "application/json")->has_header("Access-Control-Allow-Origin"));
}

TEST_CASE("the collector process: a bad pair stops the start (exit 1, which file, why); SIGHUP reloads a renewal "
          "and survives a bad one; without HTTPS SIGHUP changes nothing") {
  const std::int64_t now = std::time(nullptr);
  const CollectorFiles served;
  const TempFolder &tmp = served.tmp;
  TlsFiles files(now);
  const auto args = [&](std::vector<std::string> extra) {
    extra.insert(extra.begin(), {"--db", tmp.file("c.sqlite3")});
    return served.args(extra);
  };

  files.issue("veldwijzer.test", now - 90 * kDay, now - kDay);
  {
    CollectorProcess expired(args({"--tls-cert", files.cert, "--tls-key", files.key}));
    CHECK(expired.port() == 0);
    INFO(expired.start_line());
    CHECK(expired.start_line().find("veldwijzer-collector: --tls-cert " + files.cert +
                                    " (/CN=veldwijzer.test) expired on ") == 0);
  }

  files.issue("veldwijzer.test", now - 60, now + 30 * kDay);
  CollectorProcess process(args({"--tls-cert", files.cert, "--tls-key", files.key}));
  REQUIRE(process.port() > 0);
  CHECK(process.start_line().find("listening on https://127.0.0.1:") != std::string::npos);
  files.issue("renewed.veldwijzer.test", now - 60, now + 90 * kDay);
  process.signal(SIGHUP);
  INFO(process.log());
  REQUIRE(process.wait_for_log("SIGHUP: certificate reloaded: /CN=renewed.veldwijzer.test"));
  {
    TlsConnection fresh;
    REQUIRE(fresh.connect(process.port()));
    CHECK(fresh.peer_name() == "renewed.veldwijzer.test");
  }
  write_bytes(files.cert, "half a file");
  process.signal(SIGHUP);
  REQUIRE(process.wait_for_log("SIGHUP: certificate not reloaded: --tls-cert " + files.cert +
                               ": no PEM certificate in it"));
  CHECK(process.running());
  TlsConnection still;
  REQUIRE(still.connect(process.port()));
  CHECK(still.peer_name() == "renewed.veldwijzer.test");

  CollectorProcess plain(args({"--db", tmp.file("plain.sqlite3")}));
  REQUIRE(plain.port() > 0);
  plain.signal(SIGHUP);
  REQUIRE(plain.wait_for_log("SIGHUP: certificate not reloaded: not serving HTTPS"));
  CHECK(plain.running());
  httplib::Client client("127.0.0.1", plain.port());
  CHECK(client.Get("/healthz")->status == 200);
}
