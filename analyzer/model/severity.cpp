#include "analyzer/model/severity.h"

namespace amtdiag::model {

std::string_view to_string(Severity severity) {
    switch (severity) {
        case Severity::none:
            return "none";
        case Severity::info:
            return "info";
        case Severity::warning:
            return "warning";
        case Severity::error:
            return "error";
    }
    return "none";
}

}  // namespace amtdiag::model
