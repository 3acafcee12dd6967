#include "parsers/detect/magic.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace amtdiag::parsers::detect {

namespace {

using namespace std::string_view_literals;

struct Magic {
    std::size_t at;
    std::string_view bytes;
    FileType type;
};

constexpr std::string_view kUnpack = "unpack it and give the files inside";
constexpr std::string_view kNotEvidence = "not evidence amtdiag reads";

constexpr std::array<Magic, 27> kMagics = {{
    {0, "\x1F\x8B"sv, {"gzip", "gzip-compressed data", kUnpack}},
    {0,
     "\xFD"
     "7zXZ\x00"sv,
     {"xz", "xz-compressed data", kUnpack}},
    {0, "\x28\xB5\x2F\xFD"sv, {"zstd", "zstd-compressed data", kUnpack}},
    {0, "\x04\x22\x4D\x18"sv, {"lz4", "lz4-compressed data", kUnpack}},
    {0, "\x1F\x9D"sv, {"compress", "compress'd (.Z) data", kUnpack}},
    {0, "PK\x03\x04"sv, {"zip", "zip archive", kUnpack}},
    {0, "PK\x05\x06"sv, {"zip", "zip archive (empty)", kUnpack}},
    {0, "PK\x07\x08"sv, {"zip", "zip archive (spanned)", kUnpack}},
    {0, "7z\xBC\xAF\x27\x1C"sv, {"7z", "7-zip archive", kUnpack}},
    {0, "Rar!\x1A\x07"sv, {"rar", "RAR archive", kUnpack}},
    {0, "MSCF\x00\x00\x00\x00"sv, {"cab", "Microsoft cabinet archive", kUnpack}},
    {257, "ustar"sv, {"tar", "tar archive", kUnpack}},
    {0, "!<arch>\n"sv, {"ar", "ar archive", kUnpack}},
    {0, "\xD4\xC3\xB2\xA1"sv, {"pcap", "pcap packet capture", ""}},
    {0, "\xA1\xB2\xC3\xD4"sv, {"pcap", "pcap packet capture", ""}},
    {0, "\x4D\x3C\xB2\xA1"sv, {"pcap", "pcap packet capture", ""}},
    {0, "\xA1\xB2\x3C\x4D"sv, {"pcap", "pcap packet capture", ""}},
    {0, "\x0A\x0D\x0D\x0A"sv, {"pcap", "pcapng packet capture", ""}},
    {0,
     "\x7F"
     "ELF"sv,
     {"executable", "ELF executable", kNotEvidence}},
    {0,
     "ElfFile\x00"sv,
     {"evtx", "Windows event log (EVTX)", "export it as text (wevtutil qe LOG /f:text)"}},
    {0, "regf"sv, {"registry-hive", "Windows registry hive", kNotEvidence}},
    {0, "MDMP\x93\xA7"sv, {"minidump", "Windows minidump", kNotEvidence}},
    {0,
     "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"sv,
     {"ole", "OLE compound file (MSI, old Office)", kNotEvidence}},
    {0, "SQLite format 3\x00"sv, {"sqlite", "SQLite database", kNotEvidence}},
    {0, "%PDF-"sv, {"pdf", "PDF document", "give the logs themselves"}},
    {0, "\x89PNG\r\n\x1A\n"sv, {"image", "PNG image", "give the logs, not a screenshot"}},
    {0, "\xFF\xD8\xFF"sv, {"image", "JPEG image", "give the logs, not a screenshot"}},
}};

bool at(std::string_view s, std::size_t i, std::string_view lit) {
    return s.size() >= i + lit.size() && std::memcmp(s.data() + i, lit.data(), lit.size()) == 0;
}

unsigned char byte_at(std::string_view s, std::size_t i) {
    return static_cast<unsigned char>(s[i]);
}

}  // namespace

std::optional<FileType> identify(std::string_view head) {
    for (const Magic& m : kMagics)
        if (at(head, m.at, m.bytes)) return m.type;
    // bzip2: "BZh", a block-size digit, then a block or end-of-stream marker.
    if (at(head, 0, "BZh") && head.size() >= 4 && head[3] >= '1' && head[3] <= '9')
        return FileType{"bzip2", "bzip2-compressed data", kUnpack};
    // DOS/PE executables start with "MZ"; a log line might too, but never with a NUL in its
    // first 64 bytes as every MZ header has.
    if (at(head, 0, "MZ") && std::memchr(head.data(), 0, std::min<std::size_t>(head.size(), 64)))
        return FileType{"executable", "Windows executable (MZ/PE)", kNotEvidence};
    // DER: a SEQUENCE with a two-byte length, holding another SEQUENCE (certificates, keys).
    if (head.size() >= 8 && byte_at(head, 0) == 0x30 && byte_at(head, 1) == 0x82 &&
        byte_at(head, 4) == 0x30 && (byte_at(head, 5) & 0x80) != 0)
        return FileType{"der", "DER-encoded data (a certificate or key)", ""};
    return std::nullopt;
}

}  // namespace amtdiag::parsers::detect
