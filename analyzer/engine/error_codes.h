#pragma once
// The error-code knowledge base (rules/data/error-codes.yaml): what a code in a log line
// means. Entries are kept per spelling, as logs print them: hex (0x80090325, 0x10) or decimal
// (12029). Small values collide across families (5 is a Win32 and an LDAP code; 0x20 an LDAP
// and an AMT one), so a lookup takes the families the context allows.
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/engine/expression/value.h"

namespace amtdiag::engine {

struct CodeInfo {
    std::string code;  // as the knowledge base spells it
    std::string family;
    std::string name;
    std::string meaning;
    std::string also;   // the other spelling of the same code, if any
    std::string alias;  // another constant name for it, if any
};

class ErrorCodes {
  public:
    ErrorCodes() = default;
    // From the rule set's `data.error_codes` (a list of maps); entries without code, family
    // or name are ignored (`rules lint` names them).
    explicit ErrorCodes(const expr::Value& entries);

    // Every entry for a code as written ("0x80090325", "80090325", "0x80072efd", "12029",
    // "0x10"), in the knowledge base's order; only of `families` when given.
    std::vector<const CodeInfo*> lookup(std::string_view code,
                                        std::span<const std::string> families = {}) const;

    // Codes worth naming in a line of log text: 32-bit hex values (0x8009..., also without
    // 0x when eight digits) and WinHTTP decimals (12001-12186); small values are too
    // ambiguous without a field that says what they are.
    std::vector<const CodeInfo*> find_in_text(std::string_view text) const;

    size_t size() const { return entries_.size(); }
    const std::vector<CodeInfo>& entries() const { return entries_; }

  private:
    struct Key {
        bool hex = false;
        uint64_t value = 0;
        auto operator<=>(const Key&) const = default;
    };
    static std::optional<Key> parse(std::string_view code);
    std::vector<CodeInfo> entries_;
    std::vector<Key> keys_;  // parallel to entries_
    // Entry indexes sorted by key, the knowledge base's order kept among equal keys: rules
    // look codes up for every device, and the base has over a thousand entries.
    std::vector<uint32_t> by_key_;
};

}  // namespace amtdiag::engine
