#include "analyzer/collect/dhcp_probe.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <random>

#include "analyzer/collect/unique_fd.h"
#include "analyzer/model/device_key.h"
#include "parsers/dhcp/dhcp.h"

namespace amtdiag::collect {

namespace {

namespace dhcp = parsers::dhcp;
using Clock = std::chrono::steady_clock;

std::string hex(std::string_view b) {
    static constexpr char d[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : b) {
        out.push_back(d[c >> 4]);
        out.push_back(d[c & 15]);
    }
    return out;
}

std::string rights_hint(int err) {
    if (err == EPERM || err == EACCES)
        return " (run as root, or give amtdiag CAP_NET_RAW and CAP_NET_BIND_SERVICE)";
    return {};
}

Json reply_json(const dhcp::Decoded& r, const std::string& source, int64_t elapsed_ms) {
    Json j;
    j["message_type"] = r.type_name;
    char xid[11];
    std::snprintf(xid, sizeof xid, "0x%08x", r.message.xid);
    j["xid"] = xid;
    j["time"] = rfc3339(now_ms());
    j["elapsed_ms"] = elapsed_ms;
    j["source"] = source;
    j["client_mac"] = r.mac;
    j["yiaddr"] = dhcp::ipv4_text(r.message.yiaddr);
    j["siaddr"] = dhcp::ipv4_text(r.message.siaddr);
    j["server_ip"] = r.server_id ? *r.server_id : source.substr(0, source.rfind(':'));
    if (r.domain) j["domain"] = *r.domain;
    j["dns_servers"] = r.dns_servers;
    j["routers"] = r.routers;
    if (r.lease_seconds) j["lease_seconds"] = *r.lease_seconds;
    j["host_name"] = r.host_name ? *r.host_name : std::string{};
    if (r.client_fqdn) {
        Json f;
        f["flags"] = r.client_fqdn->flags;
        f["rcode1"] = r.client_fqdn->rcode1;
        f["rcode2"] = r.client_fqdn->rcode2;
        f["name"] = r.client_fqdn->name;
        j["client_fqdn"] = std::move(f);
    }
    Json options = Json::array();
    for (const auto& o : r.message.options) {
        Json oj;
        oj["code"] = o.code;
        oj["hex"] = hex(o.data);
        options.push_back(std::move(oj));
    }
    j["options"] = std::move(options);
    if (!r.problems.empty()) j["problems"] = r.problems;
    return j;
}

// What the probe asks a server: a DISCOVER or a REQUEST for an offer, as a device would.
struct Ask {
    uint8_t type = 1;  // DISCOVER; 3 REQUEST
    uint32_t xid = 0;
    std::string mac;  // 6 bytes
    uint32_t requested_ip = 0, server_id = 0;
    std::string client_fqdn, host_name;
};

std::string encode_ask(const Ask& a) {
    dhcp::Message m;
    m.op = 1;
    m.xid = a.xid;
    // Broadcast flag: we have no address yet, so servers must answer by broadcast.
    m.flags = 0x8000;
    m.chaddr = a.mac;
    m.options.push_back(dhcp::u8_option(dhcp::option::message_type, a.type));
    m.options.push_back({dhcp::option::client_id, std::string(1, '\x01') + a.mac});
    if (a.type == 3) {
        m.options.push_back(dhcp::ipv4_option(dhcp::option::requested_ip, {a.requested_ip}));
        m.options.push_back(dhcp::ipv4_option(dhcp::option::server_id, {a.server_id}));
    }
    if (!a.host_name.empty())
        m.options.push_back(dhcp::text_option(dhcp::option::host_name, a.host_name));
    // Flags S (the server updates the A record) and E (wire-format name), RFC 4702.
    if (!a.client_fqdn.empty()) m.options.push_back(dhcp::client_fqdn_option(0x05, a.client_fqdn));
    // What AMT reads: mask, router, DNS, host name, domain (15), lease, server, FQDN (81).
    m.options.push_back(
        {dhcp::option::parameter_list, std::string("\x01\x03\x06\x0c\x0f\x33\x36\x51", 8)});
    return dhcp::encode(m);
}

class Exchange {
  public:
    Exchange(int fd, std::string mac, uint32_t xid) : fd_(fd), mac_(std::move(mac)), xid_(xid) {}

    bool send(const Ask& ask, std::string& error) {
        const std::string bytes = encode_ask(ask);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(67);
        to.sin_addr.s_addr = htonl(INADDR_BROADCAST);
        if (sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&to),
                   sizeof to) < 0) {
            error = std::string("cannot send the DHCP message: ") + std::strerror(errno) +
                    rights_hint(errno);
            return false;
        }
        start_ = Clock::now();
        return true;
    }

    // Replies for our xid until `deadline`; stops early after a reply of a type in `stop_on`.
    std::vector<dhcp::Decoded> collect(Clock::time_point deadline, Json& results,
                                       std::initializer_list<uint8_t> stop_on) {
        std::vector<dhcp::Decoded> out;
        char buffer[2048];
        while (true) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now())
                    .count();
            if (left <= 0) break;
            pollfd p{fd_, POLLIN, 0};
            const int ready = poll(&p, 1, static_cast<int>(left));
            if (ready < 0 && errno == EINTR) continue;
            if (ready <= 0) break;
            sockaddr_in from{};
            socklen_t from_len = sizeof from;
            const ssize_t n = recvfrom(fd_, buffer, sizeof buffer, 0,
                                       reinterpret_cast<sockaddr*>(&from), &from_len);
            if (n <= 0) continue;
            auto reply = dhcp::decode(std::string_view(buffer, static_cast<size_t>(n)));
            // Other clients' traffic on the segment is not ours to record.
            if (!reply.ok || !reply.has_cookie || reply.message.op != 2 ||
                reply.message.xid != xid_ || reply.message.chaddr.substr(0, 6) != mac_)
                continue;
            char ip[INET_ADDRSTRLEN] = {};
            inet_ntop(AF_INET, &from.sin_addr, ip, sizeof ip);
            const auto elapsed =
                std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start_)
                    .count();
            results.push_back(reply_json(reply, endpoint(ip, ntohs(from.sin_port)), elapsed));
            out.push_back(std::move(reply));
            for (uint8_t t : stop_on)
                if (out.back().type == t) return out;
        }
        return out;
    }

  private:
    int fd_;
    std::string mac_;
    uint32_t xid_;
    Clock::time_point start_ = Clock::now();
};

