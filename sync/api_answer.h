// api_answer.h — an API answer before it becomes an HTTP response.
//
// The intake and enrollment logic return ApiAnswer values, so they are tested
// without a socket; collector_server.cpp copies them into httplib's response.
// Errors always have the body {"error": "<code>", "message": "<for a person>"}.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace veldwijzer::collector {

struct ApiAnswer {
  int status = 200;
  std::string body; // JSON
  std::vector<std::pair<std::string, std::string>> headers;
};

inline std::string error_json(std::string_view code, std::string_view message) {
  const nlohmann::json body = {{"error", code}, {"message", message}};
  // Messages may quote client input that is not UTF-8: replace, never throw.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

inline ApiAnswer api_error(int status, std::string_view code, std::string_view message) {
  return ApiAnswer{status, error_json(code, message), {}};
}

} // namespace veldwijzer::collector
