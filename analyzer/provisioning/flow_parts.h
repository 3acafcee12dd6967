#pragma once
// What the plays (flows.cpp, service_point.cpp) are made of: the site's fixed addresses and
// threads, log and SOAP line helpers, the DHCP and DNS exchanges, hellos, the TLS sessions to
// a device's AMT port and the console's. Internal to the engine.
#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/provisioning/flows.h"
#include "analyzer/provisioning/wire.h"

namespace amtdiag::provisioning::flow {

// Threads as Figure 1 and Figure 3 of the guide show them.
inline constexpr unsigned kListenerThread = 3012;
inline constexpr unsigned kWorkerThread = 2436;
inline constexpr unsigned kProxyThread = 2820;
inline constexpr unsigned kMaintenanceThread = 4404;

inline constexpr const char* kDhcpServerIp = "192.168.20.10";
inline constexpr const char* kConsoleIp = "192.168.20.40";
// An engineer's browser in a branch office: another subnet, another DNS server.
inline constexpr const char* kBrowserIp = "192.168.30.52";
inline constexpr const char* kBranchDnsIp = "192.168.30.10";
inline constexpr const char* kProxyInstruction =
    R"(Successfully created instruction file for AMT proxy task: C:\Program Files\Microsoft Configuration Manager\inboxes\amtproxymgr.box)";

int64_t us(int64_t ms);
std::string upper(std::string s);
std::string ou_path(const World& w);
Endpoint device_ep(const Device& d, uint16_t port = 0);
Endpoint server_ep(const World& w, uint16_t port);
Endpoint dc_ep(uint16_t port);
Endpoint console_ep(uint16_t port);
uint16_t ephemeral(Context& ctx);
void op(Context& ctx, int64_t t, unsigned thread, const std::string& text);
std::string soap(const std::string& call, const char* status, bool client_error = true);
int major_version(const std::string& fw);
bool firmware_below(const std::string& fw, int major, int minor, int patch);

int64_t dhcp_exchange(Context& ctx, const Device& d, int64_t t);
void dns_on_wire(Context& ctx, const Endpoint& from, int64_t t, const std::string& qname,
                 uint16_t qtype, const std::vector<DnsAnswer>& answers);
void probe_entry(Context& ctx, int64_t t, const std::string& purpose, const std::string& qname,
                 const std::string& qtype, const std::vector<DnsAnswer>& answers,
                 const std::string& host = "", const std::string& address = "");
std::vector<DnsAnswer> provisionserver_answer(const Context& ctx, const Device* d);
std::string ptr_target(const Device& d);
bool has_forward_record(const Device& d);
void send_hello(Context& ctx, const Device& d, int64_t t, uint16_t port, uint32_t retry);

enum class Connect { ok, unreachable, tls_refused, auth_failed, legacy };
Connect connect_to_device(Context& ctx, const Device& d, int64_t t, bool psk);
void console_session(Context& ctx, const Device& d, int64_t t);
// Stage 6: a browser on another host opens the device's web interface.
void browser_session(Context& ctx, const Device& d, int64_t t);

struct TaskResult {
    int64_t t = 0;
    bool provisioned = false;
};
// The service point's provisioning task (service_point.cpp).
TaskResult provision_task(Context& ctx, const Device& d, int64_t t, bool inband, bool psk = false);

}  // namespace amtdiag::provisioning::flow
