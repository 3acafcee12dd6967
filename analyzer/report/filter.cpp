#include "analyzer/report/filter.h"

#include <algorithm>

#include "analyzer/model/device_key.h"

namespace amtdiag::report {

bool keep_only_device(model::Analysis& analysis, const std::string& wanted) {
    const std::string as_fqdn = model::normalize_fqdn(wanted);
    const auto as_uuid = model::normalize_uuid(wanted);
    auto it =
        std::find_if(analysis.devices.begin(), analysis.devices.end(), [&](const model::Device& d) {
            return d.id == wanted || d.fqdn == as_fqdn || d.host == as_fqdn ||
                   (as_uuid && d.uuid == *as_uuid) || ("machine-" + d.machine_id) == wanted ||
                   d.machine_id == wanted;
        });
    if (it == analysis.devices.end()) return false;
    model::Device device = std::move(*it);
    analysis.devices.clear();
    analysis.findings.erase_if(
        [&](const model::Finding& f) { return !f.device.empty() && f.device != device.id; });
    analysis.stages = device.stages;
    analysis.first_failing_stage = device.first_failing_stage;
    analysis.devices.push_back(std::move(device));
    return true;
}

void keep_only_stage(model::Analysis& analysis, int stage) {
    analysis.findings.erase_if([&](const model::Finding& f) {
        return std::find(f.stages.begin(), f.stages.end(), stage) == f.stages.end();
    });
}

}  // namespace amtdiag::report
