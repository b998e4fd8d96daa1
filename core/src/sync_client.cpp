// sync_client.cpp — enrolment and the send loop over an HttpTransport.
#include "veldwijzer/sync_client.h"

#include "veldwijzer/http_date.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace veldwijzer {
namespace {

using nlohmann::json;

// The collector's JSON error body ({"error", "message"}), or the raw status.
std::string server_reason(const HttpResponse &response) {
  const json doc = json::parse(response.body, nullptr, false);
  if (doc.is_object() && doc.contains("message") && doc["message"].is_string()) {
    return doc["message"].get<std::string>();
  }
  return "HTTP " + std::to_string(response.status);
}

// A string member of an object, or "" when it is absent or not a string: the
// answers come from the network, and json::value() throws on another type.
std::string string_member(const json &object, const char *key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

constexpr const char *kTokenKey = "sync.token";
constexpr const char *kEnrollmentKey = "sync.enrollment"; // token id, organisation, municipalities (JSON)
constexpr const char *kClockKey = "sync.clock";           // "<skew_s> <measured_at>"

} // namespace

bool ClockCheck::wrong() const {
  return skew_s > kClockSkewLimit || skew_s < -kClockSkewLimit;
}

std::optional<ClockCheck> SyncClient::clock_check() const {
  const auto stored = store_.setting(kClockKey);
  ClockCheck check;
  long long skew = 0, at = 0;
  if (!stored || std::sscanf(stored->c_str(), "%lld %lld", &skew, &at) != 2) {
    return std::nullopt;
  }
  check.skew_s = skew;
  check.measured_at = at;
  return check;
}

void SyncClient::note_server_date(const HttpResponse &response) {
  const auto date = response.headers.find("date");
  if (date == response.headers.end()) {
    return;
  }
  const auto server_now = parse_http_date(date->second);
  if (!server_now) {
    return;
  }
  const std::int64_t now = now_();
  // Date has whole seconds and the answer took a moment: round small
  // differences to none, so the stored value changes only when it matters.
  std::int64_t skew = now - *server_now;
  if (skew > -5 && skew < 5) {
    skew = 0;
  }
  const auto before = clock_check();
  if (before && before->skew_s == skew) {
    return;
  }
  (void)store_.set_setting(kClockKey, std::to_string(skew) + " " + std::to_string(now));
  if (on_change) {
    on_change();
  }
}

SyncClient::SyncClient(LocalStore &store, HttpTransport &transport, Clock now, Random random)
    : store_(store), transport_(transport), outbox_(store), now_(std::move(now)), random_(std::move(random)) {}

std::optional<Enrollment> SyncClient::enrollment() const {
  const auto token = store_.setting(kTokenKey);
  const auto facts = store_.setting(kEnrollmentKey);
  if (!token || token->empty() || !facts) {
    return std::nullopt;
  }
  const json doc = json::parse(*facts, nullptr, false);
  if (!doc.is_object()) {
    return std::nullopt;
  }
  Enrollment e;
  e.token = *token;
  e.token_id = string_member(doc, "token_id");
  e.organisation = string_member(doc, "organisation");
  if (doc.contains("municipalities") && doc["municipalities"].is_array()) {
    for (const json &m : doc["municipalities"]) {
      if (m.is_string()) {
        e.municipalities.push_back(m.get<std::string>());
      }
    }
  }
  return e;
}

void SyncClient::enroll(const std::string &code, std::function<void(const std::string &error)> done) {
  HttpRequest request{"POST", "/api/v1/enroll", {{"Content-Type", "application/json"}}, json{{"code", code}}.dump()};
  transport_.send(request, [this, alive = alive_, done = std::move(done)](HttpResponse response) {
    if (!*alive) {
      return;
    }
    note_server_date(response);
    if (response.status == 0) {
      done("geen verbinding: " + response.error);
      return;
    }
    if (response.status != 200) {
      done(server_reason(response));
      return;
    }
    const json doc = json::parse(response.body, nullptr, false);
    const std::string token = doc.is_object() ? string_member(doc, "token") : std::string();
    if (token.empty() || string_member(doc, "kind") != "submit") {
      done("the collector's answer holds no device token");
      return;
    }
    // The token goes into an Authorization header on every upload: a space,
    // NUL, CR/LF or non-ASCII byte would be cut off on storage or could split
    // the header. The collector's tokens are hex; anything else is refused.
    if (token.size() > 512 || std::any_of(token.begin(), token.end(), [](char c) { return c < 0x21 || c > 0x7E; })) {
      done("the collector's answer holds a token that cannot be sent in a header");
      return;
    }
    const json facts = {{"token_id", string_member(doc, "token_id")},
                        {"organisation", string_member(doc, "organisation")},
                        {"municipalities", doc.value("municipalities", json::array())}};
    if (!store_.set_setting(kTokenKey, token) || !store_.set_setting(kEnrollmentKey, facts.dump())) {
      done("cannot store the token on this device");
      return;
    }
    if (on_change) {
      on_change();
    }
    done("");
  });
}

void SyncClient::forget_enrollment() {
  (void)store_.set_setting(kTokenKey, "");
  if (on_change) {
    on_change();
  }
}

std::optional<std::int64_t> SyncClient::next_attempt_at() const {
  auto pending = outbox_.pending();
  if (!pending || pending.value().empty() || status_.state == SyncStatus::State::needs_enrollment) {
    return std::nullopt;
  }
  std::int64_t earliest = pending.value().front().next_attempt_at;
  for (const OutboxReport &r : pending.value()) {
    earliest = std::min(earliest, r.next_attempt_at);
  }
  return earliest;
}

void SyncClient::finish(SyncStatus::State state, std::string message) {
  status_.state = state;
  status_.message = std::move(message);
  status_.finished_at = now_();
  if (on_change) {
    on_change();
  }
}

void SyncClient::sync(bool force) {
  if (busy()) {
    return;
  }
  const std::int64_t now = now_();
  auto counted = outbox_.count_sealed_records(now, seal_policy);
  if (!counted) {
    finish(SyncStatus::State::failed, counted.error());
    return;
  }
  if (counted.value().records > 0 && on_change) {
    on_change();
  }
  status_ = SyncStatus{};
  auto pending = outbox_.pending();
  status_.to_send = pending ? static_cast<int>(pending.value().size()) : 0;
  if (!enrollment()) {
    finish(SyncStatus::State::needs_enrollment, "");
    return;
  }
  status_.state = SyncStatus::State::sending;
  send_next(force);
}

void SyncClient::send_next(bool force) {
  const std::int64_t now = now_();
  auto due = outbox_.next_due(now, force);
  if (!due) {
    finish(SyncStatus::State::failed, due.error());
    return;
  }
  if (!due.value()) {
    finish(SyncStatus::State::done, "");
    return;
  }
  const OutboxReport report = *due.value();
  const auto enrolled = enrollment();
  if (!enrolled) {
    finish(SyncStatus::State::needs_enrollment, "");
    return;
  }
  HttpRequest request{"POST",
                      "/api/v1/reports",
                      {{"Content-Type", "application/json"},
                       {"Authorization", "Bearer " + enrolled->token},
                       {"Idempotency-Key", report.report_id}},
                      report.body};
  transport_.send(request, [this, alive = alive_, force, report](HttpResponse response) {
    if (!*alive) {
      return;
    }
    note_server_date(response);
    const std::int64_t now = now_();
    const auto retry_later = [&](const std::string &why, SyncStatus::State state) {
      (void)outbox_.failed(report.report_id, why, now, random_(), retry_policy);
      finish(state, why);
    };
    if (response.status == 200) {
      auto ack = decode_ack(response.body);
      if (!ack || ack.value().report_id != report.report_id) {
        retry_later("unreadable answer from the collector", SyncStatus::State::failed);
        return;
      }
      if (auto done = outbox_.acknowledged(report.report_id, ack.value(), now); !done) {
        finish(SyncStatus::State::failed, done.error());
        return;
      }
      status_.sent += 1;
      if (on_change) {
        on_change();
      }
      send_next(force);
      return;
    }
    if (response.status == 0) {
      retry_later(response.error.empty() ? "no connection" : response.error, SyncStatus::State::offline);
    } else if (response.status == 401 || response.status == 403) {
      (void)outbox_.failed(report.report_id, server_reason(response), now, random_(), retry_policy);
      finish(SyncStatus::State::needs_enrollment, server_reason(response));
    } else if (response.status == 400 || response.status == 413 || response.status == 415 || response.status == 422) {
      // The collector will never accept this body; keeping it would block the queue.
      ReportAck rejected{report.report_id, AckStatus::rejected, server_reason(response), {}};
      (void)outbox_.acknowledged(report.report_id, rejected, now);
      status_.message = rejected.reason;
      send_next(force);
    } else {
      retry_later(server_reason(response), SyncStatus::State::failed);
    }
  });
}

} // namespace veldwijzer
