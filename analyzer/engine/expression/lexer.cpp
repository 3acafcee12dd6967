#include "analyzer/engine/expression/lexer.h"

#include <array>
#include <charconv>

namespace amtdiag::engine::expr::detail {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_hex(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_ident_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_ident_char(char c) {
    return is_ident_start(c) || is_digit(c);
}

int hex_value(char c) {
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
}

void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// CEL reserves these so expressions stay forward compatible; using one is an error.
constexpr std::array<std::string_view, 16> kReserved = {
    "as",     "break", "const", "continue", "else",      "for",    "function", "if",
    "import", "let",   "loop",  "package",  "namespace", "return", "var",      "while"};

class Lexer {
  public:
    explicit Lexer(std::string_view src) : src_(src) {}

    std::vector<Token> run() {
        std::vector<Token> out;
        // A token is four or five characters with its spaces: one allocation, not a dozen
        // regrowths, for the thousand expressions of the embedded rules.
        out.reserve(src_.size() / 4 + 2);
        for (;;) {
            skip_space_and_comments();
            Token t;
            t.offset = static_cast<int>(pos_);
            if (pos_ >= src_.size()) {
                out.push_back(t);
                return out;
            }
            lex_one(t);
            t.text =
                src_.substr(static_cast<size_t>(t.offset), pos_ - static_cast<size_t>(t.offset));
            out.push_back(std::move(t));
        }
    }

  private:
    [[noreturn]] void fail(size_t offset, std::string message) const {
        throw SyntaxError{static_cast<int>(offset), std::move(message)};
    }

    char peek(size_t ahead = 0) const {
        return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0';
    }

    void skip_space_and_comments() {
        while (pos_ < src_.size()) {
            const char c = src_[pos_];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                ++pos_;
            } else if (c == '/' && peek(1) == '/') {
                while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
            } else {
                return;
            }
        }
    }

    void lex_one(Token& t) {
        const char c = src_[pos_];
        if (is_digit(c) || (c == '.' && is_digit(peek(1)))) return lex_number(t);
        if ((c == 'r' || c == 'R') && (peek(1) == '\'' || peek(1) == '"')) {
            ++pos_;
            return lex_string(t, /*raw=*/true);
        }
        if ((c == 'b' || c == 'B') && (peek(1) == '\'' || peek(1) == '"')) {
            fail(pos_, "bytes literals are not supported");
        }
        if (c == '\'' || c == '"') return lex_string(t, /*raw=*/false);
        if (is_ident_start(c)) return lex_ident(t);
        lex_punct(t);
    }

    void lex_ident(Token& t) {
        const size_t start = pos_;
        while (pos_ < src_.size() && is_ident_char(src_[pos_])) ++pos_;
        const std::string_view word = src_.substr(start, pos_ - start);
        if (word == "true")
            t.kind = Tok::kw_true;
        else if (word == "false")
            t.kind = Tok::kw_false;
        else if (word == "null")
            t.kind = Tok::kw_null;
        else if (word == "in")
            t.kind = Tok::kw_in;
        else {
            for (const std::string_view r : kReserved) {
                if (word == r)
                    fail(start, std::string(word).insert(0, 1, '\'') + "' is a reserved word");
            }
            t.kind = Tok::ident;
            t.text_value = std::string(word);
        }
    }

    void lex_number(Token& t) {
        const size_t start = pos_;
        if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
            pos_ += 2;
            const size_t digits_start = pos_;
            while (pos_ < src_.size() && is_hex(src_[pos_])) ++pos_;
            if (pos_ == digits_start) fail(start, "hex literal needs digits after 0x");
            parse_uint(t, start, src_.substr(digits_start, pos_ - digits_start), 16);
            return finish_int(t, start);
        }
        while (is_digit(peek())) ++pos_;
        bool is_double = false;
        if (peek() == '.' && is_digit(peek(1))) {
            is_double = true;
            ++pos_;
            while (is_digit(peek())) ++pos_;
        }
        if (peek() == 'e' || peek() == 'E') {
            size_t p = 1;
            if (peek(p) == '+' || peek(p) == '-') ++p;
            if (is_digit(peek(p))) {
                is_double = true;
                pos_ += p;
                while (is_digit(peek())) ++pos_;
            }
        }
        const std::string_view text = src_.substr(start, pos_ - start);
        if (is_double) {
            t.kind = Tok::floating;
            const auto res =
                std::from_chars(text.data(), text.data() + text.size(), t.double_value);
            if (res.ec != std::errc()) fail(start, "double literal out of range");
            return;
        }
        parse_uint(t, start, text, 10);
        finish_int(t, start);
    }

    void parse_uint(Token& t, size_t start, std::string_view digits, int base) {
        const auto res =
            std::from_chars(digits.data(), digits.data() + digits.size(), t.uint_value, base);
        if (res.ec != std::errc()) fail(start, "integer literal out of range");
        t.kind = Tok::integer;
    }

    void finish_int(Token&, size_t start) {
        if (peek() == 'u' || peek() == 'U') fail(start, "unsigned integers are not supported");
        if (is_ident_char(peek())) fail(pos_, "unexpected character after number");
    }

    void lex_string(Token& t, bool raw) {
        const size_t start = raw ? pos_ - 1 : pos_;
        const char quote = src_[pos_];
        // CEL triple-quoted strings may span lines; single-quoted ones may not.
        const bool triple = peek(1) == quote && peek(2) == quote;
        pos_ += triple ? 3 : 1;
        t.kind = Tok::string;
        for (;;) {
            if (pos_ >= src_.size() || (!triple && (src_[pos_] == '\n' || src_[pos_] == '\r'))) {
                fail(start, "unterminated string literal");
            }
            const char c = src_[pos_];
            if (c == quote && (!triple || (peek(1) == quote && peek(2) == quote))) {
                pos_ += triple ? 3 : 1;
                return;
            }
            if (c == '\\' && !raw) {
                lex_escape(t.text_value);
                continue;
            }
            t.text_value += c;
            ++pos_;
        }
    }

