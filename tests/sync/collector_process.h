// collector_process.h — a real veldwijzer-collector process for tests that
// start, signal and kill it as an operator or a crash would.
//
//   CollectorProcess process({"--db", db, "--web-root", web, "--assets", assets});
//   process.port();            // 0 when it did not start; its first line in start_line()
//   process.signal(SIGHUP);    // it goes on running
//   process.log();             // everything it printed so far
//   process.kill(SIGKILL);     // and waits for it
#pragma once

#include "directory_fixture_files.h"
#include "temp_folder.h"

#include <catch_amalgamated.hpp>

#include <arpa/inet.h>
#include <csignal>
#include <fcntl.h>
#include <mutex>
#include <netinet/in.h>
#include <spawn.h>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char **environ;

// A port that was free a moment ago (the collector's --port takes 1..65535).
inline int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
  socklen_t size = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &size);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// What a collector process serves, in a temporary folder: the fixture
// dataset (assets/) and a web root with an index.html (web/).
struct CollectorFiles {
  TempFolder tmp;
  CollectorFiles() {
    write_fixture_assets(tmp.path / "assets");
    std::filesystem::create_directories(tmp.path / "web");
    write_bytes(tmp.file("web/index.html"), "<!doctype html>");
  }
  // --web-root and --assets, then `more`.
  std::vector<std::string> args(std::vector<std::string> more = {}) const {
    std::vector<std::string> all = {"--web-root", tmp.file("web"), "--assets", tmp.file("assets")};
    all.insert(all.end(), more.begin(), more.end());
    return all;
  }
};

class CollectorProcess {
public:
  explicit CollectorProcess(std::vector<std::string> args) {
    port_ = free_port();
    args.insert(args.begin(), {VELDWIJZER_COLLECTOR_BINARY, "--port", std::to_string(port_)});
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) {
      port_ = 0;
      return;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDERR_FILENO);
    std::vector<char *> argv;
    for (std::string &a : args) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
      pid_ = 0;
    }
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    // Ready once it says "Veldwijzer collector listening on http(s)://127.0.0.1:PORT".
    char c = 0;
    while (pid_ > 0 && start_line_.find('\n') == std::string::npos && ::read(out[0], &c, 1) == 1) {
      start_line_.push_back(c);
    }
    if (start_line_.find("listening on") == std::string::npos) {
      port_ = 0;
    }
    // Keep reading its log, so a full pipe never blocks it.
    drain_ = std::thread([this, fd = out[0]] {
      char buffer[4096];
      ssize_t n = 0;
      while ((n = ::read(fd, buffer, sizeof buffer)) > 0) {
        const std::lock_guard lock(log_mutex_);
        log_.append(buffer, static_cast<std::size_t>(n));
      }
      ::close(fd);
    });
  }
  ~CollectorProcess() {
    if (pid_ > 0) {
      kill(SIGTERM);
    }
    drain_.join(); // the pipe ends with the process
  }
  CollectorProcess(const CollectorProcess &) = delete;
  CollectorProcess &operator=(const CollectorProcess &) = delete;

  // Sends the signal and waits for the process to end.
  void kill(int signal) {
    if (pid_ <= 0) {
      return;
    }
    ::kill(pid_, signal);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = 0;
  }
  // Sends the signal and leaves the process running.
  void signal(int signal) const { ::kill(pid_, signal); }
  bool running() const { return pid_ > 0 && ::waitpid(pid_, nullptr, WNOHANG) == 0; }
  int port() const { return port_; }
  const std::string &start_line() const { return start_line_; }
  std::string log() const {
    const std::lock_guard lock(log_mutex_);
    return log_;
  }
  // Waits up to `seconds` for `text` in the log.
  bool wait_for_log(const std::string &text, int seconds = 5) const {
    for (int i = 0; i < seconds * 100; ++i) {
      if (log().find(text) != std::string::npos) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

private:
  pid_t pid_ = 0;
  int port_ = 0;
  std::string start_line_;
  mutable std::mutex log_mutex_;
  std::string log_;
  std::thread drain_;
};
