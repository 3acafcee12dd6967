#include "analyzer/engine/rule_yaml.h"

#include <yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <unordered_map>

namespace amtdiag::engine::yaml {

namespace {

// Deeper than any rule file needs; the loader's own walks recurse, so the depth is bounded.
constexpr size_t kMaxDepth = 256;

class Parser {
  public:
    explicit Parser(std::string_view text) {
        yaml_parser_initialize(&parser_);
        yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                     text.size());
    }
    ~Parser() { yaml_parser_delete(&parser_); }
    Parser(const Parser&) = delete;
    Parser& operator=(const Parser&) = delete;

    // The next event into `event` (owned by the caller's Event); throws on a syntax error.
    void next(yaml_event_t& event) {
        if (yaml_parser_parse(&parser_, &event)) return;
        std::string what = parser_.problem != nullptr ? parser_.problem : "malformed YAML";
        if (parser_.context != nullptr) what = std::string(parser_.context) + ": " + what;
        throw Error(static_cast<int>(parser_.problem_mark.line), what);
    }

  private:
    yaml_parser_t parser_{};
};

class Event {
  public:
    explicit Event(Parser& parser) { parser.next(event_); }
    ~Event() { yaml_event_delete(&event_); }
    Event(const Event&) = delete;
    Event& operator=(const Event&) = delete;
    const yaml_event_t* operator->() const { return &event_; }

  private:
    yaml_event_t event_{};
};

std::string_view chars(const yaml_char_t* text) {
    return text == nullptr ? std::string_view() : reinterpret_cast<const char*>(text);
}

// yaml-cpp reads these plain scalars as null.
bool is_null_word(std::string_view text) {
    return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

[[noreturn]] void bad_conversion(const Node& node, const char* to) {
    throw Error(node.line(), std::string("bad conversion: not ") + to);
}

}  // namespace

size_t Node::size() const {
    if (item_ == nullptr) return 0;
    if (item_->type == NodeType::map) return item_->children.size() / 2;
    if (item_->type == NodeType::sequence) return item_->children.size();
    return 0;
}

Node Node::operator[](std::string_view key) const {
    if (!is_map()) return Node();
    const auto& kids = item_->children;
    for (size_t i = 0; i + 1 < kids.size(); i += 2)
        if (kids[i]->type == NodeType::scalar && kids[i]->text == key) return Node(kids[i + 1]);
    return Node();
}

Node Node::operator[](size_t index) const {
    if (!is_sequence() || index >= item_->children.size()) return Node();
    return Node(item_->children[index]);
}

Node::Iterator Node::begin() const {
    if (!is_map() && !is_sequence()) return Iterator(nullptr, false);
    return Iterator(item_->children.data(), is_map());
}

Node::Iterator Node::end() const {
    if (!is_map() && !is_sequence()) return Iterator(nullptr, false);
    return Iterator(item_->children.data() + item_->children.size(), is_map());
}

Entry Node::Iterator::operator*() const {
    Entry entry;
    if (pairs_) {
        entry.first = Node(at_[0]);
        entry.second = Node(at_[1]);
    } else {
        static_cast<Node&>(entry) = Node(at_[0]);
    }
    return entry;
}

template <>
std::string Node::as<std::string>() const {
    if (is_null()) return "null";  // as yaml-cpp converts a null
    if (!is_scalar()) bad_conversion(*this, "a string");
    return item_->text;
}

bool to_int64(std::string_view text, int64_t& out) {
    // yaml-cpp reads numbers with a stream in automatic base: a sign, then 0x for hex, a
    // leading 0 for octal, else decimal; nothing before, only white space after.
    size_t at = 0;
    bool negative = false;
    if (at < text.size() && (text[at] == '+' || text[at] == '-')) negative = text[at++] == '-';
    int base = 10;
    if (text.size() - at >= 2 && text[at] == '0' && (text[at + 1] == 'x' || text[at + 1] == 'X')) {
        base = 16;
        at += 2;
    } else if (text.size() - at >= 2 && text[at] == '0') {
        base = 8;
        at += 1;
    }
    uint64_t magnitude = 0;
    const char* const first = text.data() + at;
    const char* const last = text.data() + text.size();
    const auto [stop, ec] = std::from_chars(first, last, magnitude, base);
    if (ec != std::errc() || stop == first) return false;
    if (!std::all_of(stop, last,
                     [](char c) { return std::isspace(static_cast<unsigned char>(c)); }))
        return false;
    const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
    if (magnitude > limit) return false;
    out = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
    return true;
}

bool to_bool(std::string_view text, bool& out) {
    // yaml-cpp: y/yes/true/on and n/no/false/off, all lower case, all upper case, or
    // capitalised.
    auto all = [](std::string_view s, int (*test)(int)) {
        return std::all_of(s.begin(), s.end(),
                           [&](char c) { return test(static_cast<unsigned char>(c)) != 0; });
    };
    if (!text.empty() && !all(text, ::islower)) {
        const bool first_upper = std::isupper(static_cast<unsigned char>(text[0])) != 0;
        const std::string_view rest = text.substr(1);
        if (!first_upper || !(all(rest, ::islower) || all(rest, ::isupper))) return false;
    }
    std::string lower(text);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& [yes, no] : {std::pair<std::string_view, std::string_view>{"y", "n"},
                                  {"yes", "no"},
                                  {"true", "false"},
                                  {"on", "off"}}) {
        if (lower == yes) return out = true, true;
        if (lower == no) return out = false, true;
    }
    return false;
}

