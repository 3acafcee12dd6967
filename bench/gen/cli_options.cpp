#include "cli_options.hpp"

#include <charconv>

namespace amtdiag::bench {

std::string_view Usage() noexcept {
    return R"(Usage:
  amtdiag_gen_logs scenario NAME --out FILE [--encoding utf8|utf8-bom|utf16le|utf16le-nobom]
                   [--format sms-trace|viewer|ccm] [--bias +480]
                   [--start '01-14-2009 13:43:12.000'] [--retries N]
      NAME: healthy | hello-rejected | cert-template | soap-failure | unprovision-failure
      --retries: certificate wait cycles (cert-template: 12; healthy, soap-failure: 1)
                 or number of rejected hellos (hello-rejected: 5)
  amtdiag_gen_logs bulk --out FILE --size BYTES --devices N --seed S
                   [--format sms-trace|viewer|ccm] [--encoding ...] [--bias +480]
                   [--start ...] [--workers N] [--noise N]
      --size accepts K/M/G suffixes (binary: 1G = 1073741824 bytes)
Lines end with CRLF. Output is deterministic for the same arguments.
)";
}

namespace {

template <typename T>
std::optional<T> ParseUnsigned(std::string_view text) {
    T value{};
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (result.ec != std::errc{} || result.ptr != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<int> ParseBias(std::string_view text) {
    bool negative = false;
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    const auto magnitude = ParseUnsigned<unsigned>(text);
    if (!magnitude || *magnitude > 24 * 60) return std::nullopt;
    const int value = static_cast<int>(*magnitude);
    return negative ? -value : value;
}

}  // namespace

std::optional<std::uint64_t> ParseByteSize(std::string_view text) {
    std::uint64_t multiplier = 1;
    if (text.ends_with("iB")) text.remove_suffix(2);
    if (!text.empty()) {
        switch (text.back()) {
            case 'K':
            case 'k':
                multiplier = 1ULL << 10;
                break;
            case 'M':
            case 'm':
                multiplier = 1ULL << 20;
                break;
            case 'G':
            case 'g':
                multiplier = 1ULL << 30;
                break;
            default:
                break;
        }
        if (multiplier != 1) text.remove_suffix(1);
    }
    const auto value = ParseUnsigned<std::uint64_t>(text);
    if (!value) return std::nullopt;
    return *value * multiplier;
}

Options ParseOptions(const std::vector<std::string_view>& args) {
    Options o;
    o.start = *ParseStartTime("01-14-2009 13:43:12.000");
    if (args.empty() || args[0] == "--help" || args[0] == "-h") return o;

    std::size_t i = 1;
    if (args[0] == "scenario") {
        o.mode = Mode::kScenario;
        if (args.size() < 2 || args[1].starts_with("--"))
            throw UsageError("scenario: missing NAME");
        o.scenario = std::string(args[1]);
        i = 2;
    } else if (args[0] == "bulk") {
        o.mode = Mode::kBulk;
    } else {
        throw UsageError("unknown mode '" + std::string(args[0]) + "' (expected scenario or bulk)");
    }

    bool have_size = false;
    for (; i < args.size(); ++i) {
        const std::string_view flag = args[i];
        if (flag == "--help" || flag == "-h") {
            o.mode = Mode::kHelp;
            return o;
        }
        if (i + 1 >= args.size()) throw UsageError(std::string(flag) + ": missing value");
        const std::string_view value = args[++i];
        const auto bad = [&]() {
            return UsageError("bad value for " + std::string(flag) + ": '" + std::string(value) +
                              "'");
        };
        if (flag == "--out") {
            o.out = std::string(value);
        } else if (flag == "--encoding") {
            const auto e = ParseEncoding(value);
            if (!e) throw bad();
            o.encoding = *e;
        } else if (flag == "--format") {
            const auto f = ParseLogFormat(value);
            if (!f) throw bad();
            o.format = *f;
        } else if (flag == "--bias") {
            const auto b = ParseBias(value);
            if (!b) throw bad();
            o.bias_minutes = *b;
        } else if (flag == "--start") {
            const auto s = ParseStartTime(value);
            if (!s) throw bad();
            o.start = *s;
        } else if (flag == "--retries" && o.mode == Mode::kScenario) {
            const auto r = ParseUnsigned<unsigned>(value);
            if (!r || *r > 100000) throw bad();
            o.retries = *r;
        } else if (flag == "--size" && o.mode == Mode::kBulk) {
            const auto s = ParseByteSize(value);
            if (!s || *s == 0) throw bad();
            o.size = *s;
            have_size = true;
        } else if (flag == "--devices" && o.mode == Mode::kBulk) {
            const auto d = ParseUnsigned<unsigned>(value);
            if (!d || *d == 0 || *d > 999999) throw bad();
            o.devices = *d;
        } else if (flag == "--seed" && o.mode == Mode::kBulk) {
            const auto s = ParseUnsigned<std::uint64_t>(value);
            if (!s) throw bad();
            o.seed = *s;
        } else if (flag == "--noise" && o.mode == Mode::kBulk) {
            const auto n = ParseUnsigned<unsigned>(value);
            if (!n || *n > 1000) throw bad();
            o.noise = *n;
        } else if (flag == "--workers" && o.mode == Mode::kBulk) {
            const auto w = ParseUnsigned<unsigned>(value);
            if (!w || *w == 0 || *w > 64) throw bad();
            o.workers = *w;
        } else {
            throw UsageError("unknown option " + std::string(flag));
        }
    }
    if (o.out.empty()) throw UsageError("--out FILE is required");
    if (o.mode == Mode::kBulk && !have_size) throw UsageError("bulk: --size BYTES is required");
    return o;
}

}  // namespace amtdiag::bench
