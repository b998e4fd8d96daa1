// web_transport.h — core's HttpTransport over the browser's fetch().
//
// Requests go to the page's own origin (the collector serves the app), with
// a timeout (AbortController), and report status 0 with the browser's words
// when there is no answer (at once, without a request, while the browser
// says it is offline). Response headers reach HttpResponse::headers with the
// lower-case names fetch gives them (etag, for content updates). Also tells
// the platform when the browser goes online, so waiting reports are sent
// without a tap.
#pragma once

#include "veldwijzer/sync_client.h"

namespace veldwijzer::web {

class FetchTransport final : public HttpTransport {
public:
  void send(const HttpRequest &request, std::function<void(HttpResponse)> done) override;
  // Runs after each answer was handled (the page redraws then).
  std::function<void()> after_response;
};

// Calls on_online() on the window's "online" event.
void listen_for_online(void (*on_online)());
// Calls on_timer() once after `seconds` (replacing an earlier timer).
void set_wakeup_timer(double seconds, void (*on_timer)());
bool browser_online();

} // namespace veldwijzer::web
