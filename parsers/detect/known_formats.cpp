#include "parsers/detect/known_formats.h"

#include "parsers/detect/magic.h"

namespace amtdiag::parsers::detect {

Detection detect_known_format(const Probe& probe) {
    const auto type = identify(probe.head);
    // DER is the certificate reader's to judge, captures the capture reader's; what they do
    // not take stays unrecognised.
    if (!type || type->kind == "der" || type->kind == "pcap") return {};
    std::string reason(type->description);
    if (!type->advice.empty()) reason += ": " + std::string(type->advice);
    return {95, std::string(type->kind), reason};
}

}  // namespace amtdiag::parsers::detect
