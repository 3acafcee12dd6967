#pragma once
// `amtdiag listen`: a real TCP server on the hello port (spec §1.1: the device connects to the
// SCA on 9971, sends one hello and closes). One thread, one epoll loop; every connection is
// bounded in time (--timeout), bytes (--max-bytes) and number (--max-connections: beyond it
// new connections are closed at once), so idle or hostile peers cost a fixed, small amount.
// Each connection that sent bytes (or every one, with record_empty) becomes a Connection the
// caller prints and records; the loop never decodes or judges the bytes itself.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace amtdiag::collect {

struct ListenOptions {
    std::string bind = "0.0.0.0";
    unsigned port = 9971;
    size_t max_connections = 256;
    int timeout_ms = 10'000;    // per connection, from accept
    size_t max_bytes = 65'536;  // per connection; a hello is at most ~17 KiB
    size_t count = 0;           // stop after this many reported connections (0: no limit)
    int seconds = 0;            // stop after this long (0: no limit)
    bool record_empty = false;  // report connections that sent nothing
    int stop_fd = -1;           // readable = stop (StopSignals::fd())
};

struct Connection {
    int64_t accepted_ms = 0;  // system clock
    std::string peer, local;  // "10.0.0.5:51234"
    std::string bytes;
    std::string end;  // "closed" (peer closed), "timeout", "byte-cap", "reset", "stopped"
    bool truncated = false;
    int64_t duration_ms = 0;
};

struct ListenStats {
    size_t accepted = 0, reported = 0, refused = 0, empty = 0, timeouts = 0;
    unsigned port = 0;  // the bound port (useful with port 0)
};

class Listener {
  public:
    explicit Listener(ListenOptions options);
    ~Listener();
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;

    // Binds and listens; false with `error` (address in use, no rights for a port < 1024).
    bool open(std::string& error);
    unsigned port() const;
    // Runs until count / seconds / stop_fd; `on_connection` for each finished connection.
    ListenStats run(const std::function<void(const Connection&)>& on_connection);

  private:
    struct State;
    ListenOptions options_;
    std::unique_ptr<State> state_;  // pimpl: epoll and socket types stay out of the header
};

}  // namespace amtdiag::collect
