#pragma once
// PEM blocks found in text, decoded one by one so that a damaged block is reported with its
// line and every other block is still read. Text around the blocks (Windows exports, the
// output of `openssl x509 -text`) is ignored; CRLF and LF alike.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace amtdiag::parsers::cert::detail {

struct PemBlock {
    std::string label;          // between "-----BEGIN " and "-----" ("CERTIFICATE")
    std::uint64_t line = 0;     // 1-based line of the BEGIN line
    std::string_view armoured;  // BEGIN line to END line inclusive, a view into the text
    bool has_headers = false;   // RFC 1421 headers (Proc-Type/DEK-Info of encrypted keys)
    std::string der;            // the decoded body
    std::string problem;        // non-empty when the block is damaged; der is then unusable
};

// Every block of `text`, at most `max_blocks` (the rest are not scanned).
std::vector<PemBlock> scan_pem(std::string_view text, std::size_t max_blocks);

// True when `text` has a "-----BEGIN " line at the start of a line.
bool has_pem_begin(std::string_view text);

// Base64 (RFC 4648, standard alphabet) ignoring ASCII whitespace; padding only at the end.
// On failure returns false and sets `bad_at` to the offset of the offending character
// (or text.size() when the input ends in the middle of a quantum).
bool decode_base64(std::string_view text, std::string& out, std::size_t& bad_at);

// Text as a narrow string: a UTF-8 BOM is dropped and UTF-16LE text (with or without BOM, as
// PowerShell writes it) is narrowed when every character is ASCII. Otherwise `bytes` as is.
std::string narrow_text(std::string_view bytes);

}  // namespace amtdiag::parsers::cert::detail
