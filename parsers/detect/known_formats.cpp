#include "parsers/detect/known_formats.h"

#include <array>
#include <filesystem>

namespace amtdiag::parsers::detect {

namespace {

struct Magic {
    std::string_view bytes;
    size_t offset;
    std::string_view kind;
    std::string_view reason;
};

using namespace std::string_view_literals;

// Longest first where one magic is a prefix of another.
constexpr std::array kMagics = {
    Magic{"\xd4\xc3\xb2\xa1"sv, 0, "pcap", "packet capture: this build has no capture reader yet"},
    Magic{"\xa1\xb2\xc3\xd4"sv, 0, "pcap", "packet capture: this build has no capture reader yet"},
    Magic{"\x4d\x3c\xb2\xa1"sv, 0, "pcap", "packet capture: this build has no capture reader yet"},
    Magic{"\xa1\xb2\x3c\x4d"sv, 0, "pcap", "packet capture: this build has no capture reader yet"},
    Magic{"\x0a\x0d\x0d\x0a"sv, 0, "pcap", "packet capture: this build has no capture reader yet"},
    Magic{"\x1f\x8b"sv, 0, "gzip", "gzip-compressed data: unpack it and give the files inside"},
    Magic{"\xfd"
          "7zXZ\x00"sv,
          0, "xz", "xz-compressed data: unpack it and give the files inside"},
    Magic{"\x28\xb5\x2f\xfd"sv, 0, "zstd",
          "zstd-compressed data: unpack it and give the files inside"},
    Magic{"PK\x03\x04"sv, 0, "zip", "zip archive: unpack it and give the files inside"},
    Magic{"PK\x05\x06"sv, 0, "zip", "empty zip archive"},
    Magic{"7z\xbc\xaf\x27\x1c"sv, 0, "7z", "7-Zip archive: unpack it and give the files inside"},
    Magic{"Rar!\x1a\x07"sv, 0, "rar", "RAR archive: unpack it and give the files inside"},
    Magic{"MSCF"sv, 0, "cab", "cabinet archive: unpack it (expand.exe) and give the files inside"},
    Magic{"ustar"sv, 257, "tar", "tar archive: unpack it and give the files inside"},
    Magic{"ElfFile\x00"sv, 0, "evtx",
          "Windows event log (.evtx): export it as text or XML (wevtutil qe /f:text)"},
    Magic{"\x7f"
          "ELF"sv,
          0, "executable", "an executable (ELF), not evidence"},
    Magic{"%PDF-"sv, 0, "pdf", "a PDF document: amtdiag reads logs and captures, not documents"},
    Magic{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"sv, 0, "ole",
          "an Office/OLE document: amtdiag reads logs and captures, not documents"},
    Magic{"\x89PNG"sv, 0, "image", "an image (PNG): give the log itself, not a screenshot"},
    Magic{"\xff\xd8\xff"sv, 0, "image", "an image (JPEG): give the log itself, not a screenshot"},
};

// Two-letter magics that text could start with need their second marker too.
bool is_bzip2(std::string_view head) {
    if (head.size() < 10 || head.substr(0, 3) != "BZh" || head[3] < '1' || head[3] > '9')
        return false;
    const std::string_view block = head.substr(4, 6);
    return block == "\x31\x41\x59\x26\x53\x59"sv || block == "\x17\x72\x45\x38\x50\x90"sv;
}

bool is_windows_executable(std::string_view head) {
    if (head.size() < 0x40 || head.substr(0, 2) != "MZ") return false;
    const auto b = [&](size_t i) {
        return static_cast<uint32_t>(static_cast<unsigned char>(head[i]));
    };
    const uint32_t pe = b(0x3c) | (b(0x3d) << 8) | (b(0x3e) << 16) | (b(0x3f) << 24);
    return pe + 4 <= head.size() && head.substr(pe, 4) == "PE\0\0"sv;
}

}  // namespace

Detection detect_known_format(const Probe& probe) {
    for (const Magic& m : kMagics) {
        if (probe.head.size() < m.offset + m.bytes.size()) continue;
        if (probe.head.substr(m.offset, m.bytes.size()) != m.bytes) continue;
        return {95, std::string(m.kind), std::string(m.reason)};
    }
    if (is_bzip2(probe.head))
        return {95, "bzip2", "bzip2-compressed data: unpack it and give the files inside"};
    if (is_windows_executable(probe.head))
        return {95, "executable", "a Windows executable or DLL, not evidence"};
    return {};
}

namespace {

// Blank: spaces, tabs and line ends, in UTF-8 or UTF-16 (the NUL high bytes), after a BOM.
bool is_blank(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3);
    else if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF"))
        text.remove_prefix(2);
    for (char c : text)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\0') return false;
    return true;
}

class EmptyReader final : public Reader {
  public:
    std::vector<model::Artifact> read(std::span<const Input> unit, Sink& /*sink*/) override {
        std::vector<model::Artifact> out;
        for (const Input& input : unit) {
            model::Artifact a;
            a.path = input.path.string();
            a.kind = "empty";
            std::error_code ec;
            a.size = std::filesystem::file_size(input.path, ec);
            a.detail =
                a.size == 0 ? "empty file: nothing to read" : "only blank lines: nothing to read";
            out.push_back(std::move(a));
        }
        return out;
    }
};

}  // namespace

Detection detect_empty(const Probe& probe) {
    // Only when the head is the whole file: a blank head may precede content.
    if (probe.size > probe.head.size() || !is_blank(probe.head)) return {};
    return {100, "empty", ""};
}

std::unique_ptr<Reader> make_empty_reader(const ReaderOptions& /*options*/) {
    return std::make_unique<EmptyReader>();
}

}  // namespace amtdiag::parsers::detect
