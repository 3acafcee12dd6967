#pragma once
// A read-only YAML tree for rule files, built from libyaml's event parser.
//
// Why not yaml-cpp here: every run loads 670 KB of embedded rule YAML, and yaml-cpp's scanner
// took 105 ms of the 145 ms a sample deployment needed end to end; libyaml reads the same
// files in 12 ms. The tree keeps what the rule loader asks of a node and nothing else: its
// kind, its scalar text, whether the scalar was quoted (quoted data stays a string), the line
// it starts on (errors say file:line), its children. Conversions follow yaml-cpp's (`null`,
// `~` and an empty plain value are null; yes/no/on/off are booleans), so the rules read the
// same as before; tests/analyzer/engine/rule_yaml_test.cpp holds the two readers equal on
// every embedded rule file.
#include <cstdint>
#include <deque>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace amtdiag::engine::yaml {

// A syntax or conversion error; `line` is 0-based (-1 when unknown), as yaml-cpp's marks are.
struct Error : std::runtime_error {
    Error(int at_line, const std::string& what) : std::runtime_error(what), line(at_line) {}
    int line;
};

enum class NodeType : uint8_t { undefined, null, scalar, sequence, map };

struct Item {
    NodeType type = NodeType::null;
    bool quoted = false;  // a scalar written in quotes or as a block (| or >), not plain
    int line = -1;        // 0-based
    std::string text;     // the scalar's value
    std::vector<const Item*> children;  // a sequence's items; a map's keys and values, alternating
};

class Node;

// One step of iterating a node: a sequence yields its items (the entry is the item), a map
// yields key/value pairs (`first`, `second`), as yaml-cpp's iterators do.
struct Entry;

class Node {
  public:
    Node() = default;
    explicit Node(const Item* item) : item_(item) {}

    // False for a key that is absent (or a lookup on something that is not a map).
    explicit operator bool() const { return item_ != nullptr; }
    NodeType type() const { return item_ == nullptr ? NodeType::undefined : item_->type; }
    bool is_null() const { return type() == NodeType::null; }
    bool is_scalar() const { return type() == NodeType::scalar; }
    bool is_sequence() const { return type() == NodeType::sequence; }
    bool is_map() const { return type() == NodeType::map; }
    bool quoted() const { return item_ != nullptr && item_->quoted; }
    int line() const { return item_ == nullptr ? -1 : item_->line; }
    // Items of a sequence, pairs of a map, 0 otherwise.
    size_t size() const;

    // The value of `key` in a map; an undefined node when absent or when this is not a map.
    Node operator[](std::string_view key) const;
    // The item at `index` of a sequence; undefined when out of range or not a sequence.
    Node operator[](size_t index) const;

    // yaml-cpp's conversions; throw Error naming the node's line when it does not convert.
    template <typename T>
    T as() const;

    class Iterator;
    Iterator begin() const;
    Iterator end() const;

  private:
    const Item* item_ = nullptr;
};

struct Entry : Node {
    Node first;
    Node second;
};

class Node::Iterator {
  public:
    Iterator(const Item* const* at, bool pairs) : at_(at), pairs_(pairs) {}
    Entry operator*() const;
    Iterator& operator++() {
        at_ += pairs_ ? 2 : 1;
        return *this;
    }
    bool operator==(const Iterator& other) const { return at_ == other.at_; }
    bool operator!=(const Iterator& other) const { return at_ != other.at_; }

  private:
    const Item* const* at_;
    bool pairs_;
};

template <>
std::string Node::as<std::string>() const;
template <>
int64_t Node::as<int64_t>() const;
template <>
int Node::as<int>() const;
template <>
bool Node::as<bool>() const;

// Whether a plain scalar reads as a number or a boolean the way yaml-cpp converts it.
bool to_int64(std::string_view text, int64_t& out);
bool to_bool(std::string_view text, bool& out);

// The first document of `text`. Nodes stay valid as long as the Document lives.
class Document {
  public:
    static Document parse(std::string_view text);  // throws Error
    Node root() const { return Node(root_); }

  private:
    std::unique_ptr<std::deque<Item>> items_ = std::make_unique<std::deque<Item>>();
    const Item* root_ = nullptr;
};

}  // namespace amtdiag::engine::yaml
