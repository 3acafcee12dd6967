#pragma once
// Byte-level text handling: encoding sniffing (§7) and conversion of one line to UTF-8.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "parsers/cmlog/reader.h"

namespace amtdiag::parsers::cmlog::detail {

struct EncodingGuess {
    Encoding encoding = Encoding::utf8;
    std::size_t bom_size = 0;
    // A byte order mark that does not match the text after it: the encoding it claims
    // ("UTF-16LE", "UTF-8"); `encoding` is what the text really is. nullptr when honest.
    const char* bom_says = nullptr;
    // Text in an encoding ConfigMgr never writes (UTF-16BE, UTF-32): why it is not read.
    const char* unsupported = nullptr;
};

inline bool is_wide(Encoding e) {
    return e == Encoding::utf16le || e == Encoding::utf16le_bom;
}

// EF BB BF -> UTF-8; FF FE -> UTF-16LE; >= 30 % of the units (NUL padding left out) with a
// zero high byte and few with a zero low byte -> UTF-16LE; invalid UTF-8 -> Windows-1252;
// otherwise UTF-8. A BOM is checked against the text that follows it.
EncodingGuess detect_encoding(std::string_view head);

bool is_ascii(const char* data, std::size_t size);
bool is_valid_utf8(std::string_view bytes);

// How the UTF-8 text of a line was produced; needed to map positions back to file offsets.
enum class LineSource : uint8_t { utf8, cp1252, utf16le };

void append_cp1252_as_utf8(std::string_view bytes, std::string& out);
// `bytes` holds whole UTF-16LE code units; an odd trailing byte or an unpaired surrogate
// becomes U+FFFD.
void append_utf16le_as_utf8(std::string_view bytes, std::string& out);

// Number of bytes in the file's own encoding that produced `utf8_prefix`.
uint64_t source_bytes(std::string_view utf8_prefix, LineSource source);

}  // namespace amtdiag::parsers::cmlog::detail
