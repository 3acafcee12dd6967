// The readers amtdiag knows, one line each. Adding a reader: write parsers/<kind>/, then add
// its line here (docs/architecture.md, "Adding an artifact reader").
#include "parsers/cert/cert_reader.h"
#include "parsers/cmlog/cmlog_reader.h"
#include "parsers/detect/known_formats.h"
#include "parsers/epm/epm_reader.h"
#include "parsers/hosttext/hosttext_reader.h"
#include "parsers/hotfix/hotfix_reader.h"
#include "parsers/pcap/pcap_reader.h"
#include "parsers/probe/probe_reader.h"
#include "parsers/reader.h"
#include "parsers/whoami/whoami_reader.h"

namespace amtdiag::parsers {

std::span<const ReaderEntry> registered_readers() {
    static constexpr ReaderEntry kReaders[] = {
        {"cmlog", cmlog::detect, cmlog::make_reader},
        {"cert", cert::detect, cert::make_reader},
        {"pcap", pcap::detect, pcap::make_reader},
        {"probe", probe::detect, probe::make_reader},
        {"hosttext", hosttext::detect, hosttext::make_reader},
        {"hotfix", hotfix::detect, hotfix::make_reader},
        {"whoami", whoami::detect, whoami::make_reader},
        {"epm", epm::detect, epm::make_reader},
        {"known-formats", detect::detect_known_format, nullptr},
    };
    return kReaders;
}

}  // namespace amtdiag::parsers
