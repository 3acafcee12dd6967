#include "analyzer/engine/expression/parser.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>

#include "analyzer/engine/expression/lexer.h"
#include "analyzer/engine/expression/suggest.h"

namespace amtdiag::engine::expr::detail {
namespace {

// Deeply nested input must not overflow the C++ stack (parser or evaluator); real rules are
// far below this.
constexpr int kMaxDepth = 200;
constexpr int kMaxHeight = 1000;

using NodePtr = std::unique_ptr<Node>;

NodePtr make(NodeKind kind, int offset) {
    auto n = std::make_unique<Node>();
    n->kind = kind;
    n->offset = offset;
    return n;
}

class Parser {
  public:
    Parser(std::string_view source, const std::set<std::string>* declared)
        : tokens_(tokenize(source)), declared_(declared) {}

    Program run() {
        Program p;
        p.root = parse_expr();
        if (cur().kind != Tok::end) unexpected("end of expression");
        p.local_slots = max_slots_;
        check_height(*p.root);
        return p;
    }

  private:
    const Token& cur() const { return tokens_[pos_]; }
    const Token& ahead(size_t n) const { return tokens_[std::min(pos_ + n, tokens_.size() - 1)]; }
    const Token& advance() { return tokens_[pos_++]; }
    bool accept(Tok kind) {
        if (cur().kind != kind) return false;
        ++pos_;
        return true;
    }

    [[noreturn]] void fail(int offset, std::string message) const {
        throw SyntaxError{offset, std::move(message)};
    }
    [[noreturn]] void unexpected(std::string_view expected) const {
        const Token& t = cur();
        std::string got = "end of expression";
        if (t.kind != Tok::end) got.assign(1, '\'').append(t.text).append(1, '\'');
        fail(t.offset, "unexpected " + got + ", expected " + std::string(expected));
    }
    void expect(Tok kind) {
        if (!accept(kind)) unexpected(describe(kind));
    }

    // Expr = ConditionalOr ["?" ConditionalOr ":" Expr]
    NodePtr parse_expr() {
        if (++depth_ > kMaxDepth) fail(cur().offset, "expression nested too deeply");
        NodePtr cond = parse_or();
        if (cur().kind == Tok::question) {
            const int offset = advance().offset;
            auto n = make(NodeKind::conditional, offset);
            n->children.push_back(std::move(cond));
            n->children.push_back(parse_or());
            expect(Tok::colon);
            n->children.push_back(parse_expr());
            cond = std::move(n);
        }
        --depth_;
        return cond;
    }

    NodePtr parse_or() {
        NodePtr left = parse_and();
        while (cur().kind == Tok::or_or) {
            auto n = make(NodeKind::logical_or, advance().offset);
            n->children.push_back(std::move(left));
            n->children.push_back(parse_and());
            left = std::move(n);
        }
        return left;
    }

    NodePtr parse_and() {
        NodePtr left = parse_relation();
        while (cur().kind == Tok::and_and) {
            auto n = make(NodeKind::logical_and, advance().offset);
            n->children.push_back(std::move(left));
            n->children.push_back(parse_relation());
            left = std::move(n);
        }
        return left;
    }

    NodePtr binary(Op op, int offset, NodePtr left, NodePtr right) {
        auto n = make(NodeKind::binary, offset);
        n->op = op;
        n->children.push_back(std::move(left));
        n->children.push_back(std::move(right));
        return n;
    }

    NodePtr parse_relation() {
        NodePtr left = parse_addition();
        for (;;) {
            Op op;
            switch (cur().kind) {
                case Tok::eq:
                    op = Op::eq;
                    break;
                case Tok::ne:
                    op = Op::ne;
                    break;
                case Tok::lt:
                    op = Op::lt;
                    break;
                case Tok::le:
                    op = Op::le;
                    break;
                case Tok::gt:
                    op = Op::gt;
                    break;
                case Tok::ge:
                    op = Op::ge;
                    break;
                case Tok::kw_in:
                    op = Op::in;
                    break;
                default:
                    return left;
            }
            const int offset = advance().offset;
            left = binary(op, offset, std::move(left), parse_addition());
        }
    }

    NodePtr parse_addition() {
        NodePtr left = parse_multiplication();
        while (cur().kind == Tok::plus || cur().kind == Tok::minus) {
            const Op op = cur().kind == Tok::plus ? Op::add : Op::sub;
            const int offset = advance().offset;
            left = binary(op, offset, std::move(left), parse_multiplication());
        }
        return left;
    }

    NodePtr parse_multiplication() {
        NodePtr left = parse_unary();
        for (;;) {
            Op op;
            switch (cur().kind) {
                case Tok::star:
                    op = Op::mul;
                    break;
                case Tok::slash:
                    op = Op::div;
                    break;
                case Tok::percent:
                    op = Op::mod;
                    break;
                default:
                    return left;
            }
            const int offset = advance().offset;
            left = binary(op, offset, std::move(left), parse_unary());
        }
    }

