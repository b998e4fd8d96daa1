// web_transport.cpp — fetch() with a timeout, answers handed back to C++.
#include "web_transport.h"

#include <emscripten/emscripten.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace {

std::map<int, std::function<void(veldwijzer::HttpResponse)>> g_pending;
int g_next_id = 1;
void (*g_on_online)() = nullptr;
void (*g_on_timer)() = nullptr;

} // namespace

// Called from JavaScript when a fetch ended (status 0: no answer, body = the
// error). headers: "name: value\n" lines, names lower-case as fetch gives them.
extern "C" EMSCRIPTEN_KEEPALIVE void veldwijzer_fetch_done(int id, int status, const char *body, const char *headers) {
  const auto it = g_pending.find(id);
  if (it == g_pending.end()) {
    return;
  }
  auto done = std::move(it->second);
  g_pending.erase(it);
  veldwijzer::HttpResponse response;
  response.status = status;
  (status == 0 ? response.error : response.body) = body != nullptr ? body : "";
  for (std::string_view rest = headers != nullptr ? headers : ""; !rest.empty();) {
    const std::size_t end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (const std::size_t colon = line.find(": "); colon != std::string_view::npos) {
      response.headers[std::string(line.substr(0, colon))] = std::string(line.substr(colon + 2));
    }
  }
  done(std::move(response));
}

extern "C" EMSCRIPTEN_KEEPALIVE void veldwijzer_online() {
  if (g_on_online != nullptr) {
    g_on_online();
  }
}

extern "C" EMSCRIPTEN_KEEPALIVE void veldwijzer_wakeup() {
  if (g_on_timer != nullptr) {
    g_on_timer();
  }
}

// clang-format off
EM_JS(void, js_fetch, (int id, const char *method, const char *path, const char *headers_json, const char *body), {
  const init = { method: UTF8ToString(method), headers: JSON.parse(UTF8ToString(headers_json)),
                 cache: "no-store", credentials: "omit" };
  const text = UTF8ToString(body);
  if (init.method !== "GET") init.body = text;
  const controller = new AbortController();
  init.signal = controller.signal;
  // A report is small; 20 s without an answer means a dead connection.
  const timer = setTimeout(function () { controller.abort(); }, 20000);
  const finish = function (status, message, headers) {
    clearTimeout(timer);
    const ptr = allocateUTF8(message);
    const headers_ptr = allocateUTF8(headers);
    Module._veldwijzer_fetch_done(id, status, ptr, headers_ptr);
    _free(headers_ptr);
    _free(ptr);
  };
  // A browser that knows it is offline gets no request (which would only
  // fail, and log a failed request): the same answer as a failed fetch, as
  // asynchronously. The "online" event brings the next attempt.
  if (!navigator.onLine) {
    setTimeout(function () { finish(0, "offline", ""); }, 0);
    return;
  }
  fetch(UTF8ToString(path), init).then(function (response) {
    // Header values cannot hold a newline, so one line per header is safe.
    let headers = "";
    response.headers.forEach(function (value, name) { headers += name + ": " + value + "\n"; });
    return response.text().then(function (answer) { finish(response.status, answer, headers); });
  }).catch(function (err) {
    finish(0, err && err.name === "AbortError" ? "timeout" : String(err && err.message || err), "");
  });
});

EM_JS(void, js_listen_online, (), {
  window.addEventListener("online", function () { Module._veldwijzer_online(); });
});

EM_JS(void, js_set_timer, (double seconds), {
  const s = Module.veldwijzerWakeup || (Module.veldwijzerWakeup = { timer: 0 });
  if (s.timer) clearTimeout(s.timer);
  // setTimeout takes 32-bit milliseconds; longer waits re-arm on the next sync.
  s.timer = setTimeout(function () { s.timer = 0; Module._veldwijzer_wakeup(); },
                       Math.min(Math.max(seconds, 0) * 1000, 2147483000));
});

EM_JS(int, js_online, (), {
  return navigator.onLine ? 1 : 0;
});
// clang-format on

namespace veldwijzer::web {

void FetchTransport::send(const HttpRequest &request, std::function<void(HttpResponse)> done) {
  const int id = g_next_id++;
  g_pending.emplace(id, [this, done = std::move(done)](HttpResponse response) {
    done(std::move(response));
    if (after_response) {
      after_response();
    }
  });
  std::string headers = "{";
  for (const auto &[name, value] : request.headers) {
    // Header names and values are ours (ASCII tokens, hex); escape quotes anyway.
    const auto quoted = [](const std::string &text) {
      std::string out = "\"";
      for (char c : text) {
        if (c == '"' || c == '\\') {
          out += '\\';
        }
        out += c;
      }
      return out + "\"";
    };
    headers += (headers.size() > 1 ? "," : "") + quoted(name) + ":" + quoted(value);
  }
  headers += "}";
  js_fetch(id, request.method.c_str(), request.path.c_str(), headers.c_str(), request.body.c_str());
}

void listen_for_online(void (*on_online)()) {
  g_on_online = on_online;
  js_listen_online();
}

void set_wakeup_timer(double seconds, void (*on_timer)()) {
  g_on_timer = on_timer;
  js_set_timer(seconds);
}

bool browser_online() {
  return js_online() != 0;
}

} // namespace veldwijzer::web
