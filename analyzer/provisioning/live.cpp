#include "analyzer/provisioning/live.h"

#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>

#include "analyzer/provisioning/certs.h"
#include "analyzer/provisioning/clock.h"
#include "analyzer/provisioning/pid.h"
#include "parsers/hello/hello.h"

namespace amtdiag::provisioning {

namespace {

namespace hello = parsers::hello;

struct CtxFree {
    void operator()(SSL_CTX* p) const { SSL_CTX_free(p); }
};
struct SslFree {
    void operator()(SSL* p) const { SSL_free(p); }
};
using CtxPtr = std::unique_ptr<SSL_CTX, CtxFree>;
using SslPtr = std::unique_ptr<SSL, SslFree>;

class Fd {
  public:
    explicit Fd(int fd = -1) : fd_(fd) {}
    Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
    Fd& operator=(Fd&& o) noexcept {
        if (this != &o) {
            if (fd_ >= 0) ::close(fd_);
            fd_ = o.fd_;
            o.fd_ = -1;
        }
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }

  private:
    int fd_;
};

sockaddr_in loopback(uint16_t port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

Fd listen_on(uint16_t port, uint16_t& bound) {
    Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    const int one = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a = loopback(port);
    if (!fd || ::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::listen(fd.get(), 4) != 0)
        return Fd();
    socklen_t len = sizeof a;
    ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&a), &len);
    bound = ntohs(a.sin_port);
    return fd;
}

void set_timeouts(int fd, int ms) {
    timeval tv{ms / 1000, (ms % 1000) * 1000};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

// Accept within `ms`, or give up (the other peer refused to go on).
Fd accept_within(const Fd& listener, int ms) {
    pollfd p{listener.get(), POLLIN, 0};
    if (::poll(&p, 1, ms) <= 0) return Fd();
    Fd c(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (c) set_timeouts(c.get(), ms);
    return c;
}

Fd connect_to(uint16_t port, int ms) {
    Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in a = loopback(port);
    if (!fd || ::connect(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return Fd();
    set_timeouts(fd.get(), ms);
    return fd;
}

std::string ssl_error() {
    const unsigned long e = ERR_get_error();
    if (e == 0) return "the peer closed the connection";
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    ERR_clear_error();
    return buf;
}

// The PSK callbacks take no user pointer in their signature; the SSL's ex-data carries the
// pair (no global state).
struct PskPair {
    std::string pid;
    std::string pps;
};
int pair_index() {
    // One index for the process, created once, read-only afterwards.
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

unsigned int client_psk(SSL* ssl, const char*, char* identity, unsigned int max_identity,
                        unsigned char* psk, unsigned int max_psk) {
    const auto* pair = static_cast<const PskPair*>(SSL_get_ex_data(ssl, pair_index()));
    if (pair == nullptr || pair->pid.size() + 1 > max_identity || pair->pps.size() > max_psk)
        return 0;
    std::memcpy(identity, pair->pid.c_str(), pair->pid.size() + 1);
    std::memcpy(psk, pair->pps.data(), pair->pps.size());
    return static_cast<unsigned int>(pair->pps.size());
}

unsigned int server_psk(SSL* ssl, const char* identity, unsigned char* psk, unsigned int max_psk) {
    const auto* pair = static_cast<const PskPair*>(SSL_get_ex_data(ssl, pair_index()));
    if (pair == nullptr || identity == nullptr || pair->pid != identity ||
        pair->pps.size() > max_psk)
        return 0;
    std::memcpy(psk, pair->pps.data(), pair->pps.size());
    return static_cast<unsigned int>(pair->pps.size());
}

struct Pki {
    std::unique_ptr<Cert> root, prov_ca, prov, device, other_root;
};

Pki make_pki(int64_t now) {
    constexpr int64_t day = 86'400'000;
    Pki p;
    CertSpec root;
    root.cn = "VProLab Root CA";
    root.key = SimKey::root;
    root.ca = true;
    root.serial = 0x1001;
    root.not_before_ms = now - 365 * day;
    root.not_after_ms = now + 3650 * day;
    p.root = std::make_unique<Cert>(root, nullptr);
    CertSpec other = root;
    other.cn = "Some Other Root CA";
    other.key = SimKey::issuing;
    p.other_root = std::make_unique<Cert>(other, nullptr);
    CertSpec ca = root;
    ca.cn = "VProLab Provisioning CA";
    ca.key = SimKey::provca;
    ca.serial = 0x1003;
    p.prov_ca = std::make_unique<Cert>(ca, p.root.get());
    CertSpec prov;
    prov.cn = "sccm01.vprolab.com";
    prov.key = SimKey::prov;
    prov.serial = 0x2001;
    prov.eku = {"1.3.6.1.5.5.7.3.1", "2.16.840.1.113741.1.2.3"};
    prov.dns_names = {prov.cn};
    prov.not_before_ms = now - 30 * day;
    prov.not_after_ms = now + 365 * day;
    p.prov = std::make_unique<Cert>(prov, p.prov_ca.get());
    // The device's self-signed certificate of setup mode (Tiger Lake on: On-Die CA).
    CertSpec dev = prov;
    dev.cn = "Intel(R) AMT (setup mode)";
    dev.key = SimKey::device;
    dev.eku = {"1.3.6.1.5.5.7.3.1"};
    dev.dns_names.clear();
    dev.serial = 0x3001;
    p.device = std::make_unique<Cert>(dev, nullptr);
    return p;
}

struct Shared {
    std::mutex m;
    std::function<void(const std::string&)> say;
    void line(const std::string& who, const std::string& text) {
        std::lock_guard<std::mutex> lock(m);
        say(who + ": " + text);
    }
};

}  // namespace

LiveResult run_live(const LiveOptions& o, const std::function<void(const std::string&)>& say) {
    Shared out;
    out.say = say;
    LiveResult result;
    Rng rng(o.seed);
    const auto index = [&](unsigned n) { return static_cast<unsigned>(rng.below(n)); };
    PskPair device_pair{generate_pid(index), generate_pps(index)};
    if (o.bad_pid) device_pair.pid[7] = device_pair.pid[7] == 'Z' ? 'Y' : 'Z';
    // The server's PID/PPS store (the one-touch core server's).
    PskPair server_pair = device_pair;
    if (o.pps_mismatch) server_pair.pps = generate_pps(index);
    const Pki pki = make_pki(1'796'119'200'000);  // 2026-12-01

    uint16_t hello_port = 0, amt_port = 0;
    Fd hello_listener = listen_on(o.hello_port, hello_port);
    Fd amt_listener = listen_on(o.amt_port, amt_port);
    if (!hello_listener || !amt_listener) {
        result.failure = "cannot listen on loopback (ports in use?)";
        return result;
    }
    out.line("server", "listening for hellos on 127.0.0.1:" + std::to_string(hello_port));
    out.line("device", "AMT port (TLS) on 127.0.0.1:" + std::to_string(amt_port));

    std::atomic<bool> device_ok{false};
    std::thread device([&] {
        hello::Hello h;
        h.admin_credentials = 1;
        h.uuid = "939B524B-13D4-1D18-E487-1C697A6B7A2B";
        if (o.psk) {
            h.version = hello::kVersionPsk;
            h.pid = device_pair.pid;
        } else {
            h.version = hello::kVersionPki;
            h.hashes.push_back({2, pki.root->sha256_raw()});
        }
        const std::string bytes = hello::encode_hello(h);
        {
            Fd c = connect_to(hello_port, o.timeout_ms);
            if (!c || ::send(c.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL) !=
                          static_cast<ssize_t>(bytes.size())) {
                out.line("device", "cannot send the hello");
                return;
            }
            out.line("device", "sent hello v" + std::to_string(h.version) + " (" +
                                   std::to_string(bytes.size()) + " bytes)");
        }
        Fd conn = accept_within(amt_listener, o.timeout_ms);
        if (!conn) {
            out.line("device", "no server connected to the AMT port");
            return;
        }
        CtxPtr ctx(SSL_CTX_new(TLS_server_method()));
        SSL_CTX_set_max_proto_version(ctx.get(), TLS1_2_VERSION);
        if (o.psk) {
            SSL_CTX_set_cipher_list(ctx.get(), "PSK");
            SSL_CTX_set_psk_server_callback(ctx.get(), server_psk);
        } else {
            SSL_CTX_use_certificate(ctx.get(), pki.device->x509());
            SSL_CTX_use_PrivateKey(ctx.get(), pki.device->key());
            // The ME trusts the roots whose hashes it holds: ours, or (fault) another one.
            X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx.get()),
                                o.untrusted_root ? pki.other_root->x509() : pki.root->x509());
            SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                               nullptr);
            // AMT takes the provisioning certificate (server authentication EKU and the AMT
            // OID) as the client's: no client-authentication purpose is required of it.
            X509_VERIFY_PARAM_set_purpose(SSL_CTX_get0_param(ctx.get()), X509_PURPOSE_ANY);
        }
        SslPtr ssl(SSL_new(ctx.get()));
        SSL_set_ex_data(ssl.get(), pair_index(), &device_pair);
        SSL_set_fd(ssl.get(), conn.get());
        if (SSL_accept(ssl.get()) != 1) {
            out.line("device", "TLS handshake refused: " + ssl_error());
            return;
        }
        out.line("device", std::string("TLS established (") + SSL_get_cipher(ssl.get()) + ")");
        char buf[256];
        const int n = SSL_read(ssl.get(), buf, sizeof buf - 1);
        if (n > 0 && std::string(buf, static_cast<size_t>(n)).rfind("CommitChanges", 0) == 0) {
            const std::string reply = "CommitChanges status 0x0\n";
            SSL_write(ssl.get(), reply.data(), static_cast<int>(reply.size()));
            out.line("device", "CommitChanges: provisioned");
            device_ok = true;
        }
        SSL_shutdown(ssl.get());
    });

    const auto finish = [&](const std::string& failure) {
        result.failure = failure;
        device.join();
        result.provisioned = failure.empty() && device_ok;
        return result;
    };

    Fd c = accept_within(hello_listener, o.timeout_ms);
    if (!c) return finish("no hello arrived");
    std::string bytes;
    char buf[4096];
    for (ssize_t n; (n = ::recv(c.get(), buf, sizeof buf, 0)) > 0;)
        bytes.append(buf, static_cast<size_t>(n));
    const hello::HelloDecode d = hello::decode_hello(bytes);
    out.line(
        "server",
        "hello from " + d.hello.uuid + ": version " + std::to_string(d.hello.version) +
            (d.hello.version == 2 ? ", PID " + d.hello.pid
                                  : ", " + std::to_string(d.hello.hashes.size()) + " hash(es)"));
    if (!d.complete) return finish("the hello is incomplete");
    if (o.psk && (!d.pid_checksum_ok || d.hello.pid != server_pair.pid)) {
        out.line("server", "PID " + d.hello.pid + " refused: " +
                               (d.pid_checksum_ok ? "not in the PID/PPS store"
                                                  : "its check character is wrong"));
        return finish("the server refused the hello");
    }
    if (!o.psk) {
        bool known = false;
        for (const auto& hh : d.hello.hashes) known = known || hh.bytes == pki.root->sha256_raw();
        out.line("server", known ? "the provisioning root is among the device's hashes"
                                 : "no provisioning certificate matches the device's hashes");
    }
    Fd s = connect_to(amt_port, o.timeout_ms);
    if (!s) return finish("cannot connect to the device's AMT port");
    CtxPtr ctx(SSL_CTX_new(TLS_client_method()));
    SSL_CTX_set_max_proto_version(ctx.get(), TLS1_2_VERSION);
    if (o.psk) {
        SSL_CTX_set_cipher_list(ctx.get(), "PSK");
        SSL_CTX_set_psk_client_callback(ctx.get(), client_psk);
    } else {
        SSL_CTX_use_certificate(ctx.get(), pki.prov->x509());
        SSL_CTX_use_PrivateKey(ctx.get(), pki.prov->key());
        SSL_CTX_add1_chain_cert(ctx.get(), pki.prov_ca->x509());
        SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE,
                           nullptr);  // AMT's setup certificate is self-signed
    }
    SslPtr ssl(SSL_new(ctx.get()));
    SSL_set_ex_data(ssl.get(), pair_index(), &server_pair);
    SSL_set_fd(ssl.get(), s.get());
    if (SSL_connect(ssl.get()) != 1) {
        out.line("server", "TLS handshake failed: " + ssl_error());
        return finish("the TLS handshake failed");
    }
    out.line("server",
             std::string("TLS established (") + SSL_get_cipher(ssl.get()) + ")" +
                 (o.psk ? ", PSK identity = PID" : ", provisioning certificate presented"));
    const std::string call = "CommitChanges\n";
    SSL_write(ssl.get(), call.data(), static_cast<int>(call.size()));
    const int n = SSL_read(ssl.get(), buf, sizeof buf - 1);
    out.line("server", n > 0 ? "device answered: " + std::string(buf, static_cast<size_t>(n) - 1)
                             : "no answer");
    SSL_shutdown(ssl.get());
    return finish(n > 0 ? "" : "the device did not answer CommitChanges");
}

}  // namespace amtdiag::provisioning