    NodePtr parse_unary() {
        if (cur().kind == Tok::bang || cur().kind == Tok::minus) {
            // Like CEL, "-1" is a literal, which is what makes -9223372036854775808 valid.
            if (cur().kind == Tok::minus &&
                (ahead(1).kind == Tok::integer || ahead(1).kind == Tok::floating)) {
                const int offset = advance().offset;
                return parse_member_suffix(number_literal(offset, /*negative=*/true));
            }
            const Token& t = advance();
            auto n = make(NodeKind::unary, t.offset);
            n->op = t.kind == Tok::bang ? Op::logical_not : Op::negate;
            if (++depth_ > kMaxDepth) fail(t.offset, "expression nested too deeply");
            n->children.push_back(parse_unary());
            --depth_;
            return n;
        }
        return parse_member_suffix(parse_primary());
    }

    NodePtr number_literal(int offset, bool negative) {
        const Token& t = advance();
        auto n = make(NodeKind::literal, offset);
        if (t.kind == Tok::floating) {
            n->value = negative ? -t.double_value : t.double_value;
            return n;
        }
        constexpr auto kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
        if (t.uint_value > kMax + (negative ? 1 : 0)) fail(offset, "integer literal out of range");
        // Negate in unsigned arithmetic so INT64_MIN is reachable without overflow.
        n->value = static_cast<int64_t>(negative ? 0 - t.uint_value : t.uint_value);
        return n;
    }

    NodePtr parse_member_suffix(NodePtr operand) {
        for (;;) {
            if (cur().kind == Tok::dot) {
                advance();
                if (cur().kind != Tok::ident) unexpected("field or method name");
                const Token& name = advance();
                if (cur().kind == Tok::lparen) {
                    operand = parse_receiver_call(std::move(operand), name);
                } else {
                    auto n = make(NodeKind::select, name.offset);
                    n->name = name.text_value;
                    n->children.push_back(std::move(operand));
                    operand = std::move(n);
                }
            } else if (cur().kind == Tok::lbracket) {
                auto n = make(NodeKind::index, advance().offset);
                n->children.push_back(std::move(operand));
                n->children.push_back(parse_expr());
                expect(Tok::rbracket);
                operand = std::move(n);
            } else {
                return operand;
            }
        }
    }

    NodePtr parse_primary() {
        const Token& t = cur();
        switch (t.kind) {
            case Tok::integer:
            case Tok::floating:
                return number_literal(t.offset, false);
            case Tok::string: {
                auto n = make(NodeKind::literal, t.offset);
                n->value = Value(t.text_value);
                advance();
                return n;
            }
            case Tok::kw_true:
            case Tok::kw_false:
            case Tok::kw_null: {
                auto n = make(NodeKind::literal, t.offset);
                if (t.kind != Tok::kw_null) n->value = t.kind == Tok::kw_true;
                advance();
                return n;
            }
            case Tok::lparen: {
                advance();
                NodePtr inner = parse_expr();
                expect(Tok::rparen);
                return inner;
            }
            case Tok::lbracket:
                return parse_list();
            case Tok::lbrace:
                return parse_map();
            case Tok::dot: {
                // ".name" is CEL's root-scoped identifier: skips macro variables.
                advance();
                if (cur().kind != Tok::ident) unexpected("identifier");
                return parse_identifier(/*root_scoped=*/true);
            }
            case Tok::ident:
                return parse_identifier(/*root_scoped=*/false);
            default:
                unexpected("expression");
        }
    }

    NodePtr parse_list() {
        auto n = make(NodeKind::list, advance().offset);
        while (cur().kind != Tok::rbracket) {
            n->children.push_back(parse_expr());
            if (!accept(Tok::comma)) break;
        }
        expect(Tok::rbracket);
        return n;
    }

    NodePtr parse_map() {
        auto n = make(NodeKind::map, advance().offset);
        while (cur().kind != Tok::rbrace) {
            n->children.push_back(parse_expr());
            expect(Tok::colon);
            n->children.push_back(parse_expr());
            if (!accept(Tok::comma)) break;
        }
        expect(Tok::rbrace);
        return n;
    }

    std::vector<NodePtr> parse_args() {
        expect(Tok::lparen);
        std::vector<NodePtr> args;
        while (cur().kind != Tok::rparen) {
            args.push_back(parse_expr());
            if (!accept(Tok::comma)) break;
        }
        expect(Tok::rparen);
        return args;
    }

    NodePtr parse_identifier(bool root_scoped) {
        const Token& t = advance();
        if (cur().kind == Tok::lparen) return parse_global_call(t);
        if (!root_scoped) {
            // Innermost macro variable wins: that is what makes shadowing work.
            for (size_t i = scopes_.size(); i-- > 0;) {
                if (scopes_[i] == t.text_value) {
                    auto n = make(NodeKind::local, t.offset);
                    n->slot = static_cast<int>(i);
                    n->name = t.text_value;
                    return n;
                }
            }
        }
        check_declared(t, "undeclared reference to");
        auto n = make(NodeKind::ident, t.offset);
        n->name = t.text_value;
        return n;
    }

