#pragma once
// "Did you mean ...?" for names: the candidate closest to a misspelled word (Levenshtein
// distance below 3), used for undeclared names in expressions and unknown keys in rule files.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace amtdiag::engine::expr {

size_t edit_distance(std::string_view a, std::string_view b);

template <class Range>
std::optional<std::string> closest_name(std::string_view word, const Range& candidates) {
    std::optional<std::string> best;
    size_t best_distance = 3;
    for (const auto& candidate : candidates) {
        const size_t d = edit_distance(candidate, word);
        if (d < best_distance) {
            best_distance = d;
            best = std::string(candidate);
        }
    }
    return best;
}

}  // namespace amtdiag::engine::expr
