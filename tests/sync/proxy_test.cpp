// proxy_test.cpp — the load-balanced set-up of docs/DEPLOY.md, proven: Debian's
// nginx with the site file from deploy/nginx/ (ports and certificate paths
// swapped for throwaway ones) terminates TLS in front of two collector
// processes that share one PostgreSQL database (VELDWIJZER_TEST_POSTGRES, the
// throwaway cluster of postgres_cluster.sh). Devices post through the proxy
// while one collector is killed with SIGKILL and restarted; every
// acknowledged report is counted exactly once. The wrong-code limit follows
// the real client (nginx's X-Forwarded-For, believed because
// --trusted-proxies names nginx's address), so a tablet that guesses blocks
// only itself, and a forged X-Forwarded-For changes nothing.
#include "collector_process.h"
#include "running_collector.h"
#include "test_certificates.h"
#include "upload_fixture.h"

#include <catch_amalgamated.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <atomic>
#include <fstream>
#include <random>
#include <sstream>

using namespace veldwijzer;
using namespace veldwijzer::collector;

namespace {

std::string read_text(const std::filesystem::path &path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void replace_all(std::string &text, const std::string &from, const std::string &to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// nginx in the foreground with the repository's site, on loopback ports.
class Nginx {
public:
  Nginx(const TempFolder &tmp, const TlsFiles &tls, int collector_a, int collector_b) {
    https_port_ = free_port();
    const std::filesystem::path dir = tmp.path / "nginx";
    std::filesystem::create_directories(dir / "logs");
    std::filesystem::create_directories(dir / "temp");
    std::filesystem::permissions(dir / "temp", std::filesystem::perms::all); // nginx's workers run as nobody
    std::string site = read_text(std::filesystem::path(VELDWIJZER_SOURCE_DIR) / "deploy/nginx/veldwijzer.conf");
    REQUIRE(site.find("127.0.0.1:8081") != std::string::npos);
    replace_all(site, "127.0.0.1:8081", "127.0.0.1:" + std::to_string(collector_a));
    replace_all(site, "127.0.0.1:8082", "127.0.0.1:" + std::to_string(collector_b));
    replace_all(site, "listen 443 ssl", "listen 127.0.0.1:" + std::to_string(https_port_) + " ssl");
    replace_all(site, "listen 80;", "listen 127.0.0.1:" + std::to_string(free_port()) + ";");
    replace_all(site, "listen [::]:443 ssl http2;", "");
    replace_all(site, "listen [::]:80;", "");
    replace_all(site, "/etc/letsencrypt/live/veldwijzer.example.nl/fullchain.pem", tls.cert);
    replace_all(site, "/etc/letsencrypt/live/veldwijzer.example.nl/privkey.pem", tls.key);
    write_bytes((dir / "veldwijzer.conf").string(), site);
    const std::string d = dir.string();
    write_bytes((dir / "nginx.conf").string(), "pid " + d + "/nginx.pid;\nerror_log " + d +
                                                   "/logs/error.log;\nevents {}\nhttp {\n  access_log off;\n"
                                                   "  client_body_temp_path " +
                                                   d + "/temp/body;\n  proxy_temp_path " + d +
                                                   "/temp/proxy;\n  include " + d + "/veldwijzer.conf;\n}\n");
    std::vector<std::string> args = {"nginx", "-p",         d, "-e", d + "/logs/error.log", "-c", d + "/nginx.conf",
                                     "-g",    "daemon off;"};
    std::vector<char *> argv;
    for (std::string &a : args) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    REQUIRE(posix_spawnp(&pid_, "nginx", nullptr, nullptr, argv.data(), environ) == 0);
    for (int i = 0; i < 500 && !answers(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    INFO(read_text(dir / "logs/error.log"));
    REQUIRE(answers());
  }
  ~Nginx() {
    ::kill(pid_, SIGQUIT);
    ::waitpid(pid_, nullptr, 0);
  }
  int port() const { return https_port_; }

private:
  bool answers() const {
    httplib::SSLClient client("127.0.0.1", https_port_);
    client.enable_server_certificate_verification(false);
    client.set_connection_timeout(0, 200000);
    auto res = client.Get("/healthz");
    return res && (res->status == 200 || res->status == 502);
  }
  pid_t pid_ = 0;
  int https_port_ = 0;
};

std::unique_ptr<httplib::SSLClient> device_client(int port, const TlsFiles &tls) {
  auto client = std::make_unique<httplib::SSLClient>("127.0.0.1", port);
  client->set_ca_cert_path(tls.ca_file.c_str());
  client->enable_server_certificate_verification(true);
  client->set_connection_timeout(1, 0);
  client->set_read_timeout(5, 0);
  return client;
}

// One POST /api/v1/enroll over TLS from a chosen loopback address (a tablet
// elsewhere on the network, as nginx sees it); the answer's status.
int enroll_from(const std::string &source, int port, const std::string &code, const std::string &forwarded_for = {}) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &local.sin_addr);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr *>(&local), sizeof local) == 0);
  sockaddr_in remote{};
  remote.sin_family = AF_INET;
  remote.sin_port = htons(static_cast<std::uint16_t>(port));
  remote.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr *>(&remote), sizeof remote) == 0);
  SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
  SSL *ssl = SSL_new(ctx);
  SSL_set_fd(ssl, fd);
  REQUIRE(SSL_connect(ssl) == 1);
  const std::string body = nlohmann::json{{"code", code}}.dump();
  std::string request = "POST /api/v1/enroll HTTP/1.1\r\nHost: veldwijzer.example.nl\r\nConnection: close\r\n"
                        "Content-Type: application/json\r\nContent-Length: " +
                        std::to_string(body.size()) + "\r\n";
  if (!forwarded_for.empty()) {
    request += "X-Forwarded-For: " + forwarded_for + "\r\n";
  }
  request += "\r\n" + body;
  SSL_write(ssl, request.data(), static_cast<int>(request.size()));
  char buffer[256] = {};
  const int n = SSL_read(ssl, buffer, sizeof buffer - 1);
  SSL_free(ssl);
  SSL_CTX_free(ctx);
  ::close(fd);
  ERR_clear_error();
  const std::string head(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
  return head.rfind("HTTP/1.1 ", 0) == 0 ? std::stoi(head.substr(9, 3)) : 0;
}