    void check_declared(const Token& t, std::string_view what) const {
        if (declared_ == nullptr || declared_->contains(t.text_value)) return;
        std::string message = std::string(what) + " '" + t.text_value + "'";
        // A suggestion turns `rules lint` output into a one-glance fix for typos.
        if (const auto best = closest_name(t.text_value, *declared_))
            message += " (did you mean '" + *best + "'?)";
        fail(t.offset, message);
    }

    NodePtr parse_global_call(const Token& name) {
        if (name.text_value == "has") return parse_has(name);
        auto n = make(NodeKind::call, name.offset);
        n->name = name.text_value;
        n->children = parse_args();
        resolve_call(*n, name);
        return n;
    }

    NodePtr parse_has(const Token& name) {
        std::vector<NodePtr> args = parse_args();
        if (args.size() != 1 || args[0]->kind != NodeKind::select) {
            fail(name.offset, "has() takes a single field selection, e.g. has(e.fqdn)");
        }
        NodePtr sel = std::move(args[0]);
        sel->kind = NodeKind::has;
        return sel;
    }

    static bool is_macro_name(std::string_view name) {
        return name == "exists" || name == "all" || name == "exists_one" || name == "filter" ||
               name == "map";
    }

    NodePtr parse_receiver_call(NodePtr receiver, const Token& name) {
        if (is_macro_name(name.text_value)) return parse_macro(std::move(receiver), name);
        auto n = make(NodeKind::call, name.offset);
        n->name = name.text_value;
        n->receiver = true;
        n->children.push_back(std::move(receiver));
        for (NodePtr& arg : parse_args()) n->children.push_back(std::move(arg));
        resolve_call(*n, name);
        return n;
    }

    NodePtr parse_macro(NodePtr range, const Token& name) {
        expect(Tok::lparen);
        if (cur().kind != Tok::ident || ahead(1).kind != Tok::comma) {
            fail(cur().offset,
                 name.text_value + "() needs an iteration variable name as its first argument");
        }
        auto n = make(NodeKind::comprehension, name.offset);
        n->name = advance().text_value;
        advance();  // comma
        n->macro = name.text_value == "exists"       ? Macro::exists
                   : name.text_value == "all"        ? Macro::all
                   : name.text_value == "exists_one" ? Macro::exists_one
                   : name.text_value == "filter"     ? Macro::filter
                                                     : Macro::map;
        n->children.push_back(std::move(range));
        n->slot = static_cast<int>(scopes_.size());
        scopes_.push_back(n->name);
        max_slots_ = std::max(max_slots_, static_cast<int>(scopes_.size()));
        n->children.push_back(parse_expr());
        // map(x, filter, transform) is CEL's three-argument form.
        if (n->macro == Macro::map && accept(Tok::comma)) n->children.push_back(parse_expr());
        scopes_.pop_back();
        expect(Tok::rparen);
        return n;
    }

    void resolve_call(Node& n, const Token& name) {
        const BuiltinInfo* info = find_builtin(n.name, n.receiver);
        if (info == nullptr) {
            check_declared(name, "undeclared function");
            return;
        }
        const auto argc = static_cast<int>(n.children.size());
        if (argc < info->min_args || (info->max_args >= 0 && argc > info->max_args)) {
            fail(name.offset, "wrong number of arguments to '" + n.name + "'");
        }
        n.builtin = info->id;
        if (info->id == Builtin::matches) compile_literal_regex(n);
    }

    static void compile_literal_regex(Node& n) {
        const Node& pattern = *n.children[1];
        if (pattern.kind != NodeKind::literal || pattern.value.type() != ValueType::string) return;
        RE2::Options options;
        options.set_log_errors(false);  // the error goes into the CompileError instead
        auto re = std::make_shared<const RE2>(pattern.value.as_string(), options);
        if (!re->ok()) {
            throw SyntaxError{pattern.offset, "invalid regular expression '" +
                                                  pattern.value.as_string() + "': " + re->error()};
        }
        n.regex = std::move(re);
    }

    // Left-associative chains (a + b + c ..., a.b.c...) are built by loops, not recursion, so
    // the depth guard above does not bound them; the evaluator recurses, so bound the height.
    static void check_height(const Node& root) {
        std::vector<std::pair<const Node*, int>> stack{{&root, 1}};
        while (!stack.empty()) {
            const auto [node, height] = stack.back();
            stack.pop_back();
            if (height > kMaxHeight)
                throw SyntaxError{node->offset, "expression nested too deeply"};
            for (const NodePtr& child : node->children) stack.emplace_back(child.get(), height + 1);
        }
    }

    std::vector<Token> tokens_;
    const std::set<std::string>* declared_;
    size_t pos_ = 0;
    int depth_ = 0;
    std::vector<std::string> scopes_;
    int max_slots_ = 0;
};

}  // namespace

Program parse(std::string_view source, const std::set<std::string>* declared_names) {
    return Parser(source, declared_names).run();
}

}  // namespace amtdiag::engine::expr::detail
