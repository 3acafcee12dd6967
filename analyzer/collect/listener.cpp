#include "analyzer/collect/listener.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <list>
#include <unordered_map>

#include "analyzer/collect/record_io.h"
#include "analyzer/collect/unique_fd.h"

namespace amtdiag::collect {

namespace {

using Clock = std::chrono::steady_clock;

std::string address_of(const sockaddr_storage& ss) {
    char text[INET6_ADDRSTRLEN] = {};
    if (ss.ss_family == AF_INET) {
        const auto* a = reinterpret_cast<const sockaddr_in*>(&ss);
        inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
        return endpoint(text, ntohs(a->sin_port));
    }
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&ss);
    inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
    std::string s = text;
    // An IPv4 peer on a dual-stack socket: print it as IPv4.
    if (s.starts_with("::ffff:") && s.find('.') != std::string::npos) s = s.substr(7);
    return endpoint(s, ntohs(a->sin6_port));
}

struct Open {
    UniqueFd fd;
    Connection c;
    Clock::time_point deadline;
};

}  // namespace

struct Listener::State {
    UniqueFd listen_fd;
    UniqueFd epoll_fd;
    // In accept order, so the front always has the earliest deadline (one timeout for all).
    std::list<Open> open;
    std::unordered_map<int, std::list<Open>::iterator> by_fd;
    unsigned port = 0;
};

Listener::Listener(ListenOptions options)
    : options_(std::move(options)), state_(std::make_unique<State>()) {}

Listener::~Listener() = default;

unsigned Listener::port() const {
    return state_->port;
}

