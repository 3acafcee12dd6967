#include "analyzer/scan/log_kind.h"

#include "parsers/cmlog/reader.h"

namespace amtdiag::scan {

LogKindClassifier::LogKindClassifier(std::span<const Signature> signatures) {
    for (const Signature& sig : signatures)
        for (const std::string& kind : sig.logs)
            if (!matchers_.count(kind))
                matchers_.emplace(kind, std::make_unique<SignatureMatcher>(signatures, kind));
}

LogKindClassifier::~LogKindClassifier() = default;

std::optional<std::string> LogKindClassifier::classify(std::string_view head,
                                                       std::string_view hint) {
    std::map<std::string, size_t> matches;
    parsers::cmlog::ReadOptions options;
    options.sha256 = false;
    parsers::cmlog::read_log_bytes(
        head, "head",
        [&](const parsers::cmlog::LogRecord& record) {
            for (auto& [kind, matcher] : matchers_) {
                matcher->scan(record.message);
                if (matcher->hit_count() > 0) ++matches[kind];
            }
        },
        options);
    std::optional<std::string> best;
    size_t best_count = 0;
    for (const auto& [kind, count] : matches) {  // name order: ties go to the first name...
        if (count > best_count || (count == best_count && count > 0 && kind == hint)) {
            best = kind;  // ...unless the reader's hint is among them
            best_count = count;
        }
    }
    return best;
}

}  // namespace amtdiag::scan
