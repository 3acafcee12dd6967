#include "parsers/pcap/flow_table.h"

#include <algorithm>
#include <tuple>

namespace amtdiag::parsers::pcap {

namespace {

bool less(const Endpoint& x, const Endpoint& y) {
    return std::tie(x.ip.v6, x.ip.bytes, x.port) < std::tie(y.ip.v6, y.ip.bytes, y.port);
}

}  // namespace

FlowKey flow_key(const Endpoint& x, const Endpoint& y) {
    return less(x, y) ? FlowKey{x, y} : FlowKey{y, x};
}

size_t FlowKeyHash::operator()(const FlowKey& k) const {
    // FNV-1a over the fields that differ between flows.
    uint64_t h = 1469598103934665603ull;
    auto mix = [&](uint64_t v) {
        h ^= v;
        h *= 1099511628211ull;
    };
    for (const Endpoint* e : {&k.a, &k.b}) {
        for (uint8_t b : e->ip.bytes) mix(b);
        mix(e->port);
        mix(e->ip.v6);
    }
    return static_cast<size_t>(h);
}

Flow* FlowTable::find(const FlowKey& key) {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : it->second->second.get();
}

Flow& FlowTable::insert(const FlowKey& key) {
    order_.emplace_back(key, std::make_unique<Flow>());
    index_[key] = std::prev(order_.end());
    return *order_.back().second;
}

void FlowTable::touch(const FlowKey& key) {
    auto it = index_.find(key);
    if (it != index_.end()) order_.splice(order_.end(), order_, it->second);
}

void FlowTable::erase(const FlowKey& key) {
    auto it = index_.find(key);
    if (it == index_.end()) return;
    order_.erase(it->second);
    index_.erase(it);
}

Flow* FlowTable::oldest(FlowKey* key) {
    if (order_.empty()) return nullptr;
    if (key != nullptr) *key = order_.front().first;
    return order_.front().second.get();
}

std::vector<Flow*> FlowTable::all_by_first_packet() {
    std::vector<Flow*> out;
    for (auto& e : order_) out.push_back(e.second.get());
    std::sort(out.begin(), out.end(),
              [](const Flow* x, const Flow* y) { return x->first_packet < y->first_packet; });
    return out;
}

}  // namespace amtdiag::parsers::pcap
