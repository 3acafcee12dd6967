#pragma once
// Turns expression source into tokens. Internal to the expression library.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace amtdiag::engine::expr::detail {

enum class Tok {
    end,
    integer,  // decimal or 0x hex; value in `uint_value` (sign is a separate '-' token)
    floating,
    string,  // escapes already decoded into `text_value`
    ident,
    kw_true,
    kw_false,
    kw_null,
    kw_in,
    question,
    colon,
    or_or,
    and_and,
    eq,
    ne,
    lt,
    le,
    gt,
    ge,
    plus,
    minus,
    star,
    slash,
    percent,
    bang,
    dot,
    comma,
    lparen,
    rparen,
    lbracket,
    rbracket,
    lbrace,
    rbrace,
};

struct Token {
    Tok kind = Tok::end;
    int offset = 0;          // byte offset of the first character in the source
    std::string_view text;   // the raw source text of the token
    std::string text_value;  // decoded string literal / identifier name
    uint64_t uint_value = 0;
    double double_value = 0;
};

// Thrown by the lexer and parser; Expression::compile turns it into a CompileError with
// line/column and a caret line.
struct SyntaxError {
    int offset;
    std::string message;
};

// Tokenizes the whole source (expressions are short); the last token is Tok::end.
std::vector<Token> tokenize(std::string_view source);

std::string_view describe(Tok kind);  // "')'", "identifier", ... for error messages

}  // namespace amtdiag::engine::expr::detail
