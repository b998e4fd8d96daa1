// collector_bench.cpp — how fast the collector counts reports.
//
// Reports are a month of one organisation: one period, two neighbouring
// municipalities, 100 distinct cells (age band x domain x level).
//
// raw_sqlite_items_per_s: cells counted per second by the store alone
//   (CollectorStore::record_report: the id check, the upserts and the stored
//   answer in one transaction per report, synchronous = FULL), one thread,
//   one report after the other — so one commit (fsync) per report.
// collector_items_per_s: the same through HTTP — 16 keep-alive connections,
//   each posting reports of 100 cells with distinct report ids, to an
//   in-process collector with 16 worker threads; client and server share the
//   machine; concurrent reports share commits (group commit in the store).
//   collector_vs_raw_percent relates the two.
// collector_tls_items_per_s: the same over HTTPS (TLS 1.3, P-256), and
//   collector_tls_vs_plain_percent its share of the plain figure (issue 19:
//   target >= 80); tls_handshake_ms_p50: connect + handshake of a new connection.
// collector_p99_ms_16conn: the 99th percentile of one report's round trip.
// raw_cpu_ms_per_report, collector_cpu_ms_per_report: CPU time (all threads,
//   user + system; for HTTP the clients' share included) per report: what the
//   figures above cost, independent of other load on the machine.
//
// collector_pg_items_per_s (and _p99_ms_16conn, _store_p50_ms,
//   _cpu_ms_per_report): the HTTP figure on the PostgreSQL store, when
//   VELDWIJZER_BENCH_POSTGRES=<postgresql:// URL> is set. Its CPU figure is
//   the collector process only: the PostgreSQL server's share is not in it.
//
// Both write a real file on disk (WORK_DIR), not tmpfs.
// Usage: collector_bench ASSETS_DIR WORK_DIR. Prints name=value lines.
#include "collector_server.h"
#include "collector_store.h"
#include "credentials.h"
#include "directory_files.h"
#include "enrollment.h"
#include "postgres_collector_store.h"

#include "veldwijzer/age_band.h"
#include "veldwijzer/upload_format.h"

#include <httplib.h>
#include <libpq-fe.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <sys/resource.h>
#include <thread>
#include <tuple>
#include <vector>

using namespace veldwijzer;
using namespace veldwijzer::collector;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kCellsPerReport = 100;
constexpr int kConnections = 16;
constexpr std::size_t kRawReports = 3000;
constexpr std::size_t kHttpReports = 3000;

template <class T> T must(Result<T> result, const char *what) {
  if (!result) {
    std::fprintf(stderr, "collector_bench: %s: %s\n", what, result.error().c_str());
    std::exit(1);
  }
  return std::move(result).value();
}

const std::vector<std::string> kMunicipalities = {"GM0141", "GM0147", "GM0148", "GM0153", "GM0158", "GM0160", "GM0163",
                                                  "GM0164", "GM0168", "GM0173", "GM0175", "GM0183", "GM0189", "GM1774"};

// A report like a busy organisation's month: one month, two of its
// municipalities, 100 distinct cells over age band x domain x level.
Report make_report(std::mt19937_64 &rng) {
  static const char *hex = "0123456789abcdef";
  static const std::vector<SignalLevel> levels = {SignalLevel::none, SignalLevel::attention, SignalLevel::concern,
                                                  SignalLevel::acute};
  Report report;
  report.report_id.resize(32);
  for (char &c : report.report_id) {
    c = hex[rng() % 16];
  }
  // Months of last year: sealed by any clock the bench runs under (the
  // collector refuses a month that is still open or in the future).
  static const int year = [] {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    return tm.tm_year + 1900 - 1;
  }();
  const int month = 1 + static_cast<int>(rng() % 12);
  const std::string period = std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month);
  const std::size_t first = rng() % (kMunicipalities.size() - 1);
  std::set<std::tuple<std::size_t, std::size_t, std::size_t, std::size_t>> keys;
  while (keys.size() < kCellsPerReport) {
    keys.insert({first + rng() % 2, rng() % all_age_bands().size(), 1 + rng() % 9, rng() % levels.size()});
  }
  for (const auto &[municipality, band, domain, level] : keys) {
    AggregateCell cell;
    cell.period = period;
    cell.municipality = kMunicipalities[municipality];
    cell.age_band = all_age_bands()[band];
    cell.checklist = "jgz-vroegsignalering";
    cell.checklist_version = 1;
    cell.domain = "J" + std::to_string(domain);
    cell.level = levels[level];
    cell.route = cell.level == SignalLevel::none ? "" : "route-huiselijk-geweld-kindermishandeling";
    cell.count = static_cast<std::int64_t>(1 + rng() % 20);
    report.cells.push_back(std::move(cell));
  }
  return report;
}

