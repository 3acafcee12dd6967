#pragma once
// The runtime value of the rule expression language (see docs/expression-language.md).
// Copies are cheap: every variable-size payload (string, list, map, object, error) sits behind
// a shared_ptr to const, so a Value is 24 bytes and copying it never allocates.
#include <concepts>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace amtdiag::engine::expr {

// Milliseconds since 1970-01-01T00:00:00Z. The analyzer's log clocks have ms resolution,
// so finer precision would only be noise.
struct Timestamp {
    int64_t ms = 0;
    friend auto operator<=>(const Timestamp&, const Timestamp&) = default;
};
struct Duration {
    int64_t ms = 0;
    friend auto operator<=>(const Duration&, const Duration&) = default;
};

enum class ValueType {
    null,
    boolean,
    integer,
    floating,
    string,
    list,
    map,
    object,
    timestamp,
    duration,
    error,
};

// "null", "bool", "int", "double", "string", "list", "map", "object", "timestamp",
// "duration", "error" - the names used in messages and docs.
std::string_view type_name(ValueType type);

class Value;
using List = std::vector<Value>;
// Ordered so debug output and iteration in macros are deterministic; transparent so lookups
// by string_view do not allocate.
using Map = std::map<std::string, Value, std::less<>>;

// A host-provided record (an evidence item, the device, ...). Fields are computed on demand so
// the host need not convert whole records up front.
class Object {
  public:
    virtual ~Object() = default;
    // nullopt when the record has no such field (that is what has() reports as false).
    virtual std::optional<Value> field(std::string_view name) const = 0;
    // Shown in messages, e.g. "no such field 'x' on log.retry".
    virtual std::string_view type_name() const = 0;
};

// An evaluation error travelling as a value (CEL semantics: errors are absorbed by && / ||
// and by exists/all, and otherwise propagate). offset is the byte position in the expression
// source where it arose, or -1 when not known yet.
struct ErrorInfo {
    std::string message;
    int offset = -1;
};

class Value {
  public:
    Value() = default;  // null
    Value(std::nullptr_t) {}
    Value(bool b) : data_(b) {}
    // Any integer type (but not bool) becomes an int64 - avoids ambiguity for Value(42).
    template <std::integral T>
    requires(!std::same_as<T, bool>) Value(T i) : data_(static_cast<int64_t>(i)) {}
    Value(double d) : data_(d) {}
    Value(std::string s);
    Value(std::string_view s) : Value(std::string(s)) {}
    Value(const char* s) : Value(std::string(s)) {}  // otherwise it would convert to bool
    Value(List list);
    Value(std::shared_ptr<const List> list) : data_(std::move(list)) {}
    Value(Map map);
    Value(std::shared_ptr<const Map> map) : data_(std::move(map)) {}
    Value(std::shared_ptr<const Object> object) : data_(std::move(object)) {}
    Value(Timestamp t) : data_(t) {}
    Value(Duration d) : data_(d) {}

    static Value null() { return Value(); }
    static Value error(std::string message, int offset = -1);
    static Value error(std::shared_ptr<const ErrorInfo> info) { return Value(std::move(info)); }

    ValueType type() const { return static_cast<ValueType>(data_.index()); }
    bool is_null() const { return type() == ValueType::null; }
    bool is_error() const { return type() == ValueType::error; }
    // Object values report their own type_name(), everything else the ValueType name.
    std::string_view type_name() const;

    // Accessors require the matching type(); a mismatch throws std::bad_variant_access.
    bool as_bool() const { return std::get<bool>(data_); }
    int64_t as_int() const { return std::get<int64_t>(data_); }
    double as_double() const { return std::get<double>(data_); }
    const std::string& as_string() const { return *std::get<StringPtr>(data_); }
    const List& as_list() const { return *std::get<ListPtr>(data_); }
    const Map& as_map() const { return *std::get<MapPtr>(data_); }
    const Object& as_object() const { return *std::get<ObjectPtr>(data_); }
    const std::shared_ptr<const Object>& object_ptr() const { return std::get<ObjectPtr>(data_); }
    const std::shared_ptr<const List>& list_ptr() const { return std::get<ListPtr>(data_); }
    Timestamp as_timestamp() const { return std::get<Timestamp>(data_); }
    Duration as_duration() const { return std::get<Duration>(data_); }
    const ErrorInfo& as_error() const { return *std::get<ErrorPtr>(data_); }
    const std::shared_ptr<const ErrorInfo>& error_ptr() const { return std::get<ErrorPtr>(data_); }

    // An unambiguous rendering for messages and test output: strings quoted, doubles always
    // with a fraction or exponent, e.g. [1, 2.0, "a", timestamp("2009-01-14T13:43:12Z")].
    std::string to_debug_string() const;

    // Strict structural identity (same type and same content; objects by identity). This is
    // NOT the language's `==`, which compares int and double numerically - see operators.h.
    friend bool operator==(const Value& a, const Value& b);

  private:
    using StringPtr = std::shared_ptr<const std::string>;
    using ListPtr = std::shared_ptr<const List>;
    using MapPtr = std::shared_ptr<const Map>;
    using ObjectPtr = std::shared_ptr<const Object>;
    using ErrorPtr = std::shared_ptr<const ErrorInfo>;

    explicit Value(ErrorPtr e) : data_(std::move(e)) {}

    // Alternative order must match ValueType.
    std::variant<std::monostate, bool, int64_t, double, StringPtr, ListPtr, MapPtr, ObjectPtr,
                 Timestamp, Duration, ErrorPtr>
        data_;
};

// Lets GoogleTest and logs print values.
std::ostream& operator<<(std::ostream& os, const Value& v);

}  // namespace amtdiag::engine::expr
