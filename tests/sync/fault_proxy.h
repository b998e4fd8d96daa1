// fault_proxy.h — a loopback TCP proxy in front of the collector that loses,
// repeats and cuts HTTP exchanges on purpose, one request per connection.
//
//   FaultProxy proxy([&] { return collector_port; }, [&] { return ProxyFault::drop_response; });
//   httplib::Client client("127.0.0.1", proxy.port());
//
// The proxy reads the whole request (headers + Content-Length body), then
// per fault:
//   pass           forwards it and returns the collector's response
//   drop_request   closes the client's connection; the collector never sees it
//   drop_response  forwards it, waits for the full response (the collector has
//                  committed), then closes the client's connection without it
//   cut_response   forwards it and sends only the first half of the response
//   duplicate      forwards it twice (as a network retry would) and returns
//                  the second response
#pragma once

#include "raw_http.h"

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

enum class ProxyFault { pass, drop_request, drop_response, cut_response, duplicate };

class FaultProxy {
public:
  FaultProxy(std::function<int()> upstream_port, std::function<ProxyFault()> decide)
      : upstream_port_(std::move(upstream_port)), decide_(std::move(decide)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int yes = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(listener_, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
    ::listen(listener_, 64);
    socklen_t size = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr *>(&addr), &size);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~FaultProxy() {
    stopping_ = true;
    acceptor_.join();
    ::close(listener_);
    std::lock_guard lock(mutex_);
    for (std::thread &t : workers_) {
      t.join();
    }
  }
  FaultProxy(const FaultProxy &) = delete;
  FaultProxy &operator=(const FaultProxy &) = delete;

  int port() const { return port_; }

private:
  void accept_loop() {
    while (!stopping_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) {
        continue;
      }
      const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) {
        continue;
      }
      const ProxyFault fault = decide_();
      std::lock_guard lock(mutex_);
      workers_.emplace_back([this, client, fault] {
        serve(client, fault);
        ::close(client);
      });
    }
  }

  // Reads one request: headers, then Content-Length bytes of body.
  static std::string read_request(int fd) {
    std::string data;
    std::size_t need = std::string::npos;
    while (need == std::string::npos || data.size() < need) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 2000) <= 0) {
        return {};
      }
      char buffer[65536];
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) {
        return {};
      }
      data.append(buffer, static_cast<std::size_t>(n));
      const std::size_t end = data.find("\r\n\r\n");
      if (need == std::string::npos && end != std::string::npos) {
        std::string head = data.substr(0, end);
        for (char &c : head) {
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        const std::size_t at = head.find("\r\ncontent-length:");
        need = end + 4 + (at == std::string::npos ? 0 : std::stoul(head.substr(at + 17)));
      }
    }
    return data;
  }

  // One exchange with the collector on a fresh connection; the raw response bytes.
  std::string forward(const std::string &request) const {
    const int fd = connect_loopback(upstream_port_());
    if (fd < 0) {
      return {};
    }
    std::string response;
    if (send_all(fd, request)) {
      const RawResponse parsed = read_response(fd, 5000);
      if (parsed.status != 0) {
        response = "HTTP/1.1 " + std::to_string(parsed.status) + " X\r\n";
        for (const auto &[name, value] : parsed.headers) {
          if (name != "connection" && name != "keep-alive") {
            response += name + ": " + value + "\r\n";
          }
        }
        response += "connection: close\r\n\r\n" + parsed.body;
      }
    }
    ::close(fd);
    return response;
  }

  void serve(int client, ProxyFault fault) const {
    const std::string request = read_request(client);
    if (request.empty() || fault == ProxyFault::drop_request) {
      return;
    }
    std::string response = forward(request);
    if (fault == ProxyFault::duplicate) {
      response = forward(request);
    }
    if (response.empty() || fault == ProxyFault::drop_response) {
      return;
    }
    if (fault == ProxyFault::cut_response) {
      response.resize(response.size() / 2);
    }
    send_all(client, response);
  }

  std::function<int()> upstream_port_;
  std::function<ProxyFault()> decide_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<std::thread> workers_;
};
