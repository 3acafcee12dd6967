#include "analyzer/model/device.h"

namespace amtdiag::model {

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
