// enroll_answer_fuzzer.cpp — SyncClient::enroll() reading the collector's
// answer to POST /api/v1/enroll (any status, any body), on a real device
// database in memory.
//
// Invariants: the callback runs exactly once; success stores the token the
// answer named and the device is then enrolled; a failure leaves it not
// enrolled and says why in valid UTF-8 (it is shown on screen).
#include "fuzz_support.h"

#include "veldwijzer/sync_client.h"

#include <nlohmann/json.hpp>

using namespace veldwijzer;

namespace {

class CannedTransport final : public HttpTransport {
public:
  HttpResponse answer;
  int requests = 0;
  void send(const HttpRequest &request, std::function<void(HttpResponse)> done) override {
    ++requests;
    fuzz_check(request.path == "/api/v1/enroll");
    done(answer);
  }
};

LocalStore &device_store() {
  static LocalStore store = [] {
    auto opened = LocalStore::open(":memory:");
    fuzz_check(opened.ok());
    return std::move(opened).value();
  }();
  return store;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  static constexpr int kStatuses[] = {200, 200, 200, 200, 0, 400, 401, 403, 409, 410, 429, 500, 503, 302};
  LocalStore &store = device_store();
  fuzz_check(store.set_setting("sync.token", "").ok()); // not enrolled before each input
  CannedTransport transport;
  transport.answer.status = size > 0 ? kStatuses[data[0] % std::size(kStatuses)] : 200;
  transport.answer.body = std::string(fuzz::as_text(data, size).substr(size > 0 ? 1 : 0));
  transport.answer.error = transport.answer.status == 0 ? "offline" : "";

  SyncClient client(
      store, transport, [] { return std::int64_t{1767225600}; }, [] { return 0.5; });
  int calls = 0;
  std::string error;
  client.enroll("K7QM-XW3P-9DTF", [&](const std::string &e) {
    ++calls;
    error = e;
  });
  fuzz_check(calls == 1);
  fuzz_check(transport.requests == 1);
  const auto enrolled = client.enrollment();
  if (error.empty()) {
    fuzz_check(transport.answer.status == 200);
    fuzz_check(enrolled.has_value());
    const auto doc = nlohmann::json::parse(transport.answer.body, nullptr, false);
    fuzz_check(doc.is_object() && doc["token"].is_string());
    fuzz_check(enrolled->token == doc["token"].get<std::string>());
  } else {
    fuzz_check(fuzz::is_valid_utf8(error));
    fuzz_check(!enrolled.has_value());
  }
  return 0;
}
