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
};

// EF BB BF -> UTF-8; FF FE -> UTF-16LE; >= 30 % of odd-index bytes 0x00 (and few even ones,
// so that zero-filled binary is not taken for text) -> UTF-16LE; invalid UTF-8 ->
// Windows-1252; otherwise UTF-8.
EncodingGuess detect_encoding(std::string_view head);

// Byte position where `text` (already past the BOM) stops looking like a text log, or npos.
// UTF-16 text is judged by its code units.
std::size_t binary_offset(std::string_view text, Encoding encoding);

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
