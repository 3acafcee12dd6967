#pragma once
// Builtin functions (CEL standard ones plus documented amtdiag extensions). Internal.
#include <cstdint>
#include <span>
#include <string_view>

#include "analyzer/engine/expression/value.h"

namespace re2 {
class RE2;
}

namespace amtdiag::engine::expr::detail {

enum class Builtin : uint8_t {
    none,
    size,
    contains,
    starts_with,
    ends_with,
    matches,
    to_int,
    to_double,
    to_string,
    to_bool,
    to_duration,
    to_timestamp,
    lower_ascii,
    upper_ascii,
    first,
    last,
    distinct,
    max,
    min,
    // CEL strings extension (cel-go ext/strings): indexes count code points, as size() does.
    split,
    join,
    replace,
    trim,
    substring,
    index_of,
    last_index_of,
    // amtdiag extensions for certificate and firmware facts.
    compare_versions,
    byte_diff,
    hex_bytes,
    loose_text,
};

struct BuiltinInfo {
    std::string_view name;
    Builtin id;
    int min_args;   // counting the receiver for receiver-style calls
    int max_args;   // -1: variadic
    bool global;    // callable as name(args)
    bool receiver;  // callable as args[0].name(args[1..])
};

// The error for a call whose argument types no overload of `fn` takes.
Value no_overload(std::string_view fn, std::span<const Value> args);

// nullptr when `name` is not a builtin usable in that call style.
const BuiltinInfo* find_builtin(std::string_view name, bool receiver_style);

// args never contain errors (calls are strict: the evaluator propagates argument errors
// first). literal_regex is the pattern precompiled at compile time for matches(), or null.
Value call_builtin(Builtin id, std::span<const Value> args, const re2::RE2* literal_regex);

}  // namespace amtdiag::engine::expr::detail
