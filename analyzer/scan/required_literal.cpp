#include "analyzer/scan/required_literal.h"

namespace amtdiag::scan {

namespace {

constexpr size_t kMinLiteral = 4;
constexpr size_t kMinStartLiteral = 5;

bool is_quantifier(char c) {
    return c == '?' || c == '*' || c == '+' || c == '{';
}

// If a quantifier starts after position i, moves i onto its last character ("{2,5}?" whole).
void skip_quantifier(std::string_view p, size_t& i) {
    if (i + 1 >= p.size() || !is_quantifier(p[i + 1])) return;
    ++i;
    if (p[i] == '{') {
        const size_t close = p.find('}', i);
        i = close == std::string_view::npos ? p.size() - 1 : close;
    }
    if (i + 1 < p.size() && p[i + 1] == '?') ++i;  // lazy form
}

// Escapes that stand for one literal character.
bool literal_escape(char c, char& out) {
    if (std::string_view(".\\()[]{}|?*+^$/-'\"<>#:=!, ").find(c) != std::string_view::npos) {
        out = c;
        return true;
    }
    return false;
}

// Removes the parentheses of groups that do not change what is required: no alternation at
// their top level and no quantifier after them. "(?P<call>Foo\\.Bar) finished" then reads as
// the single literal "Foo.Bar finished".
std::string unwrap_plain_groups(std::string_view p) {
    std::string out(p);
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t i = 0; i < out.size(); ++i) {
            if (out[i] == '\\') {
                ++i;
                continue;
            }
            if (out[i] == '[') {
                while (i < out.size() && out[i] != ']') i += out[i] == '\\' ? 2 : 1;
                continue;
            }
            if (out[i] != '(') continue;
            size_t body = i + 1;
            if (out.compare(i, 3, "(?:") == 0)
                body = i + 3;
            else if (out.compare(i, 4, "(?P<") == 0)
                body = out.find('>', i) + 1;
            else if (out.compare(i, 2, "(?") == 0)
                continue;  // flags and other forms: leave
            int depth = 1;
            bool alternation = false;
            size_t j = body;
            for (; j < out.size() && depth > 0; ++j) {
                const char c = out[j];
                if (c == '\\') {
                    ++j;
                    continue;
                }
                if (c == '[') {
                    while (j < out.size() && out[j] != ']') j += out[j] == '\\' ? 2 : 1;
                    continue;
                }
                if (c == '(')
                    ++depth;
                else if (c == ')')
                    --depth;
                else if (c == '|' && depth == 1)
                    alternation = true;
            }
            if (depth != 0) return std::string(p);  // unbalanced: do not guess
            const size_t close = j - 1;
            const bool quantified = j < out.size() && is_quantifier(out[j]);
            if (alternation || quantified) continue;
            out.erase(close, 1);
            out.erase(i, body - i);
            changed = true;
            break;
        }
    }
    return out;
}

}  // namespace

RequiredLiteral required_literal(std::string_view pattern) {
    RequiredLiteral best;
    const std::string unwrapped = unwrap_plain_groups(pattern);
    const std::string_view p = unwrapped;
    if (p.rfind("(?i)", 0) == 0 || p.rfind("(?is)", 0) == 0)
        return best;  // case-insensitive throughout
    // Top-level alternation: no single literal is required.
    int depth = 0;
    bool in_class = false;
    for (size_t i = 0; i < p.size(); ++i) {
        const char c = p[i];
        if (c == '\\') {
            ++i;
            continue;
        }
        if (in_class) {
            if (c == ']') in_class = false;
            continue;
        }
        if (c == '[')
            in_class = true;
        else if (c == '(')
            ++depth;
        else if (c == ')')
            --depth;
        else if (c == '|' && depth == 0)
            return best;
    }

    std::string run;
    bool run_at_start = true;  // the current run began at pattern position 0
    auto close_run = [&](bool next_is_optional) {
        std::string candidate = run;
        // "ab?" makes only "a" required; drop the quantified last character.
        if (next_is_optional && !candidate.empty()) candidate.pop_back();
        // A literal the pattern starts with wins when it is selective enough: the match can
        // then be confirmed anchored at it, which is far cheaper than a search.
        const bool starts = run_at_start && !next_is_optional;
        const bool better = best.at_start ? false
                            : starts      ? candidate.size() >= kMinStartLiteral
                                          : candidate.size() > best.text.size();
        if (candidate.size() >= kMinLiteral && better) {
            best.text = candidate;
            best.at_start = starts;
        }
        run.clear();
        run_at_start = false;
    };
    depth = 0;
    for (size_t i = 0; i < p.size(); ++i) {
        const char c = p[i];
        if (depth > 0) {  // inside a group: skip it (it may be optional or alternated)
            if (c == '\\')
                ++i;
            else if (c == '[') {
                while (i < p.size() && p[i] != ']') i += p[i] == '\\' ? 2 : 1;
            } else if (c == '(')
                ++depth;
            else if (c == ')') {
                --depth;
                if (depth == 0) skip_quantifier(p, i);
            }
            continue;
        }
        if (c == '\\' && i + 1 < p.size()) {
            char lit = 0;
            if (literal_escape(p[i + 1], lit)) {
                const bool optional =
                    i + 2 < p.size() && (p[i + 2] == '?' || p[i + 2] == '*' || p[i + 2] == '{');
                run.push_back(lit);
                ++i;
                if (optional || (i + 1 < p.size() && p[i + 1] == '+')) {
                    close_run(optional);
                    if (i + 1 < p.size()) ++i;
                }
                continue;
            }
            close_run(false);  // \d, \s, \w ...: a class
            ++i;
            skip_quantifier(p, i);
            continue;
        }
        if (c == '(') {
            close_run(false);
            ++depth;
            continue;
        }
        if (c == '[') {
            close_run(false);
            while (i < p.size() && p[i] != ']') i += p[i] == '\\' ? 2 : 1;
            skip_quantifier(p, i);
            continue;
        }
        if (c == '.' || c == '^' || c == '$') {
            close_run(false);
            skip_quantifier(p, i);
            continue;
        }
        if (c == '+') {  // one or more of the previous character: it stays required
            close_run(false);
            continue;
        }
        if (i + 1 < p.size() && (p[i + 1] == '?' || p[i + 1] == '*' || p[i + 1] == '{')) {
            close_run(false);  // this character may be absent or repeated: the run ends before it
            skip_quantifier(p, i);
            continue;
        }
        run.push_back(c);
    }
    close_run(false);
    return best;
}

}  // namespace amtdiag::scan
