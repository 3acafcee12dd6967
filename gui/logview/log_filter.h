#pragma once
// The viewer's filter (CMTrace's "Filter..." plus severity and a time range), prepared once per
// source so that a whole-file pass is a loop over the index and the mapped bytes.
#include <QString>
#include <cstdint>
#include <optional>
#include <vector>

#include "gui/logview/log_record_ref.h"
#include "gui/logview/raw_search.h"

namespace amtdiag::gui::logview {

class LogSource;

struct FilterSpec {
    QString text;       // the message contains it (case-insensitive)
    QString component;  // the component contains it (case-insensitive)
    std::optional<uint32_t> thread;
    uint8_t min_severity = 0;  // model::Severity: 0 everything, 2 warnings and errors, 3 errors
    std::optional<int64_t> from_ms, to_ms;  // on the timeline key (UTC when the log says)
    bool active() const {
        return !text.isEmpty() || !component.isEmpty() || thread || min_severity > 0 || from_ms ||
               to_ms;
    }
};

// Made on the GUI thread (it reads the source's component names); matches() may then run on
// any thread for the records published when it was made.
class SourceFilter {
  public:
    SourceFilter(const FilterSpec& spec, const LogSource& source);
    bool matches(size_t record) const;
    // Components it knows (a newer record may name one it has not seen: make it again).
    size_t known_components() const { return known_components_; }

  private:
    FilterSpec spec_;
    const LogSource* source_;
    std::vector<bool> component_ok_;  // by component id; empty: any
    RawNeedle needle_;
    size_t known_components_ = 0;
    bool decode_text_ = false;  // a non-ASCII needle in a UTF-16 log: compare decoded text
};

}  // namespace amtdiag::gui::logview
