#pragma once
// What the first 64 KiB of a file are: a text log (and in which encoding), nothing to read
// (empty, blank, NUL bytes only) or not text at all (binary, compressed, an encoding
// ConfigMgr never writes). Shared by sniff_bytes() and the reader so both always agree.
#include <cstdint>
#include <string>
#include <string_view>

#include "parsers/cmlog/encoding.h"

namespace amtdiag::parsers::cmlog::detail {

enum class HeadVerdict : uint8_t { text, empty, binary };

struct HeadCheck {
    EncodingGuess guess;
    HeadVerdict verdict = HeadVerdict::text;
    std::string reason;  // empty / binary: what it is, e.g. "gzip-compressed data"
};

HeadCheck check_head(std::string_view head);

// Name of the file type whose magic number starts `head` ("gzip-compressed data", "ELF
// executable", ...), or "" when there is none.
std::string_view binary_signature(std::string_view head);

// NUL runs at least this long are padding (what a crash leaves), not characters. Counted in
// code units: bytes for UTF-8/1252, 2-byte units for UTF-16LE.
inline constexpr std::size_t kNulPaddingUnits = 8;
inline constexpr std::size_t kNulPaddingUnitsWide = 4;

}  // namespace amtdiag::parsers::cmlog::detail