bool interface_mac(int fd, const std::string& name, std::string& mac) {
    ifreq req{};
    std::strncpy(req.ifr_name, name.c_str(), IFNAMSIZ - 1);
    if (ioctl(fd, SIOCGIFHWADDR, &req) != 0) return false;
    mac.assign(req.ifr_hwaddr.sa_data, 6);
    return true;
}

// "02:00:5e:10:00:01" (any usual spelling) -> 6 bytes; empty when it is no MAC.
std::string mac_bytes(const std::string& text) {
    const std::string norm = model::normalize_mac(text);  // "02-00-5E-10-00-01"
    std::string out;
    for (size_t i = 0; i + 1 < norm.size(); i += 3)
        out.push_back(static_cast<char>(std::stoi(norm.substr(i, 2), nullptr, 16)));
    return out;
}

Json sent_json(const char* type, uint32_t xid) {
    Json j;
    j["message_type"] = type;
    char text[11];
    std::snprintf(text, sizeof text, "0x%08x", xid);
    j["xid"] = text;
    j["time"] = rfc3339(now_ms());
    return j;
}

}  // namespace

Json run_dhcp_probe(const DhcpProbeOptions& options, std::string& error) {
    if (options.interface.empty() || if_nametoindex(options.interface.c_str()) == 0) {
        error = "interface '" + options.interface + "' does not exist (see `ip link`)";
        return {};
    }
    UniqueFd fd(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (!fd) {
        error = std::string("cannot open a UDP socket: ") + std::strerror(errno);
        return {};
    }
    std::string mac;
    if (!options.mac.empty()) {
        mac = mac_bytes(options.mac);
        if (mac.size() != 6) {
            error = "--mac wants six hex bytes (02:00:5e:10:00:01), not '" + options.mac + "'";
            return {};
        }
    } else if (!interface_mac(fd.get(), options.interface, mac)) {
        error = "cannot read the MAC address of " + options.interface + ": give --mac";
        return {};
    }
    const int on = 1;
    setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    setsockopt(fd.get(), SOL_SOCKET, SO_BROADCAST, &on, sizeof on);
    // Bound to the interface: the DISCOVER leaves there and only its replies are read.
    if (setsockopt(fd.get(), SOL_SOCKET, SO_BINDTODEVICE, options.interface.c_str(),
                   static_cast<socklen_t>(options.interface.size())) != 0) {
        error = "cannot bind to interface " + options.interface + ": " + std::strerror(errno) +
                rights_hint(errno);
        return {};
    }
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_port = htons(68);
    local.sin_addr.s_addr = htonl(INADDR_ANY);
    if (bind(fd.get(), reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
        error = std::string("cannot listen on the DHCP client port 68: ") + std::strerror(errno) +
                (errno == EADDRINUSE ? " (a DHCP client runs on this host: stop it or probe "
                                       "from another interface)"
                                     : rights_hint(errno));
        return {};
    }

    std::random_device rd;
    const uint32_t xid = rd();
    Json record;
    record["schema"] = "amtdiag.probe/1";
    record["probe"] = "dhcp";
    record["tool"] = tool_json("probe dhcp");
    record["started"] = rfc3339(now_ms());
    record["host"] = host_name();
    Json opts;
    opts["interface"] = options.interface;
    opts["mac"] = dhcp::mac_text(mac);
    opts["timeout_s"] = options.timeout_s;
    opts["request"] = options.request;
    opts["client_fqdn"] = options.client_fqdn;
    record["options"] = std::move(opts);
    Json sent = Json::array();
    Json results = Json::array();

    Exchange exchange(fd.get(), mac, xid);
    Ask discover;
    discover.type = 1;
    discover.xid = xid;
    discover.mac = mac;
    discover.host_name = options.host_name;
    if (!exchange.send(discover, error)) return {};
    sent.push_back(sent_json("DISCOVER", xid));
    const auto deadline = Clock::now() + std::chrono::seconds(std::max(1, options.timeout_s));
    // Without a REQUEST to follow, wait the whole time: a second server's OFFER matters.
    const auto offers = exchange.collect(deadline, results, {});
    if (options.request) {
        for (const auto& offer : offers) {
            if (offer.type != 2 || !offer.server_id) continue;
            Ask request = discover;
            request.type = 3;
            request.requested_ip = offer.message.yiaddr;
            request.server_id = dhcp::parse_ipv4(*offer.server_id).value_or(0);
            request.client_fqdn = options.client_fqdn;
            if (!exchange.send(request, error)) return {};
            sent.push_back(sent_json("REQUEST", xid));
            exchange.collect(Clock::now() + std::chrono::seconds(std::max(1, options.timeout_s)),
                             results, {5, 6});
            break;
        }
    }
    record["sent"] = std::move(sent);
    record["results"] = std::move(results);
    record["finished"] = rfc3339(now_ms());
    return record;
}

}  // namespace amtdiag::collect
