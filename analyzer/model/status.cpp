#include "analyzer/model/status.h"

namespace amtdiag::model {

std::string_view to_string(Status status) {
    switch (status) {
        case Status::pass:
            return "pass";
        case Status::fail:
            return "fail";
        case Status::warn:
            return "warn";
        case Status::unknown:
            return "unknown";
        case Status::manual:
            return "manual";
        case Status::skipped:
            return "skipped";
    }
    return "unknown";
}

std::optional<Status> status_from_string(std::string_view text) {
    for (Status s : {Status::pass, Status::fail, Status::warn, Status::unknown, Status::manual,
                     Status::skipped})
        if (to_string(s) == text) return s;
    return std::nullopt;
}

}  // namespace amtdiag::model
