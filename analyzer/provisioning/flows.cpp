// The per-device plays (flows.h): out-of-band and one-touch hellos, the in-band agent, what
// follows provisioning; the site's DNS probe and background traffic.
#include "analyzer/provisioning/flows.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "analyzer/provisioning/flow_parts.h"
#include "parsers/hello/hello.h"

namespace amtdiag::provisioning {

using namespace flow;

namespace {

namespace hello = parsers::hello;

// Dotted versions compared part by part as numbers ("4.00.5931.0000" < "4.00.6221.1000").
bool older_version(const std::string& a, const std::string& b) {
    size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        long x = 0, y = 0;
        while (i < a.size() && a[i] != '.') x = x * 10 + (a[i++] - '0');
        while (j < b.size() && b[j] != '.') y = y * 10 + (b[j++] - '0');
        if (x != y) return x < y;
        ++i;
        ++j;
    }
    return false;
}

int64_t after_provisioning(Context& ctx, const Device& d, int64_t t) {
    console_session(ctx, d, t + 60'000);
    browser_session(ctx, d, t + 90'000);
    if (d.s.on("device.powered_down_later")) {
        // Stage 4: a later job (power control of a collection) finds the device off.
        const int64_t later = t + 1'800'000;
        op(ctx, later, kMaintenanceThread,
           "Try to use provisioned account (random generated password) to connect target machine " +
               d.fqdn + "...");
        TcpFlow flow(ctx.cap, server_ep(ctx.w, ephemeral(ctx)), device_ep(d, 16993),
                     static_cast<uint32_t>(ctx.rng.next()), static_cast<uint32_t>(ctx.rng.next()));
        flow.open(us(later + 10), TcpFlow::Answer::silence);
        return later + 30'000;
    }
    return t + 120'000;
}

int64_t play_oob(Context& ctx, const Device& d, int64_t t) {
    const Settings& s = d.s;
    const bool psk = d.mode == Mode::onetouch_psk;
    // One-touch PSK hellos go to the ConfigMgr out of band service point (with the Intel
    // WS-MAN Translator, as the guide's PSK prerequisites say); one-touch PKI hellos to the
    // core server of the endpoint manager, which writes no ConfigMgr log.
    const bool onetouch = d.mode == Mode::onetouch_pki;
    if (!provisionserver_answer(ctx, &d).empty()) {
        dns_on_wire(ctx, device_ep(d), t, "provisionserver." + ctx.w.domain(), 1,
                    provisionserver_answer(ctx, &d));
    } else {
        dns_on_wire(ctx, device_ep(d), t, "provisionserver." + ctx.w.domain(), 1, {});
        return t + 600'000;  // no server to send hellos to
    }
    if (!s.on("device.hello_enabled")) return t + 600'000;
    // PSK (version 2) hellos were removed in AMT 11.0 (amt-protocol.md §1.2): such firmware
    // never sends one, whatever MEBX holds.
    if (psk && major_version(s.get("device.firmware")) >= 11) return t + 600'000;
    const auto port = static_cast<uint16_t>(s.num("device.hello_port"));
    const bool listened = port == hello::kDefaultPort && (onetouch || s.on("site.service_point"));
    if (port == hello::kDefaultPort && !listened) {
        // Nothing listens on 9971 without the service point: every hello is reset.
        for (const int64_t at : {int64_t{0}, int64_t{60}, int64_t{120}}) {
            TcpFlow flow(ctx.cap, device_ep(d, ephemeral(ctx)), server_ep(ctx.w, port),
                         static_cast<uint32_t>(ctx.rng.next()), 0);
            flow.open(us(t + 2000 + at * 1000), TcpFlow::Answer::reset);
        }
        return t + 600'000;
    }
    // The site acts on a hello when it knows the device and the device runs no agent; the
    // one-touch core server when the PID is in its store with a valid check character.
    bool acts = listened && s.on("device.imported") && !s.on("device.hello_stops_early");
    if (!onetouch) acts = acts && !s.on("device.agent_installed");
    if (psk) acts = acts && s.on("device.pid_checksum_ok");
    // Resend schedule (§1.3): every minute for five minutes, every five minutes for an hour,
    // hourly until a day has passed, then no more. Hellos after the device's first ten
    // minutes are held by the capture and the log until the clock reaches them (the clock
    // plays other devices meanwhile), and dropped if the capture ends first.
    std::vector<int64_t> schedule;
    for (int64_t s_ = 0; s_ <= 300; s_ += 60) schedule.push_back(s_);
    for (int64_t s_ = 600; s_ <= 3600; s_ += 300) schedule.push_back(s_);
    for (int64_t s_ = 7200; s_ <= 86'400; s_ += 3600) schedule.push_back(s_);
    const size_t sent = acts ? 1 : (s.on("device.hello_stops_early") ? 3 : schedule.size());
    constexpr int64_t kDirect = 600;  // seconds of the device's own slot
    int64_t last = t;
    for (size_t i = 0; i < sent; ++i) {
        const bool later = schedule[i] > kDirect;
        ctx.cap.set_deferring(later);
        ctx.opmgr.set_deferring(later);
        const int64_t ht = t + 2000 + schedule[i] * 1000;
        // The retry field runs 0-14 (§1.2); how it maps onto the ~40 hellos is not documented.
        send_hello(ctx, d, ht, port, static_cast<uint32_t>(std::min<size_t>(i, 14)));
        if (!later) last = ht;
        if (!listened || onetouch) continue;
        if (!s.on("device.agent_installed")) {
            // modeled: the guide never shows the line for an accepted hello.
            op(ctx, ht + 15, kListenerThread,
               "Received hello message from AMT device " + d.uuid + " (" + d.ip + ").");
        } else {
            op(ctx, ht + 15, kListenerThread,
               "Warning: AMT device " + d.uuid +
                   " is a SMS client. Reject hello message to provision.");
            op(ctx, ht + 31, kListenerThread,
               "Waiting for incoming hello message from AMT devices...");
        }
    }
    ctx.cap.set_deferring(false);
    ctx.opmgr.set_deferring(false);
    if (s.on("device.hello_stops_early")) return last + 900'000;  // the capture goes on
    if (!acts) return last + 60'000;
    if (onetouch) {
        // The core server verifies the hello (PID in its store) and connects with TLS-PSK
        // (one-touch PSK) or with its provisioning certificate (PKI).
        const Connect c = connect_to_device(ctx, d, last + 3000, psk);
        if (c != Connect::ok) return last + 60'000;
        return after_provisioning(ctx, d, last + 40'000);
    }
    const TaskResult r = provision_task(ctx, d, last + 2100, false, psk);
    return r.provisioned ? after_provisioning(ctx, d, r.t) : r.t + 60'000;
}

int64_t play_inband(Context& ctx, const Device& d, int64_t t) {
    const Settings& s = d.s;
    const std::string dir = ctx.dir + "/clients/" + d.host;
    // Client logs are collected from the first devices of a fleet only, as an engineer
    // collects them from a sample: a 100,000-device benchmark must not write 100,000 folders.
    const int bias = static_cast<int>(ctx.w.site.num("site.bias_minutes"));
    const auto max_bytes = static_cast<uint64_t>(ctx.w.site.num("site.log_max_bytes"));
    const std::string site_code = ctx.w.site.get("site.code");
    const std::string assigned =
        s.get("device.assigned_site").empty() ? site_code : s.get("device.assigned_site");
    // modeled: where the client's location service states its site assignment.
    if (d.index < ctx.client_files_limit) {
        CmLog location(dir + "/ClientLocation.log", "ClientLocation", LogStyle::ccm, bias,
                       max_bytes);
        location.line(t - 30'000, 1620, "Client is assigned to site '" + assigned + "'.");
        location.finish();
    }
    // Out of band management came with the ConfigMgr 2007 SP1 agent: an older one has no out
    // of band component, writes no OOBMGMT.LOG and never asks for in-band provisioning.
    if (older_version(s.get("device.agent_version"), "4.00.6221.1000")) return t + 600'000;
    std::optional<CmLog> oob;
    if (d.index < ctx.client_files_limit)
        oob.emplace(dir + "/OOBMGMT.LOG", "OobMgmt", LogStyle::ccm, bias, max_bytes);
    const unsigned th = 1844;
    const auto agent = [&](int64_t at, const std::string& text, int type = 1) {
        if (oob) oob->line(at, th, text, type);
    };
    // modeled: no public OOBMGMT.LOG text; the lines say what the agent does. An agent
    // assigned to a site without the out of band component gets no such policy.
    if (!s.on("device.policy_received") || assigned != site_code) {
        agent(t,
              "Out of band management agent: auto-provisioning policy is not enabled for this "
              "client.");
        return t + 600'000;
    }
    agent(t, "Out of band management agent: auto-provisioning policy is enabled for this client.");
    if (!s.on("site.service_point")) return t + 600'000;
    if (!s.on("device.mei_driver")) {
        agent(t + 40, "HECI driver is not installed.", 3);
        return t + 600'000;
    }
    agent(t + 60, "AMT device " + d.uuid + " reports provisioning state 'In Provisioning'.");
    agent(t + 90, "Generated a one-time password and sent its hash to the site (MachineId = " +
                      std::to_string(d.machine_id) + ").");
    const std::string mid = std::to_string(d.machine_id);
    int64_t u = t + 20'000;
    op(ctx, u, kWorkerThread, "AMT Provision Worker: Wakes up to process instruction files");
    op(ctx, u += 31, kWorkerThread,
       R"(Incoming instruction file C:\Program Files\Microsoft Configuration Manager\inboxes\amtopmgr.box\prov\)" +
           mid + ".OTP to Provision Worker.");
    op(ctx, u += 47, kWorkerThread,
       "Found one 'ZTC Provision' task with type 'Machine Resource' and target ID '" + mid +
           "' and IP address '0'.");
    op(ctx, u += 62, kWorkerThread, "Target machine " + mid + " is a AMT capable machine.");
    op(ctx, u += 15, kWorkerThread, "Succeed to add new task to pending list.");
    op(ctx, u += 16, kWorkerThread, "AMT Provision Worker: Parsed 1 instruction files");
    op(ctx, u, kWorkerThread, "AMT Provision Worker: There are 1 tasks in pending list");
    op(ctx, u += 15, kWorkerThread,
       "AMT Provision Worker: Send task " + d.fqdn + " to completion port");
    op(ctx, u += 16, kWorkerThread,
       "AMT Provision Worker: 1 task(s) are sent to the task pool successfully.");
    const TaskResult r = provision_task(ctx, d, u + 141, true);
    if (r.provisioned) agent(r.t + 2000, "AMT device " + d.uuid + " is provisioned.");
    return r.provisioned ? after_provisioning(ctx, d, r.t) : r.t + 60'000;
}

}  // namespace

void probe_dns(Context& ctx, const Device* d, int64_t t) {
    const World& w = ctx.w;
    if (d == nullptr) {
        probe_entry(ctx, t, "provisionserver", "provisionserver." + w.domain(), "A",
                    provisionserver_answer(ctx, nullptr));
        const std::string server = w.server_fqdn();
        const std::string ip = w.site.get("site.server_ip");
        probe_entry(ctx, t + 3, "forward", server, "A", {{1, ip}}, server);
        probe_entry(ctx, t + 6, "reverse", reverse_name(ipv4(ip)), "PTR", {{12, server}}, server,
                    ip);
        return;
    }
    if (!has_forward_record(*d)) {
        probe_entry(ctx, t, "forward", d->fqdn, "A", {}, d->fqdn);
        return;
    }
    probe_entry(ctx, t, "forward", d->fqdn, "A", {{1, d->ip}}, d->fqdn);
    probe_entry(ctx, t + 3, "reverse", reverse_name(ipv4(d->ip)), "PTR", {{12, ptr_target(*d)}},
                d->fqdn, d->ip);
}

void site_background(Context& ctx, int64_t t) {
    // The capture runs at the site server: its own lookups show how long it ran (the hello
    // series rule compares the last hello with the end of the capture).
    dns_on_wire(ctx, server_ep(ctx.w, 0), t, "dc01." + ctx.w.domain(), 1, {{1, kDhcpServerIp}});
}

int64_t play_device(Context& ctx, const Device& d, int64_t t) {
    if (!d.s.on("device.reaches_site")) return t + 600'000;
    if (d.s.on("device.dhcp")) t = dhcp_exchange(ctx, d, t) + 1000;
    if (d.mode == Mode::inband) return play_inband(ctx, d, t);
    return play_oob(ctx, d, t);
}

}  // namespace amtdiag::provisioning
