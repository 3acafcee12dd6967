#pragma once
// The compiled form of an expression: a tree that the evaluator walks directly. Everything that
// can be decided once (builtin resolution, local-variable slots, literal regexes) is decided by
// the parser and stored here, so evaluating thousands of times never re-parses.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/engine/expression/functions.h"
#include "analyzer/engine/expression/value.h"

namespace re2 {
class RE2;
}

namespace amtdiag::engine::expr::detail {

enum class NodeKind : uint8_t {
    literal,        // value
    ident,          // name: looked up in the Environment at evaluation time
    local,          // slot: a macro's iteration variable
    list,           // children: elements
    map,            // children: key0, value0, key1, value1, ...
    select,         // children[0].name
    has,            // has(children[0].name)
    index,          // children[0][children[1]]
    unary,          // op children[0]
    binary,         // children[0] op children[1]
    logical_and,    // children[0] && children[1]
    logical_or,     // children[0] || children[1]
    conditional,    // children[0] ? children[1] : children[2]
    call,           // name(children...) or children[0].name(children[1...]) when receiver
    comprehension,  // children[0].macro(slot, children[1] [, children[2]])
};

enum class Op : uint8_t {
    logical_not,
    negate,
    add,
    sub,
    mul,
    div,
    mod,
    eq,
    ne,
    lt,
    le,
    gt,
    ge,
    in
};

enum class Macro : uint8_t { exists, all, exists_one, filter, map };

struct Node {
    NodeKind kind = NodeKind::literal;
    Op op = Op::add;
    Macro macro = Macro::exists;
    Builtin builtin = Builtin::none;  // call: resolved builtin, or none for a host function
    bool receiver = false;            // call: written as children[0].name(...)
    int offset = 0;                   // byte offset in the source, for error positions
    int slot = -1;                    // local / comprehension: iteration variable slot
    std::string name;
    Value value;                            // literal
    std::shared_ptr<const re2::RE2> regex;  // matches() with a literal pattern
    std::vector<std::unique_ptr<Node>> children;

    Node() = default;
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;
    // Iterative: a rule may hold a chain of 300,000 terms, and freeing it recursively would
    // overflow the stack (also while unwinding from the parser's own "nested too deeply").
    ~Node() {
        std::vector<std::unique_ptr<Node>> pending = std::move(children);
        while (!pending.empty()) {
            std::unique_ptr<Node> n = std::move(pending.back());
            pending.pop_back();
            for (auto& child : n->children) pending.push_back(std::move(child));
            n->children.clear();  // n now dies without children: no recursion
        }
    }
};

struct Program {
    std::unique_ptr<Node> root;
    int local_slots = 0;  // deepest macro nesting: size of the evaluator's locals array
};

}  // namespace amtdiag::engine::expr::detail
