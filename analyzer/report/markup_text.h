#pragma once
// Text from artifacts on its way into HTML or XML. Log lines, file names and certificate
// subjects are written by whoever made them: `<script>` in a log message must stay text, and a
// right-to-left override must not reorder what the engineer reads. Both markups share one rule.
#include <string>
#include <string_view>

#include "analyzer/model/source_ref.h"

namespace amtdiag::report {

// safe_text() (controls, bidi overrides and bytes that are not UTF-8 become visible escapes),
// then & < > " ' as character references, and U+FFFE/U+FFFF (not characters in XML) as
// escapes. Safe in element content and in quoted attribute values.
std::string markup_text(std::string_view text);

// Where a piece of evidence sits: "logs/AMTOPMGR.LOG:36", "hello.pcap packet 12",
// "chain.pem item 2". Raw text: escape it for the output it goes to.
std::string place(const model::SourceRef& ref);

}  // namespace amtdiag::report
