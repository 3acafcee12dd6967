#pragma once
// Which device a fact is about. Every fact's keys (FQDN, host, UUID in either SMBIOS byte
// order, MachineId, MAC, IP) find or create a draft device; a fact naming keys of two
// drafts proves they are one machine, and the drafts are united (union-find) with their
// evidence merged at once, so memory follows devices, not log size.
//
// Strong keys (FQDN, UUID, MachineId, MAC) identify one machine; weak ones (host name alone,
// IP) only join when nothing stronger is known, because hosts repeat across domains and DHCP
// reuses addresses.
#include <cstdint>
#include <deque>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "analyzer/correlate/evidence_store.h"
#include "analyzer/correlate/fact.h"
#include "analyzer/model/device.h"

namespace amtdiag::correlate {

class DeviceIndex {
  public:
    struct Draft {
        // The kinds this device has, sorted by kind id: a device has some 45 of the run's
        // hundred-odd kinds, and a slot for every kind id cost 4 KB per device.
        std::vector<KindSamples> kinds;
        std::set<std::string> fqdns, hosts, uuids, machine_ids, ips, macs;
        std::string mode;
        uint64_t mode_sequence = 0;
        std::string firmware;
        // The most recent kAttemptsKept. A vector, not a deque: an empty deque already holds
        // a 512-byte block, and a site has a draft per device.
        std::vector<model::Attempt> attempts;
        uint64_t attempts_total = 0;
    };
    static constexpr size_t kAttemptsKept = 8;

    // The draft the keys name (after joining every draft they name), or -1 when they name
    // none. Keys are normalised here. Consecutive facts of a task name the same device over
    // and over; the answer for the same keys is cached.
    int resolve(const FactKeys& keys);

    // The root of `draft`'s union.
    int find(int draft);
    Draft& draft(int id) { return drafts_[static_cast<size_t>(find(id))]; }
    size_t size() const { return drafts_.size(); }
    bool is_root(int id) { return find(id) == id; }

    // The draft's samples of `kind`, added (with `retention`) when it has none yet.
    static KindSamples& kind_samples(Draft& draft, uint32_t kind, Retention retention);

    // Records an attempt on a draft, keeping the most recent ones.
    void add_attempt(int id, model::Attempt attempt);

    // The device a root draft describes (without evidence); false when it has no usable id.
    bool to_device(int root, model::Device& out);

    // Frees the key index (the scan is over; the drafts stay).
    void release_keys() { key_index_ = {}; }

  private:
    int new_draft();
    int unite(int a, int b);
    void absorb(Draft& into, Draft& from);
    int join_strong(char tag, const std::string& value, int current);
    void register_weak(char tag, const std::string& value, int draft);
    int lookup_weak(char tag, const std::string& value);
    int resolve_keys();

    std::deque<Draft> drafts_;  // a deque: growing it never copies drafts
    std::vector<int> parent_;
    std::unordered_map<std::string, int> key_index_;
    // Reused per call so the steady state does not allocate.
    std::string fqdn_, host_, uuid_, uuid_swapped_, machine_id_, ip_, mac_, key_;
    std::string key_set_, last_key_set_;
    int last_draft_ = -1;
};

}  // namespace amtdiag::correlate
