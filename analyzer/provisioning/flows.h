#pragma once
// The per-device plays: out-of-band (hello -> ConfigMgr out of band service point), in-band
// (the agent's ZTC request), one-touch (PSK or PKI hello to the core server), and the
// un-provisioning run. Each writes to the context's logs and capture in time order.
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzer/provisioning/certs.h"
#include "analyzer/provisioning/clock.h"
#include "analyzer/provisioning/cm_log.h"
#include "analyzer/provisioning/pcapng.h"
#include "analyzer/provisioning/world.h"

namespace amtdiag::provisioning {

struct Pki {
    std::unique_ptr<Cert> root, issuing, prov_ca, prov;
};

struct Context {
    Context(const World& world, uint64_t seed, CmLog& op, CmLog& px, Pcapng& capture, Pki& p,
            std::string folder)
        : w(world), rng(seed), opmgr(op), proxy(px), cap(capture), pki(p), dir(std::move(folder)) {}

    const World& w;
    Rng rng;
    CmLog& opmgr;
    CmLog& proxy;
    Pcapng& cap;
    Pki& pki;
    std::string dir;                                                       // the bundle folder
    nlohmann::ordered_json dns_results = nlohmann::ordered_json::array();  // the site's DNS probe
    uint16_t dns_id = 1;
    uint32_t next_port = 49152;
    unsigned task_thread = 5360;
    std::vector<size_t> provisioned;
    size_t client_files_limit = 1000;  // devices whose client-side files are written  // device
                                       // indexes, in the order they finished
};

// Runs one device from `t` (UTC ms); returns when its story ends.
int64_t play_device(Context& ctx, const Device& d, int64_t t);
// The un-provisioning of a provisioned device (Figure 4).
int64_t play_unprovision(Context& ctx, const Device& d, int64_t t);
// A lookup by the site server itself at `t` (the capture's own background traffic).
void site_background(Context& ctx, int64_t t);
// Site DNS probe entries for the server and the device (ProvisionServer, forward, reverse).
void probe_dns(Context& ctx, const Device* d, int64_t t);

}  // namespace amtdiag::provisioning