bool Listener::open(std::string& error) {
    // Each connection is a descriptor: make room for the limit the user asked for.
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < options_.max_connections + 64) {
        lim.rlim_cur = std::min<rlim_t>(lim.rlim_max, options_.max_connections + 64);
        setrlimit(RLIMIT_NOFILE, &lim);
    }
    sockaddr_storage ss{};
    socklen_t len = 0;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
    int family = AF_INET;
    if (inet_pton(AF_INET, options_.bind.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(static_cast<uint16_t>(options_.port));
        len = sizeof *v4;
    } else if (inet_pton(AF_INET6, options_.bind.c_str(), &v6->sin6_addr) == 1) {
        family = AF_INET6;
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(static_cast<uint16_t>(options_.port));
        len = sizeof *v6;
    } else {
        error = "--bind wants an IPv4 or IPv6 address, not '" + options_.bind + "'";
        return false;
    }
    state_->listen_fd.reset(socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!state_->listen_fd) {
        error = std::string("cannot open a socket: ") + std::strerror(errno);
        return false;
    }
    const int on = 1;
    setsockopt(state_->listen_fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (bind(state_->listen_fd.get(), reinterpret_cast<sockaddr*>(&ss), len) != 0) {
        error = "cannot listen on " + endpoint(options_.bind, options_.port) + ": " +
                std::strerror(errno) +
                (errno == EACCES ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE)" : "");
        return false;
    }
    if (listen(state_->listen_fd.get(), 512) != 0) {
        error = std::string("cannot listen: ") + std::strerror(errno);
        return false;
    }
    sockaddr_storage bound{};
    socklen_t bound_len = sizeof bound;
    getsockname(state_->listen_fd.get(), reinterpret_cast<sockaddr*>(&bound), &bound_len);
    state_->port =
        ntohs(bound.ss_family == AF_INET ? reinterpret_cast<sockaddr_in*>(&bound)->sin_port
                                         : reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
    state_->epoll_fd.reset(epoll_create1(EPOLL_CLOEXEC));
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = state_->listen_fd.get();
    epoll_ctl(state_->epoll_fd.get(), EPOLL_CTL_ADD, state_->listen_fd.get(), &ev);
    if (options_.stop_fd >= 0) {
        ev.data.fd = options_.stop_fd;
        epoll_ctl(state_->epoll_fd.get(), EPOLL_CTL_ADD, options_.stop_fd, &ev);
    }
    return true;
}

ListenStats Listener::run(const std::function<void(const Connection&)>& on_connection) {
    ListenStats stats;
    stats.port = state_->port;
    State& s = *state_;
    const auto started = Clock::now();
    const auto end_at = options_.seconds > 0 ? started + std::chrono::seconds(options_.seconds)
                                             : Clock::time_point::max();
    bool stop = false;

    auto finish = [&](std::list<Open>::iterator it, const char* why) {
        Open& o = *it;
        o.c.end = why;
        o.c.duration_ms = now_ms() - o.c.accepted_ms;
        if (o.c.end == std::string("timeout")) ++stats.timeouts;
        const bool report = !o.c.bytes.empty() || options_.record_empty;
        if (o.c.bytes.empty()) ++stats.empty;
        // Closing first frees the descriptor before the caller writes files.
        s.by_fd.erase(o.fd.get());
        o.fd.reset();
        if (report) {
            ++stats.reported;
            on_connection(o.c);
            if (options_.count > 0 && stats.reported >= options_.count) stop = true;
        }
        s.open.erase(it);
    };

    auto accept_all = [&] {
        while (true) {
            sockaddr_storage peer{};
            socklen_t peer_len = sizeof peer;
            UniqueFd fd(accept4(s.listen_fd.get(), reinterpret_cast<sockaddr*>(&peer), &peer_len,
                                SOCK_NONBLOCK | SOCK_CLOEXEC));
            if (!fd) return;  // EAGAIN, or a peer gone before accept
            if (s.open.size() >= options_.max_connections) {
                ++stats.refused;  // closed at once: the limit bounds our memory and descriptors
                continue;
            }
            ++stats.accepted;
            Open o;
            o.c.accepted_ms = now_ms();
            o.c.peer = address_of(peer);
            sockaddr_storage local{};
            socklen_t local_len = sizeof local;
            getsockname(fd.get(), reinterpret_cast<sockaddr*>(&local), &local_len);
            o.c.local = address_of(local);
            o.deadline = Clock::now() + std::chrono::milliseconds(options_.timeout_ms);
            epoll_event ev{};
            ev.events = EPOLLIN | EPOLLRDHUP;
            ev.data.fd = fd.get();
            if (epoll_ctl(s.epoll_fd.get(), EPOLL_CTL_ADD, fd.get(), &ev) != 0) continue;
            o.fd = std::move(fd);
            s.open.push_back(std::move(o));
            s.by_fd[s.open.back().fd.get()] = std::prev(s.open.end());
        }
    };

    auto read_from = [&](std::list<Open>::iterator it) {
        Open& o = *it;
        char buffer[16384];
        while (true) {
            const ssize_t n = recv(o.fd.get(), buffer, sizeof buffer, 0);
            if (n > 0) {
                const size_t room = options_.max_bytes - o.c.bytes.size();
                o.c.bytes.append(buffer, std::min(room, static_cast<size_t>(n)));
                if (static_cast<size_t>(n) > room || o.c.bytes.size() >= options_.max_bytes) {
                    o.c.truncated = static_cast<size_t>(n) > room;
                    finish(it, "byte-cap");
                    return;
                }
                continue;
            }
            if (n == 0) {
                finish(it, "closed");
                return;
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            if (errno == EINTR) continue;
            finish(it, "reset");
            return;
        }
    };

    epoll_event events[256];
    while (!stop) {
        const auto now = Clock::now();
        if (now >= end_at) break;
        while (!s.open.empty() && s.open.front().deadline <= now) finish(s.open.begin(), "timeout");
        if (stop) break;
        auto next = end_at;
        if (!s.open.empty()) next = std::min(next, s.open.front().deadline);
        int wait_ms = -1;
        if (next != Clock::time_point::max())
            wait_ms = static_cast<int>(std::max<int64_t>(
                1, std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count() + 1));
        const int n = epoll_wait(s.epoll_fd.get(), events, 256, wait_ms);
        if (n < 0 && errno != EINTR) break;
        for (int i = 0; i < n && !stop; ++i) {
            const int fd = events[i].data.fd;
            if (fd == s.listen_fd.get()) {
                accept_all();
            } else if (fd == options_.stop_fd) {
                stop = true;
            } else if (auto found = s.by_fd.find(fd); found != s.by_fd.end()) {
                read_from(found->second);
            }
        }
    }
    // What is still open ends with the run; bytes received are not lost.
    while (!s.open.empty()) {
        const bool keep_stop = stop;
        finish(s.open.begin(), "stopped");
        stop = keep_stop;
    }
    return stats;
}

}  // namespace amtdiag::collect