template <>
int64_t Node::as<int64_t>() const {
    int64_t value = 0;
    if (!is_scalar() || !to_int64(item_->text, value)) bad_conversion(*this, "an integer");
    return value;
}

template <>
int Node::as<int>() const {
    const int64_t value = as<int64_t>();
    if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max())
        bad_conversion(*this, "an integer of int's range");
    return static_cast<int>(value);
}

template <>
bool Node::as<bool>() const {
    bool value = false;
    if (!is_scalar() || !to_bool(item_->text, value)) bad_conversion(*this, "a boolean");
    return value;
}

Document Document::parse(std::string_view text) {
    Document doc;
    Parser parser(text);
    std::vector<Item*> open;  // the collections being filled, innermost last
    std::unordered_map<std::string, const Item*> anchors;
    auto attach = [&](const Item* item) {
        if (open.empty()) {
            if (doc.root_ == nullptr) doc.root_ = item;
        } else {
            open.back()->children.push_back(item);
        }
    };
    auto make = [&](const yaml_event_t& e, NodeType type) -> Item& {
        Item& item = doc.items_->emplace_back();
        item.type = type;
        item.line = static_cast<int>(e.start_mark.line);
        return item;
    };
    for (bool done = false; !done;) {
        Event event(parser);
        const yaml_event_t& e = *event.operator->();
        switch (e.type) {
            case YAML_DOCUMENT_END_EVENT:  // the first document only, as YAML::Load reads
            case YAML_STREAM_END_EVENT:
                done = true;
                break;
            case YAML_ALIAS_EVENT: {
                auto it = anchors.find(std::string(chars(e.data.alias.anchor)));
                if (it == anchors.end())
                    throw Error(static_cast<int>(e.start_mark.line),
                                "the alias *" + std::string(chars(e.data.alias.anchor)) +
                                    " names no anchor defined before it");
                attach(it->second);
                break;
            }
            case YAML_SCALAR_EVENT: {
                const auto& s = e.data.scalar;
                const std::string_view value(reinterpret_cast<const char*>(s.value), s.length);
                const bool plain = s.style == YAML_PLAIN_SCALAR_STYLE;
                const bool tagged = s.tag != nullptr;
                Item& item = make(
                    e, plain && !tagged && is_null_word(value) ? NodeType::null : NodeType::scalar);
                item.quoted = !plain;
                item.text.assign(value);
                if (s.anchor != nullptr) anchors[std::string(chars(s.anchor))] = &item;
                attach(&item);
                break;
            }
            case YAML_SEQUENCE_START_EVENT:
            case YAML_MAPPING_START_EVENT: {
                if (open.size() >= kMaxDepth)
                    throw Error(static_cast<int>(e.start_mark.line),
                                "nested deeper than " + std::to_string(kMaxDepth) + " levels");
                const bool sequence = e.type == YAML_SEQUENCE_START_EVENT;
                Item& item = make(e, sequence ? NodeType::sequence : NodeType::map);
                // The anchor is usable once the collection is complete: an alias inside
                // itself would make a cycle the loader's walks never leave.
                const yaml_char_t* anchor =
                    sequence ? e.data.sequence_start.anchor : e.data.mapping_start.anchor;
                if (anchor != nullptr) item.text.assign(chars(anchor));
                attach(&item);
                open.push_back(&item);
                break;
            }
            case YAML_SEQUENCE_END_EVENT:
            case YAML_MAPPING_END_EVENT: {
                Item* item = open.back();
                open.pop_back();
                if (!item->text.empty()) anchors[item->text] = item;
                item->text.clear();
                break;
            }
            default:  // stream and document starts
                break;
        }
    }
    if (doc.root_ == nullptr) doc.root_ = &doc.items_->emplace_back();  // empty: a null
    return doc;
}

}  // namespace amtdiag::engine::yaml
