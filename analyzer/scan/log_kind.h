#pragma once
// Which ConfigMgr log a text is when it does not say (no component column: a few lines pasted
// into a ticket, a log copied out of a viewer): the kind whose signatures match the most of
// its first lines. One matching line is enough; what no signature knows is no log of ours.
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "analyzer/scan/signature.h"
#include "analyzer/scan/signature_matcher.h"

namespace amtdiag::scan {

class LogKindClassifier {
  public:
    explicit LogKindClassifier(std::span<const Signature> signatures);
    ~LogKindClassifier();
    LogKindClassifier(const LogKindClassifier&) = delete;
    LogKindClassifier& operator=(const LogKindClassifier&) = delete;

    // The kind whose signatures match the most records of `head` (a file's first bytes, in
    // any encoding the log reader reads); `hint` wins a tie. Nothing when no line matches.
    std::optional<std::string> classify(std::string_view head, std::string_view hint = {});

  private:
    std::map<std::string, std::unique_ptr<SignatureMatcher>> matchers_;  // by log kind
};

}  // namespace amtdiag::scan