std::string enroll(CollectorStore &store) {
  const std::int64_t now = std::time(nullptr);
  auto issued = must(issue_enrollment_code(store, {TokenKind::submit, "bench", kMunicipalities}, now, "http://x"),
                     "enrollment code");
  const std::string token = new_token();
  auto redeemed = store.redeem_enrollment_code(sha256_hex(*canonical_enrollment_code(issued.code)), sha256_hex(token),
                                               new_token_id(), now);
  if (!redeemed) {
    std::fprintf(stderr, "collector_bench: enroll: %s\n", redeemed.error().message.c_str());
    std::exit(1);
  }
  return token;
}

void fresh(const std::filesystem::path &db) {
  for (const char *suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(db.string() + suffix);
  }
}

// The store with a stopwatch on record_report: how much of a round trip is
// spent waiting for and inside the transaction (group commit included).
class TimedStore final : public CollectorStore {
public:
  explicit TimedStore(std::unique_ptr<CollectorStore> inner) : inner_(std::move(inner)) {}
  StoreHealth health() override { return inner_->health(); }
  Result<std::optional<Caller>> authenticate(std::string_view token) override { return inner_->authenticate(token); }
  Result<std::vector<AggregateCell>> counts(const CountFilter &filter) override { return inner_->counts(filter); }
  Result<RecordedReport> record_report(const ReportToCount &report) override {
    const auto start = Clock::now();
    auto result = inner_->record_report(report);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    std::lock_guard lock(mutex_);
    ms_.push_back(ms);
    return result;
  }
  std::vector<double> times() {
    std::lock_guard lock(mutex_);
    return ms_;
  }

private:
  std::unique_ptr<CollectorStore> inner_;
  std::mutex mutex_;
  std::vector<double> ms_;
};

