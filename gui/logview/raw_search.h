#pragma once
// Case-insensitive search of a needle in the raw bytes of a record, in the file's encoding:
// the text filter runs over the mapped file without decoding every record (a filter over a
// 1 GiB log must take seconds, not minutes). Case folding is ASCII only, which is what log
// keywords, codes and host names need.
#include <string>
#include <string_view>

namespace amtdiag::gui::logview {

class RawNeedle {
  public:
    RawNeedle() = default;
    // `utf8`: the text looked for; `wide`: the haystacks are UTF-16LE.
    RawNeedle(std::string_view utf8, bool wide);
    bool empty() const { return folded_.empty(); }
    bool found_in(std::string_view haystack) const;

  private:
    std::string folded_;  // lower-case ASCII, in the haystack's encoding
    bool wide_ = false;
};

// The part of a raw record that holds its message: before the CCM attributes ("]LOG]!><"),
// the SMS trace trailer ("$$<") or the tab of a CMTrace copy. Searching only there keeps a
// text filter from matching every record on a component name or a date.
std::string_view message_part(std::string_view raw, bool wide);

}  // namespace amtdiag::gui::logview
