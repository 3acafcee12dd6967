#include "analyzer/model/device.h"

#include <algorithm>

namespace amtdiag::model {

uint64_t Attempt::count_of(std::string_view kind) const {
    const auto it = std::lower_bound(
        counts.begin(), counts.end(), kind,
        [this](const KindCount& c, std::string_view k) { return kind_name(c) < k; });
    return it != counts.end() && kind_name(*it) == kind ? it->count : 0;
}

std::string_view to_string(Attempt::Type type) {
    switch (type) {
        case Attempt::Type::provision:
            return "provision";
        case Attempt::Type::unprovision:
            return "unprovision";
        case Attempt::Type::unknown:
            break;
    }
    return "unknown";
}

std::string_view to_string(Attempt::Outcome outcome) {
    switch (outcome) {
        case Attempt::Outcome::succeeded:
            return "succeeded";
        case Attempt::Outcome::failed:
            return "failed";
        case Attempt::Outcome::incomplete:
            break;
    }
    return "incomplete";
}

}  // namespace amtdiag::model
