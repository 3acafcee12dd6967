#include "parsers/cmlog/damage.h"

#include <utility>

namespace amtdiag::parsers::cmlog::detail {
namespace {

constexpr std::size_t kMaxSwitchesNamed = 4;

std::string plural(uint64_t n, const char* one, const char* many) {
    return with_commas(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string with_commas(uint64_t value) {
    std::string digits = std::to_string(value);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

void LineList::add(uint64_t line) {
    ++count;
    if (first.size() < kMaxDamagedLines) first.push_back(line);
}

void LineList::merge(const LineList& next, uint64_t lines_before) {
    count += next.count;
    for (const uint64_t line : next.first) {
        if (first.size() == kMaxDamagedLines) break;
        first.push_back(lines_before + line);
    }
}

std::string LineList::describe() const {
    std::string out = first.size() == 1 && count == 1 ? "line " : "lines ";
    for (std::size_t i = 0; i < first.size(); ++i) {
        if (i > 0) out += ", ";
        out += with_commas(first[i]);
    }
    if (count > first.size()) out += ", ...";
    return out;
}

void DamageLog::nul_run(uint64_t offset, uint64_t length) {
    if (nul_runs_ == 0) first_nul_offset_ = offset;
    ++nul_runs_;
    nul_bytes_ += length;
}

void DamageLog::encoding_switch(uint64_t offset, bool to_utf16) {
    ++switch_count_;
    if (switches_.size() < kMaxSwitchesNamed) switches_.push_back({offset, to_utf16});
}

void DamageLog::truncated_line(uint64_t line, uint64_t dropped) {
    truncated_lines_.add(line);
    truncated_line_bytes_ += dropped;
}

void DamageLog::truncated_record(uint64_t line, uint64_t dropped_bytes, uint64_t dropped_lines) {
    truncated_records_.add(line);
    truncated_record_bytes_ += dropped_bytes;
    truncated_record_lines_ += dropped_lines;
}

void DamageLog::merge(const DamageLog& next, uint64_t lines_before) {
    damaged_.merge(next.damaged_, lines_before);
    glued_.merge(next.glued_, lines_before);
    invalid_times_.merge(next.invalid_times_, lines_before);
    inner_boms_.merge(next.inner_boms_, lines_before);
    truncated_lines_.merge(next.truncated_lines_, lines_before);
    truncated_records_.merge(next.truncated_records_, lines_before);
    if (nul_runs_ == 0) first_nul_offset_ = next.first_nul_offset_;
    nul_runs_ += next.nul_runs_;
    nul_bytes_ += next.nul_bytes_;
    stray_bytes_ += next.stray_bytes_;
    truncated_line_bytes_ += next.truncated_line_bytes_;
    truncated_record_bytes_ += next.truncated_record_bytes_;
    truncated_record_lines_ += next.truncated_record_lines_;
    for (const Switch& s : next.switches_) {
        if (switches_.size() == kMaxSwitchesNamed) break;
        switches_.push_back(s);
    }
    switch_count_ += next.switch_count_;
    if (bom_says_ == nullptr) {
        bom_says_ = next.bom_says_;
        bom_is_ = next.bom_is_;
    }
    for (std::size_t i = 0; i < line_ends_.size(); ++i) line_ends_[i] += next.line_ends_[i];
}

void DamageLog::fill(FileInfo& info) const {
    info.damaged_records = damaged_.count;
    info.damaged_lines = damaged_.first;
    info.skipped_bytes = nul_bytes_ + stray_bytes_;
    info.truncated_bytes = truncated_line_bytes_ + truncated_record_bytes_;
    info.invalid_times = invalid_times_.count;
    auto& notes = info.notes;
    notes.clear();
    if (bom_says_ != nullptr) {
        notes.push_back(std::string("byte order mark says ") + bom_says_ + " but the text is " +
                        bom_is_ + ": read as " + bom_is_);
    }
    if (nul_runs_ == 1) {
        notes.push_back("NUL padding skipped: " + plural(nul_bytes_, "byte", "bytes") +
                        " from byte " + with_commas(first_nul_offset_) + " (what a crash leaves)");
    } else if (nul_runs_ > 1) {
        notes.push_back("NUL padding skipped: " + plural(nul_bytes_, "byte", "bytes") + " in " +
                        with_commas(nul_runs_) + " runs, the first at byte " +
                        with_commas(first_nul_offset_) + " (what a crash leaves)");
    }
    for (std::size_t i = 0; i < switches_.size(); ++i) {
        const bool to16 = switches_[i].to_utf16;
        notes.push_back(std::string("encoding changes from ") + (to16 ? "UTF-8" : "UTF-16LE") +
                        " to " + (to16 ? "UTF-16LE" : "UTF-8") + " at byte " +
                        with_commas(switches_[i].offset));
    }
    if (switch_count_ > switches_.size()) {
        notes.push_back(plural(switch_count_ - switches_.size(), "more encoding change",
                               "more encoding changes"));
    }
    if (stray_bytes_ > 0) {
        notes.push_back(plural(stray_bytes_, "stray byte", "stray bytes") +
                        " skipped (half a UTF-16 character)");
    }
    if (damaged_.count > 0) {
        notes.push_back(plural(damaged_.count, "damaged record", "damaged records") + " (" +
                        damaged_.describe() + ")");
    }
    if (glued_.count > 0) {
        notes.push_back(plural(glued_.count, "record", "records") +
                        " glued to the previous one on the same line, split (" + glued_.describe() +
                        ")");
    }
    if (truncated_lines_.count > 0) {
        notes.push_back(plural(truncated_lines_.count, "line", "lines") + " longer than " +
                        with_commas(kMaxLineBytes) + " bytes truncated (" +
                        truncated_lines_.describe() +
                        "): " + plural(truncated_line_bytes_, "byte", "bytes") + " dropped");
    }
    if (truncated_records_.count > 0) {
        notes.push_back(plural(truncated_records_.count, "record", "records") + " longer than " +
                        with_commas(kMaxRecordBytes) + " bytes truncated (" +
                        truncated_records_.describe() +
                        "): " + plural(truncated_record_bytes_, "byte", "bytes") + " in " +
                        plural(truncated_record_lines_, "line", "lines") + " dropped");
    }
    if (invalid_times_.count > 0) {
        notes.push_back(plural(invalid_times_.count, "impossible date", "impossible dates") +
                        " kept as written and marked invalid (" + invalid_times_.describe() + ")");
    }
    if (inner_boms_.count > 0) {
        notes.push_back(plural(inner_boms_.count, "byte order mark", "byte order marks") +
                        " inside the text removed (" + inner_boms_.describe() + ")");
    }
    const uint64_t crlf = line_ends_[0], lf = line_ends_[1], cr = line_ends_[2];
    const int styles = (crlf > 0) + (lf > 0) + (cr > 0);
    if (styles == 1 && cr > 0) {
        notes.push_back("line ends are CR only (old Mac style)");
    } else if (styles > 1) {
        std::string note = "mixed line ends: ";
        const char* sep = "";
        for (const auto& [n, name] :
             {std::pair{crlf, " CRLF"}, std::pair{lf, " LF"}, std::pair{cr, " CR alone"}}) {
            if (n == 0) continue;
            note += sep + with_commas(n) + name;
            sep = ", ";
        }
        notes.push_back(note);
    }
}

}  // namespace amtdiag::parsers::cmlog::detail
