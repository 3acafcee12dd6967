#pragma once
// Pasted host text as typed evidence (vocabulary in docs/probe-records.md):
//   host.ipconfig  one per adapter of `ipconfig /all`
//   dns.exchange   one per nslookup query (source "nslookup")
//   amt.info       one per rpc / MeshCmd / MEInfo block
#include <functional>
#include <string>
#include <string_view>

#include "analyzer/model/evidence.h"

namespace amtdiag::parsers::hosttext {

struct TextSummary {
    size_t adapters = 0;    // host.ipconfig emitted
    size_t queries = 0;     // dns.exchange emitted
    size_t amt_blocks = 0;  // amt.info emitted
};

// Runs every host-text parser over `utf8_text` and hands each evidence to `out`; `artifact`
// names the file in each SourceRef. Pure: no I/O, never throws for bad input.
TextSummary emit_host_text(std::string_view utf8_text, const std::string& artifact,
                           const std::function<void(const model::Evidence&)>& out);

}  // namespace amtdiag::parsers::hosttext
