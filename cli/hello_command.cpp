#include "cli/hello_command.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

#include <boost/program_options.hpp>

#include "analyzer/collect/unique_fd.h"
#include "parsers/hello/hello.h"

namespace amtdiag::cli {

namespace po = boost::program_options;
namespace hello = amtdiag::parsers::hello;

namespace {

// The first SHA-256 root hashes of a real hello (amt-protocol.md §3.4, MeshCentral vector #1).
constexpr const char* kDefaultHashes[] = {
    "c3846bf24b9e93ca64274c0ec67c1ecc5e024ffcacd2d74019350e81fe546ae4",
    "45140b3247eb9cc8c5b4f0d7b53091f73292089e6e5a63e2749dd3aca9198eda",
    "d7a7a0fb5d7e2731d771e9484ebcdef71d5f0c3e0a2948782bc83ee0ea699ef4",
    "1465fa205397b876faa6f0a9958e5590e40fcc7faa4fb7c2c8677521fb5fb658",
    "2ce1cb0bf9d2f9e102993fbe215152c3b2dd0cabde1c68e5319b839154dbb7f5",
    "4348a0e9444c78cb265e058d5e8944b4d84f9662bd26db257f8934a443c70161",
};

bool unhex(const std::string& h, std::string& out) {
    out.clear();
    if (h.size() % 2) return false;
    for (size_t i = 0; i < h.size(); i += 2) {
        const auto v = [](char c) {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        };
        const int a = v(h[i]), b = v(h[i + 1]);
        if (a < 0 || b < 0) return false;
        out.push_back(static_cast<char>(a * 16 + b));
    }
    return true;
}

bool send_once(const std::string& host, const std::string& port, const std::string& bytes,
               std::string& error) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0) {
        error = host + ": " + ::gai_strerror(rc);
        return false;
    }
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(found, &::freeaddrinfo);
    for (const addrinfo* a = list.get(); a != nullptr; a = a->ai_next) {
        collect::UniqueFd fd(::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol));
        if (!fd || ::connect(fd.get(), a->ai_addr, a->ai_addrlen) != 0) continue;
        size_t off = 0;
        while (off < bytes.size()) {
            const ssize_t n =
                ::send(fd.get(), bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
            if (n <= 0) break;
            off += static_cast<size_t>(n);
        }
        // The device closes after its one message: the listener reads until this FIN.
        ::shutdown(fd.get(), SHUT_WR);
        if (off == bytes.size()) return true;
    }
    error = "cannot connect to " + host + ":" + port;
    return false;
}

}  // namespace

int run_hello(const std::vector<std::string>& args) {
    if (args.empty() || args[0] != "send") {
        std::cerr
            << "usage: amtdiag hello send --to HOST[:PORT] (--pid PID | --hashes default|FILE) "
               "[--uuid UUID] [--retry N] [--count N --interval S]\n";
        return 2;
    }
    std::string to, pid, hashes, uuid = "939B524B-13D4-1D18-E487-1C697A6B7A2B";
    unsigned retry = 0;
    int count = 1;
    double interval = 60;
    po::options_description options("amtdiag hello send [options]\n\noptions");
    options.add_options()("help,h", "show this help")(
        "to", po::value(&to)->value_name("HOST[:PORT]"), "the provisioning server (port 9971)")(
        "pid", po::value(&pid)->value_name("PID"), "a one-touch (PSK, version 2) hello")(
        "hashes", po::value(&hashes)->value_name("default|FILE"),
        "a PKI (version 3) hello with these root hashes (FILE: one hex SHA-256 a line)")(
        "uuid", po::value(&uuid)->value_name("UUID"), "the device UUID")(
        "retry", po::value(&retry)->value_name("N"), "the retry counter of the first hello")(
        "count", po::value(&count)->value_name("N"), "hellos to send (default 1)")(
        "interval", po::value(&interval)->value_name("S"), "seconds between them (default 60)");
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(std::vector<std::string>(args.begin() + 1, args.end()))
                      .options(options)
                      .run(),
                  vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "amtdiag hello send: " << e.what() << "\n";
        return 2;
    }
    if (vm.count("help")) {
        std::cout << options;
        return 0;
    }
    if (to.empty() || pid.empty() == hashes.empty() || count < 1 || interval < 0) {
        std::cerr << "amtdiag hello send: --to and exactly one of --pid, --hashes\n" << options;
        return 2;
    }
    hello::Hello h;
    h.admin_credentials = 1;
    h.retry = retry;
    h.uuid = uuid;
    if (hello::uuid_to_smbios_bytes(uuid).empty()) {
        std::cerr << "amtdiag hello send: --uuid is no UUID\n";
        return 2;
    }
    if (!pid.empty()) {
        h.version = hello::kVersionPsk;
        for (const char c : pid)
            if (c != '-') h.pid.push_back(c);
        if (h.pid.size() != 8) {
            std::cerr << "amtdiag hello send: a PID has 8 characters (XXXX-XXXC)\n";
            return 2;
        }
        if (!hello::pid_checksum_ok(h.pid))
            std::cerr << "amtdiag hello send: warning: the PID's check character is wrong (sent as "
                         "given)\n";
    } else {
        h.version = hello::kVersionPki;
        std::vector<std::string> hex;
        if (hashes == "default") {
            hex.assign(std::begin(kDefaultHashes), std::end(kDefaultHashes));
        } else {
            std::ifstream in(hashes);
            if (!in) {
                std::cerr << "amtdiag hello send: cannot read " << hashes << "\n";
                return 2;
            }
            for (std::string line; std::getline(in, line);) {
                while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
                    line.pop_back();
                if (!line.empty() && line[0] != '#') hex.push_back(line);
            }
        }
        for (const std::string& x : hex) {
            std::string raw;
            if (!unhex(x, raw) || (raw.size() != 20 && raw.size() != 32 && raw.size() != 48)) {
                std::cerr << "amtdiag hello send: not a SHA-1/256/384 hash: " << x << "\n";
                return 2;
            }
            h.hashes.push_back({static_cast<uint8_t>(raw.size() == 20   ? 1
                                                     : raw.size() == 32 ? 2
                                                                        : 3),
                                raw});
        }
    }
    std::string host = to, port = "9971";
    if (const auto colon = to.rfind(':');
        colon != std::string::npos && to.find(']') == std::string::npos && to.find(':') == colon) {
        host = to.substr(0, colon);
        port = to.substr(colon + 1);
    }
    for (int i = 0; i < count; ++i) {
        if (i > 0) std::this_thread::sleep_for(std::chrono::duration<double>(interval));
        h.retry = retry + static_cast<unsigned>(i);
        const std::string bytes = hello::encode_hello(h);
        std::string error;
        if (!send_once(host, port, bytes, error)) {
            std::cerr << "amtdiag hello send: " << error << "\n";
            return 1;
        }
        std::cout << "sent hello v" << h.version << " UUID " << h.uuid << " retry " << h.retry
                  << " (" << bytes.size() << " bytes) to " << host << ":" << port << "\n";
    }
    return 0;
}

}  // namespace amtdiag::cli
