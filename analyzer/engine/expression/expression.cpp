#include "analyzer/engine/expression/expression.h"

#include <algorithm>
#include <utility>

#include "analyzer/engine/expression/ast.h"
#include "analyzer/engine/expression/evaluator.h"
#include "analyzer/engine/expression/lexer.h"
#include "analyzer/engine/expression/parser.h"

namespace amtdiag::engine::expr {
namespace {

struct Position {
    int line = 1;
    int column = 1;
    size_t line_start = 0;
};

// Columns count UTF-8 code points so the caret lines up under non-ASCII text too.
Position position_of(std::string_view source, int offset) {
    Position p;
    const size_t end = std::min(source.size(), static_cast<size_t>(offset));
    for (size_t i = 0; i < end; ++i) {
        if (source[i] == '\n') {
            ++p.line;
            p.column = 1;
            p.line_start = i + 1;
        } else if ((static_cast<unsigned char>(source[i]) & 0xC0) != 0x80) {
            ++p.column;
        }
    }
    return p;
}

// The error's line with a caret under the column. A long line (rules have held expressions
// of a megabyte) is cut to a window around the column, marked with "...".
std::string caret_snippet(std::string_view source, const Position& p) {
    constexpr int kBefore = 60, kAfter = 40;
    size_t line_end = source.find('\n', p.line_start);
    if (line_end == std::string_view::npos) line_end = source.size();
    const std::string_view line = source.substr(p.line_start, line_end - p.line_start);
    // Byte offsets of code points `first` and `last` of the line.
    const int first = std::max(0, p.column - 1 - kBefore);
    const int last = p.column - 1 + kAfter;
    size_t begin = line.size(), end = line.size();
    int cp = 0;
    for (size_t i = 0; i <= line.size(); ++i) {
        if (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
        if (cp == first) begin = std::min(begin, i);
        if (cp == last) {
            end = i;
            break;
        }
        ++cp;
    }
    const std::string lead = begin > 0 ? "..." : "";
    std::string out = " | " + lead + std::string(line.substr(begin, end - begin));
    if (end < line.size()) out += "...";
    out +=
        "\n | " + std::string(lead.size() + static_cast<size_t>(p.column - 1 - first), '.') + "^";
    return out;
}

}  // namespace

CompileError::CompileError(const std::string& full_message, std::string reason_text, int line_no,
                           int column_no)
    : std::runtime_error(full_message),
      line(line_no),
      column(column_no),
      reason(std::move(reason_text)) {}

EvalResult EvalResult::success(Value v) {
    EvalResult r;
    r.ok_ = true;
    r.value_ = std::move(v);
    return r;
}

EvalResult EvalResult::failure(std::string message, int line, int column) {
    EvalResult r;
    r.error_ = std::move(message);
    r.line_ = line;
    r.column_ = column;
    return r;
}

Expression Expression::compile(std::string_view source,
                               const std::set<std::string>* declared_names) {
    Expression e;
    e.source_ = std::make_shared<const std::string>(source);
    try {
        e.program_ =
            std::make_shared<const detail::Program>(detail::parse(*e.source_, declared_names));
    } catch (const detail::SyntaxError& err) {
        const Position p = position_of(*e.source_, err.offset);
        std::string full = std::to_string(p.line) + ":" + std::to_string(p.column) + ": " +
                           err.message + "\n" + caret_snippet(*e.source_, p);
        throw CompileError(full, err.message, p.line, p.column);
    }
    return e;
}

EvalResult Expression::evaluate(const Environment& env) const {
    Value v = detail::evaluate(*program_, env);
    if (!v.is_error()) return EvalResult::success(std::move(v));
    const ErrorInfo& err = v.as_error();
    if (err.offset < 0) return EvalResult::failure(err.message);
    const Position p = position_of(*source_, err.offset);
    return EvalResult::failure(
        err.message + " (at " + std::to_string(p.line) + ":" + std::to_string(p.column) + ")",
        p.line, p.column);
}

EvalResult Expression::evaluate_bool(const Environment& env) const {
    EvalResult r = evaluate(env);
    if (r.ok() && r.value().type() != ValueType::boolean) {
        return EvalResult::failure("expected a bool result, got " +
                                   std::string(r.value().type_name()));
    }
    return r;
}

std::vector<std::string> Expression::literal_arguments_of(std::string_view function) const {
    std::vector<std::string> out;
    if (!program_ || !program_->root) return out;
    // Iterative: rule expressions may nest deeply; the walk must not need the stack.
    std::vector<const detail::Node*> todo = {program_->root.get()};
    while (!todo.empty()) {
        const detail::Node* n = todo.back();
        todo.pop_back();
        if (n->kind == detail::NodeKind::call && n->builtin == detail::Builtin::none &&
            n->name == function && !n->children.empty()) {
            const detail::Node* arg = n->children.front().get();
            if (arg->kind == detail::NodeKind::literal && arg->value.type() == ValueType::string)
                out.push_back(arg->value.as_string());
        }
        for (const auto& child : n->children) todo.push_back(child.get());
    }
    return out;
}

std::set<std::string> Expression::free_names() const {
    std::set<std::string> out;
    if (!program_ || !program_->root) return out;
    std::vector<const detail::Node*> todo = {program_->root.get()};
    while (!todo.empty()) {
        const detail::Node* n = todo.back();
        todo.pop_back();
        if (n->kind == detail::NodeKind::ident) out.insert(n->name);
        if (n->kind == detail::NodeKind::call && n->builtin == detail::Builtin::none &&
            !n->receiver)
            out.insert(n->name);
        for (const auto& child : n->children) todo.push_back(child.get());
    }
    return out;
}

}  // namespace amtdiag::engine::expr
