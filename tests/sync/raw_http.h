// raw_http.h — HTTP/1.1 by hand over a loopback socket, for requests that
// httplib's client would never send (51 headers, chunked or gzip bodies,
// two Content-Lengths) and for reading exactly one response.
//
//   RawResponse res = raw_exchange(port, "POST /x HTTP/1.1\r\nHost: t\r\n...\r\n\r\n" + body);
//   CHECK(res.status == 411);
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <map>
#include <string>

struct RawResponse {
  int status = 0;                                  // 0: no (complete) response
  std::multimap<std::string, std::string> headers; // names in lower case
  std::string body;
  std::string header(const std::string &lower_name) const {
    const auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

inline int connect_loopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
    if (fd >= 0) {
      ::close(fd);
    }
    return -1;
  }
  return fd;
}

// Sends everything it can; false when the peer closed or reset.
inline bool send_all(int fd, const std::string &bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// Reads one response (headers + Content-Length body) within timeout_ms.
inline RawResponse read_response(int fd, int timeout_ms = 3000) {
  RawResponse res;
  std::string data;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  std::size_t header_end = std::string::npos;
  std::size_t need = std::string::npos;
  while (true) {
    if (header_end == std::string::npos) {
      header_end = data.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        const std::string head = data.substr(0, header_end);
        res.status = std::atoi(head.substr(head.find(' ') + 1, 3).c_str());
        std::size_t pos = head.find("\r\n");
        while (pos != std::string::npos) {
          const std::size_t next = head.find("\r\n", pos + 2);
          const std::string line = head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
          const std::size_t colon = line.find(':');
          if (colon != std::string::npos) {
            std::string name = line.substr(0, colon);
            for (char &c : name) {
              c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            std::string value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            res.headers.emplace(name, value);
          }
          pos = next;
        }
        const std::string length = res.header("content-length");
        need = header_end + 4 + (length.empty() ? 0 : std::stoul(length));
      }
    }
    if (need != std::string::npos && data.size() >= need) {
      res.body = data.substr(header_end + 4, need - header_end - 4);
      return res;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
      break;
    }
    char buffer[65536];
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) {
      break;
    }
    data.append(buffer, static_cast<std::size_t>(n));
  }
  res.status = 0; // incomplete
  return res;
}

// One request, one response, on a fresh connection.
inline RawResponse raw_exchange(int port, const std::string &request, int timeout_ms = 3000) {
  const int fd = connect_loopback(port);
  if (fd < 0) {
    return {};
  }
  send_all(fd, request); // the server may answer (and stop reading) before all is sent
  RawResponse res = read_response(fd, timeout_ms);
  ::close(fd);
  return res;
}