// CPU seconds this process has used (every thread, user + system).
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// An empty schema `name` in the database at `url` (dropped first if it
// exists), and the URL whose connections use it.
std::string fresh_postgres_schema(const std::string &url, const std::string &name) {
  PGconn *conn = PQconnectdb(url.c_str());
  PQsetNoticeProcessor(
      conn, [](void *, const char *) {}, nullptr);
  // `name` is our own constant: an identifier cannot be a bound parameter.
  PGresult *result = PQexec(conn, ("DROP SCHEMA IF EXISTS " + name + " CASCADE; CREATE SCHEMA " + name).c_str());
  if (PQresultStatus(result) != PGRES_COMMAND_OK) {
    std::fprintf(stderr, "collector_bench: VELDWIJZER_BENCH_POSTGRES: %s", PQerrorMessage(conn));
    std::exit(1);
  }
  PQclear(result);
  PQfinish(conn);
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + name;
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

// The median time from TCP connect to a finished TLS handshake with the
// collector (P-256 certificate; TLS 1.3 as a current browser negotiates it),
// over 200 new connections, one after another.
double tls_handshake_ms_p50(const char *assets, const std::filesystem::path &work) {
  auto directory = must(load_directory_files(assets), "directory");
  CollectorOptions options;
  options.port = 0;
  options.db_path = (work / "handshake.sqlite3").string();
  options.web_root = (work / "web").string();
  options.tls_cert = (work / "cert.pem").string();
  options.tls_key = (work / "key.pem").string();
  CollectorServer server(options, must(open_collector_store(options.db_path), "handshake store"),
                         std::make_shared<const LoadedDirectory>(std::move(directory)), [](const std::string &) {});
  (void)must(server.bind(), "bind");
  std::thread serving([&] { server.run(); });
  SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
  std::vector<double> ms;
  for (int i = 0; i < 200; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(server.port()));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const auto start = Clock::now();
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
      std::fprintf(stderr, "collector_bench: connect failed\n");
      std::exit(1);
    }
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    if (SSL_connect(ssl) != 1) {
      std::fprintf(stderr, "collector_bench: TLS handshake failed\n");
      std::exit(1);
    }
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    SSL_shutdown(ssl);
    SSL_free(ssl);
    ::close(fd);
  }
  SSL_CTX_free(ctx);
  server.stop();
  serving.join();
  return percentile(ms, 0.5);
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: collector_bench ASSETS_DIR WORK_DIR\n");
    return 2;
  }
  const std::filesystem::path work = argv[2];
  std::filesystem::create_directories(work / "web");
  std::ofstream(work / "web" / "index.html") << "<!doctype html>";
  std::mt19937_64 rng(20261126);

  // The store alone.
  double raw_items_per_s = 0;
  double raw_cpu_ms = 0; // CPU per report
  {
    fresh(work / "raw.sqlite3");
    auto store = must(open_sqlite_collector_store((work / "raw.sqlite3").string()), "raw store");
    const std::string token = enroll(*store);
    const std::string token_id = store->tokens().value().front().token_id;
    std::vector<ReportToCount> reports;
    for (std::size_t i = 0; i < kRawReports; ++i) {
      Report report = make_report(rng);
      ReportAck ack{report.report_id, AckStatus::accepted, "", std::vector<CellAck>(report.cells.size())};
      ReportToCount r;
      r.report_id = report.report_id;
      r.token_id = token_id;
      r.body_sha256 = sha256_hex(encode_report(report));
      r.cells = std::move(report.cells);
      r.response_body = encode_ack(ack);
      r.received_at = std::time(nullptr);
      reports.push_back(std::move(r));
    }
    const auto start = Clock::now();
    const double cpu_start = cpu_seconds();
    for (const ReportToCount &r : reports) {
      (void)must(store->record_report(r), "record_report");
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    raw_items_per_s = static_cast<double>(kRawReports * kCellsPerReport) / seconds;
    raw_cpu_ms = (cpu_seconds() - cpu_start) * 1000.0 / static_cast<double>(kRawReports);
  }

  // Through HTTP, on the store --db names.
  struct HttpFigures {
    double items_per_s = 0;
    double p99_ms = 0;
    double p50_ms = 0;
    double store_p50_ms = 0; // record_report: waiting for the group commit and in it
    double store_p99_ms = 0;
    double cpu_ms = 0; // CPU per report, server and clients together
  };
  // `tls`: the collector serves HTTPS with a throwaway certificate (openssl),
  // and each of the 16 clients keeps one TLS connection.
  const auto through_http = [&](const std::string &db, bool tls = false) {
    HttpFigures f;
    auto directory = must(load_directory_files(argv[1]), "directory");
    CollectorOptions options;
    options.port = 0;
    options.db_path = db;
    options.web_root = (work / "web").string();
    options.threads = kConnections; // httplib keeps one worker per keep-alive connection
    if (tls) {
      options.tls_cert = (work / "cert.pem").string();
      options.tls_key = (work / "key.pem").string();
    }
    auto store = must(open_collector_store(options.db_path), "http store");
    const std::string token = enroll(*store);
    auto timed = std::make_unique<TimedStore>(std::move(store));
    TimedStore &stopwatch = *timed;
    CollectorServer server(options, std::move(timed), std::make_shared<const LoadedDirectory>(std::move(directory)),
                           [](const std::string &) {});
    (void)must(server.bind(), "bind");
    std::thread serving([&] { server.run(); });

    std::vector<std::pair<std::string, std::string>> bodies; // report id, body
    for (std::size_t i = 0; i < kHttpReports; ++i) {
      const Report report = make_report(rng);
      bodies.emplace_back(report.report_id, encode_report(report));
    }
    std::vector<std::vector<double>> latencies(kConnections);
    std::atomic<std::size_t> next{0};
    const double cpu_start = cpu_seconds();
    std::atomic<int> failures{0};
    const auto start = Clock::now();
    std::vector<std::thread> clients;
    for (int c = 0; c < kConnections; ++c) {
      clients.emplace_back([&, c] {
        httplib::Client client((tls ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(server.port()));
        client.enable_server_certificate_verification(false); // a throwaway certificate
        client.set_keep_alive(true);
        client.set_tcp_nodelay(true); // as browsers do; else Nagle + delayed ACK add ~40 ms
        client.set_read_timeout(30, 0);
        const httplib::Headers auth = {{"Authorization", "Bearer " + token}};
        for (std::size_t i = next++; i < kHttpReports; i = next++) {
          httplib::Headers headers = auth;
          headers.emplace("Idempotency-Key", bodies[i].first);
          const auto sent = Clock::now();
          auto res = client.Post("/api/v1/reports", headers, bodies[i].second, "application/json");
          latencies[static_cast<std::size_t>(c)].push_back(
              std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
          if (!res || res->status != 200) {
            if (failures++ == 0) {
              std::fprintf(stderr, "collector_bench: a report was answered %s\n",
                           res ? (std::to_string(res->status) + " " + res->body).c_str()
                               : httplib::to_string(res.error()).c_str());
            }
          }
        }
      });
    }
    for (std::thread &t : clients) {
      t.join();
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    f.cpu_ms = (cpu_seconds() - cpu_start) * 1000.0 / static_cast<double>(kHttpReports);
    server.stop();
    serving.join();
    if (failures > 0) {
      std::fprintf(stderr, "collector_bench: %d reports were not accepted\n", failures.load());
      std::exit(1);
    }
    std::vector<double> all;
    for (const auto &l : latencies) {
      all.insert(all.end(), l.begin(), l.end());
    }
    f.items_per_s = static_cast<double>(kHttpReports * kCellsPerReport) / seconds;
    f.p99_ms = percentile(all, 0.99);
    f.p50_ms = percentile(all, 0.5);
    f.store_p50_ms = percentile(stopwatch.times(), 0.5);
    f.store_p99_ms = percentile(stopwatch.times(), 0.99);
    return f;
  };
  fresh(work / "http.sqlite3");
  const HttpFigures sqlite = through_http((work / "http.sqlite3").string());
  const double http_items_per_s = sqlite.items_per_s;
  const double p99_ms = sqlite.p99_ms;
  const double p50_ms = sqlite.p50_ms;
  const double store_p50_ms = sqlite.store_p50_ms;
  const double store_p99_ms = sqlite.store_p99_ms;
  const double http_cpu_ms = sqlite.cpu_ms;

  // HTTPS (issue 19): the same load over TLS, and what a new connection's handshake costs.
  const std::string make_cert = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 "
                                "-subj /CN=bench -keyout '" +
                                (work / "key.pem").string() + "' -out '" + (work / "cert.pem").string() +
                                "' 2>/dev/null";
  if (std::system(make_cert.c_str()) != 0) {
    std::fprintf(stderr, "collector_bench: openssl could not make a certificate\n");
    return 1;
  }
  fresh(work / "https.sqlite3");
  const HttpFigures https = through_http((work / "https.sqlite3").string(), true);
  const double handshake_ms = tls_handshake_ms_p50(argv[1], work);

  std::printf("raw_sqlite_items_per_s=%.0f\n", raw_items_per_s);
  std::printf("collector_items_per_s=%.0f\n", http_items_per_s);
  std::printf("collector_vs_raw_percent=%.0f\n", 100.0 * http_items_per_s / raw_items_per_s);
  std::printf("collector_p99_ms_16conn=%.1f\n", p99_ms);
  std::printf("collector_p50_ms_16conn=%.1f\n", p50_ms);
  std::printf("collector_store_p50_ms=%.1f\n", store_p50_ms);
  std::printf("collector_store_p99_ms=%.1f\n", store_p99_ms);
  // What a report costs in CPU, whatever else the machine is doing.
  std::printf("raw_cpu_ms_per_report=%.2f\n", raw_cpu_ms);
  std::printf("collector_cpu_ms_per_report=%.2f\n", http_cpu_ms);
  std::printf("collector_tls_items_per_s=%.0f\n", https.items_per_s);
  std::printf("collector_tls_vs_plain_percent=%.0f\n", 100.0 * https.items_per_s / http_items_per_s);
  std::printf("collector_tls_p99_ms_16conn=%.1f\n", https.p99_ms);
  std::printf("tls_handshake_ms_p50=%.2f\n", handshake_ms);

  // The same through HTTP on PostgreSQL (issue 9): a fresh schema "bench" in
  // the database VELDWIJZER_BENCH_POSTGRES names (script/bench starts a
  // throwaway cluster with fsync on for it).
  if (const char *pg = std::getenv("VELDWIJZER_BENCH_POSTGRES"); pg != nullptr && *pg != '\0') {
    const std::string url = fresh_postgres_schema(pg, "collector_bench");
    const HttpFigures postgres = through_http(url);
    std::printf("collector_pg_items_per_s=%.0f\n", postgres.items_per_s);
    std::printf("collector_pg_p99_ms_16conn=%.1f\n", postgres.p99_ms);
    std::printf("collector_pg_store_p50_ms=%.1f\n", postgres.store_p50_ms);
    std::printf("collector_pg_cpu_ms_per_report=%.2f\n", postgres.cpu_ms);
  }
  return 0;
}
