// httplib_transport.h — core's HttpTransport over cpp-httplib, for native
// tests that run the real SyncClient against a real collector. Every request
// is also kept, so a test can inspect exactly what left the "device".
#pragma once

#include "veldwijzer/sync_client.h"

#include <httplib.h>

#include <cctype>
#include <string>
#include <vector>

class HttplibTransport final : public veldwijzer::HttpTransport {
public:
  HttplibTransport(std::string host, int port) : client_(host, port) {
    client_.set_connection_timeout(2, 0);
    client_.set_read_timeout(5, 0);
  }

  void send(const veldwijzer::HttpRequest &request, std::function<void(veldwijzer::HttpResponse)> done) override {
    sent.push_back(request);
    httplib::Headers headers;
    std::string content_type = "application/json";
    for (const auto &[name, value] : request.headers) {
      if (name == "Content-Type") {
        content_type = value;
      } else {
        headers.emplace(name, value);
      }
    }
    auto result = request.method == "GET" ? client_.Get(request.path, headers)
                                          : client_.Post(request.path, headers, request.body, content_type);
    veldwijzer::HttpResponse response;
    if (result) {
      response.status = result->status;
      response.body = result->body;
      for (const auto &[name, value] : result->headers) {
        std::string lower = name;
        for (char &c : lower) {
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        response.headers[lower] = value; // core reads lower-case names, as fetch gives them
      }
    } else {
      response.error = httplib::to_string(result.error());
    }
    done(std::move(response));
  }

  std::vector<veldwijzer::HttpRequest> sent;

private:
  httplib::Client client_;
};