std::int64_t api_total(httplib::SSLClient &client, const std::string &read_token) {
  auto res = client.Get("/api/v1/aggregates?period=year&geo=twente&domain=all&level=assessed&from=2026-01&to=2026-12",
                        {{"Authorization", "Bearer " + read_token}});
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 200);
  const auto doc = nlohmann::json::parse(res->body);
  std::int64_t sum = 0;
  for (const auto &row : doc["rows"]) {
    sum += row["counts"]["assessed"].get<std::int64_t>();
  }
  return sum;
}

} // namespace

TEST_CASE("nginx in front of two collectors on one PostgreSQL database: a collector killed and restarted "
          "loses and doubles no acknowledged report; the wrong-code limit follows the real client") {
  if (std::getenv("VELDWIJZER_TEST_POSTGRES") == nullptr) {
    FAIL("needs the throwaway PostgreSQL cluster: run through ctest (collector_proxy_tests_postgres)");
  }
  const CollectorFiles files;
  const TempFolder &tmp = files.tmp;
  const TlsFiles tls(std::time(nullptr));
  const std::string db = test_database(tmp.file("unused.sqlite3")); // a fresh PostgreSQL schema
  std::string submit_token;
  std::string read_token;
  {
    auto store = open_collector_store(db);
    REQUIRE(store.ok());
    submit_token = enroll_directly(*store.value(), {"GM0153", "GM0164"});
    read_token = enroll_directly(*store.value(), {}, TokenKind::read);
  }
  const int port_a = free_port();
  const int port_b = free_port();
  const auto collector_args = [&](int port) {
    return files.args(
        {"--port", std::to_string(port), "--db", db, "--threads", "4", "--trusted-proxies", "127.0.0.1/32"});
  };
  auto a = std::make_unique<CollectorProcess>(collector_args(port_a));
  auto b = std::make_unique<CollectorProcess>(collector_args(port_b));
  REQUIRE(a->port() > 0);
  REQUIRE(b->port() > 0);
  Nginx nginx(tmp, tls, port_a, port_b);

  SECTION("every acknowledged report counted once") {
    const std::uint64_t seed = std::random_device{}();
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    constexpr int kDevices = 8;
    std::atomic<bool> stop_sending{false};
    std::atomic<bool> gave_up{false};
    std::atomic<int> wrong_acks{0};
    std::vector<std::int64_t> acknowledged(kDevices, 0);
    std::vector<std::thread> devices;
    for (int d = 0; d < kDevices; ++d) {
      devices.emplace_back([&, d, device_seed = rng()] {
        std::mt19937_64 device_rng(device_seed);
        auto client = device_client(nginx.port(), tls);
        while (!stop_sending) {
          const Report report = one_cell_report(device_rng);
          const std::string body = encode_report(report);
          const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
          while (true) {
            if (std::chrono::steady_clock::now() > deadline) {
              gave_up = true;
              return;
            }
            auto res = client->Post(
                "/api/v1/reports", {{"Authorization", "Bearer " + submit_token}, {"Idempotency-Key", report.report_id}},
                body, "application/json");
            if (res && res->status == 200) {
              const auto ack = decode_ack(res->body);
              if (!ack || ack.value().status == AckStatus::rejected) {
                wrong_acks.fetch_add(1);
              }
              acknowledged[static_cast<std::size_t>(d)] += 5;
              break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
          }
        }
      });
    }
    int kills = 0;
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(6);
    while (std::chrono::steady_clock::now() < end && !gave_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(150 + rng() % 500));
      a->kill(SIGKILL);
      ++kills;
      a = std::make_unique<CollectorProcess>(collector_args(port_a));
    }
    stop_sending = true;
    for (std::thread &d : devices) {
      d.join();
    }
    REQUIRE_FALSE(gave_up.load());
    CHECK(wrong_acks.load() == 0);
    std::int64_t sent = 0;
    for (const std::int64_t n : acknowledged) {
      sent += n;
    }
    CHECK(sent > 0);
    auto reader = device_client(nginx.port(), tls);
    CHECK(api_total(*reader, read_token) == sent);
    WARN("through nginx: " << kDevices << " devices, " << kills << " SIGKILLs of one of two collectors, " << sent / 5
                           << " acknowledged reports, each counted once");
  }

  SECTION("a tablet that guesses codes blocks itself, not the region; a forged X-Forwarded-For changes nothing") {
    // nginx spreads the requests over both collectors, and each keeps its own
    // count (10 wrong codes a minute per client): the guessing tablet is
    // blocked after 10 to 20 wrong codes, then by both.
    int wrong = 0;
    while (wrong < 30 && enroll_from("127.0.0.2", nginx.port(), "AAAA-BBBB-CCCC") == 400) {
      ++wrong;
    }
    CHECK(wrong >= 10);
    CHECK(wrong <= 20);
    CHECK(enroll_from("127.0.0.2", nginx.port(), "AAAA-BBBB-CCCC") == 429);
    CHECK(enroll_from("127.0.0.2", nginx.port(), "AAAA-BBBB-CCCC") == 429);
    CHECK(enroll_from("127.0.0.2", nginx.port(), "AAAA-BBBB-CCCC", "198.51.100.99") == 429);
    CHECK(enroll_from("127.0.0.2", nginx.port(), "AAAA-BBBB-CCCC", "198.51.100.98") == 429);
    // Another tablet, behind the same proxy, is not blocked.
    CHECK(enroll_from("127.0.0.3", nginx.port(), "AAAA-BBBB-CCCC") == 400);
    CHECK(enroll_from("127.0.0.3", nginx.port(), "AAAA-BBBB-CCCC") == 400);
  }
}
