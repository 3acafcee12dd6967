#pragma once
// CCM format: <![LOG[message]LOG]!><time="..." date="..." component="..." ... > (§1.1).
#include <cstdint>
#include <string_view>

#include "analyzer/model/log_time.h"

namespace amtdiag::parsers::cmlog::detail {

inline constexpr std::string_view kCcmOpen = "<![LOG[";
inline constexpr std::string_view kCcmClose = "]LOG]!><";

struct CcmAttributes {
    std::string_view component;
    std::string_view file;
    model::LogTime time;
    uint32_t thread = 0;
    bool has_thread = false;
    int type = -1;  // -1: absent or not a single digit
};

// Index just after the '>' that closes the attribute element starting at attrs[from] (quoted
// values may hold '>'), or npos when the element is cut or its quoting is broken.
std::size_t ccm_attributes_end(std::string_view text, std::size_t from);

// A record opener: "<![LOG[" or a damaged one ("< ![LOG[", "![LOG[", "<!LOG[": a few of the
// characters "<! [" before "LOG[").
struct CcmOpener {
    std::size_t at = std::string_view::npos;  // where the opener (and the record) starts
    std::size_t message_begin = 0;            // just after its '['
    bool damaged = false;
    bool found() const { return at != std::string_view::npos; }
};
// The first opener at or after `from`; exact ones are preferred to damaged ones.
CcmOpener find_ccm_opener(std::string_view text, std::size_t from);
// An opener that starts the line (after blanks), or none.
CcmOpener ccm_opener_at_start(std::string_view text);

// `attrs` is the text after "]LOG]!><" (the closing '>' may be present or not). Attributes are
// read by name, in any order; unknown ones are skipped, a cut-off value is taken as far as it
// goes.
CcmAttributes parse_ccm_attributes(std::string_view attrs);

}  // namespace amtdiag::parsers::cmlog::detail