    void lex_escape(std::string& out) {
        const size_t start = pos_;
        ++pos_;  // backslash
        if (pos_ >= src_.size()) fail(start, "unterminated string literal");
        const char c = src_[pos_++];
        switch (c) {
            case '\\':
                out += '\\';
                return;
            case '\'':
                out += '\'';
                return;
            case '"':
                out += '"';
                return;
            case '`':
                out += '`';
                return;
            case '?':
                out += '?';
                return;
            case 'n':
                out += '\n';
                return;
            case 't':
                out += '\t';
                return;
            case 'r':
                out += '\r';
                return;
            case 'a':
                out += '\a';
                return;
            case 'b':
                out += '\b';
                return;
            case 'f':
                out += '\f';
                return;
            case 'v':
                out += '\v';
                return;
            case 'x':
            case 'X':
                return append_hex_escape(out, start, 2);
            case 'u':
                return append_hex_escape(out, start, 4);
            case 'U':
                return append_hex_escape(out, start, 8);
            default:
                break;
        }
        fail(start, std::string("invalid escape sequence '\\") + c + "'");
    }

    void append_hex_escape(std::string& out, size_t start, int n) {
        uint32_t cp = 0;
        for (int i = 0; i < n; ++i) {
            if (!is_hex(peek())) fail(start, "invalid escape sequence: expected hex digits");
            cp = cp * 16 + static_cast<uint32_t>(hex_value(src_[pos_++]));
        }
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            fail(start, "invalid escape sequence: not a Unicode code point");
        }
        append_utf8(out, cp);
    }

    void lex_punct(Token& t) {
        const char c = src_[pos_];
        const char n = peek(1);
        auto two = [&](Tok kind) {
            t.kind = kind;
            pos_ += 2;
        };
        auto one = [&](Tok kind) {
            t.kind = kind;
            pos_ += 1;
        };
        switch (c) {
            case '|':
                if (n == '|') return two(Tok::or_or);
                break;
            case '&':
                if (n == '&') return two(Tok::and_and);
                break;
            case '=':
                if (n == '=') return two(Tok::eq);
                break;
            case '!':
                return n == '=' ? two(Tok::ne) : one(Tok::bang);
            case '<':
                return n == '=' ? two(Tok::le) : one(Tok::lt);
            case '>':
                return n == '=' ? two(Tok::ge) : one(Tok::gt);
            case '?':
                return one(Tok::question);
            case ':':
                return one(Tok::colon);
            case '+':
                return one(Tok::plus);
            case '-':
                return one(Tok::minus);
            case '*':
                return one(Tok::star);
            case '/':
                return one(Tok::slash);
            case '%':
                return one(Tok::percent);
            case '.':
                return one(Tok::dot);
            case ',':
                return one(Tok::comma);
            case '(':
                return one(Tok::lparen);
            case ')':
                return one(Tok::rparen);
            case '[':
                return one(Tok::lbracket);
            case ']':
                return one(Tok::rbracket);
            case '{':
                return one(Tok::lbrace);
            case '}':
                return one(Tok::rbrace);
            default:
                break;
        }
        if (c == '=') fail(pos_, "unexpected '=': use '==' to compare");
        if (c == '|' || c == '&') {
            fail(pos_, std::string("unexpected '") + c + "': use '" + c + c + "'");
        }
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) {
            fail(pos_, "unexpected character");
        }
        fail(pos_, std::string("unexpected character '") + c + "'");
    }

    std::string_view src_;
    size_t pos_ = 0;
};

}  // namespace

std::vector<Token> tokenize(std::string_view source) {
    return Lexer(source).run();
}

std::string_view describe(Tok kind) {
    switch (kind) {
        case Tok::end:
            return "end of expression";
        case Tok::integer:
            return "integer";
        case Tok::floating:
            return "double";
        case Tok::string:
            return "string";
        case Tok::ident:
            return "identifier";
        case Tok::kw_true:
            return "'true'";
        case Tok::kw_false:
            return "'false'";
        case Tok::kw_null:
            return "'null'";
        case Tok::kw_in:
            return "'in'";
        case Tok::question:
            return "'?'";
        case Tok::colon:
            return "':'";
        case Tok::or_or:
            return "'||'";
        case Tok::and_and:
            return "'&&'";
        case Tok::eq:
            return "'=='";
        case Tok::ne:
            return "'!='";
        case Tok::lt:
            return "'<'";
        case Tok::le:
            return "'<='";
        case Tok::gt:
            return "'>'";
        case Tok::ge:
            return "'>='";
        case Tok::plus:
            return "'+'";
        case Tok::minus:
            return "'-'";
        case Tok::star:
            return "'*'";
        case Tok::slash:
            return "'/'";
        case Tok::percent:
            return "'%'";
        case Tok::bang:
            return "'!'";
        case Tok::dot:
            return "'.'";
        case Tok::comma:
            return "','";
        case Tok::lparen:
            return "'('";
        case Tok::rparen:
            return "')'";
        case Tok::lbracket:
            return "'['";
        case Tok::rbracket:
            return "']'";
        case Tok::lbrace:
            return "'{'";
        case Tok::rbrace:
            return "'}'";
    }
    return "token";
}

}  // namespace amtdiag::engine::expr::detail
