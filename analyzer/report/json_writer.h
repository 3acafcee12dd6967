#pragma once
// A streaming JSON writer whose bytes equal nlohmann's dump(2) (or dump() when compact) of the
// same document: the report writes devices and findings through it instead of building a
// nlohmann tree per element, which cost more than the analysis on a 10,000-device fleet.
// The output stays byte-identical, so the golden reports and the JSON contract do not move.
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace amtdiag::report {

// Appends `text` as a JSON string literal, quotes included, escaped as nlohmann escapes with
// ensure_ascii off. Invalid UTF-8 is replaced as nlohmann's `replace` error handler does.
void append_json_string(std::string& out, std::string_view text);

class JsonWriter {
  public:
    // `depth`: the indentation level of the value about to be written (its parent's depth + 1
    // when it is embedded in a document written elsewhere).
    JsonWriter(std::string& out, bool compact, int depth = 0)
        : out_(out), compact_(compact), depth_(depth) {}

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }

    // Inside an object: the separator, the indentation and the quoted key.
    void key(std::string_view name);

    void value(std::string_view text) {
        element();
        append_json_string(out_, text);
    }
    void value(const char* text) { value(std::string_view(text)); }
    void value(const std::string& text) { value(std::string_view(text)); }
    void value(bool flag) {
        element();
        out_ += flag ? "true" : "false";
    }
    template <std::integral T>
    requires(!std::same_as<T, bool>) void value(T number) {
        if constexpr (std::is_signed_v<T>)
            signed_number(static_cast<int64_t>(number));
        else
            unsigned_number(static_cast<uint64_t>(number));
    }
    void null() {
        element();
        out_ += "null";
    }
    void value(const std::vector<std::string>& items);
    // A scalar already in JSON form (a number formatted elsewhere).
    void raw_scalar(std::string_view json) {
        element();
        out_.append(json);
    }

    template <class T>
    void member(std::string_view name, const T& v) {
        key(name);
        value(v);
    }

  private:
    void open(char bracket);
    void close(char bracket);
    // Before a value: inside an array, its separator and indentation; after a key, nothing.
    void element();
    void separate();
    void newline_indent(int depth);
    void signed_number(int64_t number);
    void unsigned_number(uint64_t number);

    std::string& out_;
    bool compact_;
    int depth_;
    bool after_key_ = false;
    // Per open container: whether it has no element yet.
    std::vector<bool> empty_;
};

}  // namespace amtdiag::report
