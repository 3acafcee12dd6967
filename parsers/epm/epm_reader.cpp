#include "parsers/epm/epm_reader.h"

#include "analyzer/model/device_key.h"
#include "parsers/cmdout/cmdout.h"
#include "parsers/cmdout/file.h"
#include "parsers/epm/key_lists.h"

namespace amtdiag::parsers::epm {

namespace {

using model::Attribute;

constexpr uint64_t kMaxFileBytes = 64 << 20;

std::string cut(std::string s) {
    for (char& c : s)
        if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    if (s.size() > 240) s.resize(240);
    return s;
}

model::Evidence site_evidence(const char* kind, const std::string& artifact, uint64_t line) {
    model::Evidence e;
    e.kind = kind;
    e.ref.artifact = artifact;
    e.ref.line = line;
    return e;
}

void emit(const KeyLists& lists, const std::string& artifact, Sink& sink) {
    std::vector<std::string> pids, bad;
    for (const PidEntry& p : lists.pids) {
        model::Evidence e = site_evidence("epm.pid", artifact, p.line);
        std::string chars = p.pid;
        chars.erase(4, 1);
        std::vector<std::string> groups;
        for (int g : p.bad_pps_groups) groups.push_back(std::to_string(g));
        e.attrs.push_back(Attribute::text("pid", p.pid));
        e.attrs.push_back(Attribute::text("pid_chars", chars));
        e.attrs.push_back(Attribute::flag("pid_checksum_ok", p.pid_checksum_ok));
        e.attrs.push_back(Attribute::flag("pps_checksum_ok", p.pps_checksum_ok));
        e.attrs.push_back(Attribute::list("bad_pps_groups", groups));
        e.ref.excerpt = cut(p.masked_line);
        sink.evidence(e);
        pids.push_back(chars);
        if (!p.pid_checksum_ok || !p.pps_checksum_ok) bad.push_back(p.pid);
    }
    if (!lists.pids.empty()) {
        model::Evidence e = site_evidence("epm.pid_list", artifact, lists.pids.front().line);
        e.attrs.push_back(Attribute::integer("pairs", static_cast<int64_t>(lists.pids.size())));
        e.attrs.push_back(Attribute::list("pids", pids));
        e.attrs.push_back(Attribute::list("bad_checksums", bad));
        e.ref.excerpt =
            "PID/PPS list: " + std::to_string(lists.pids.size()) + " pairs" +
            (bad.empty() ? ""
                         : ", " + std::to_string(bad.size()) + " with a wrong check character");
        sink.evidence(e);
    }
    std::vector<std::string> uuids;
    for (const ListedDevice& d : lists.devices) {
        model::Evidence e = site_evidence("epm.device", artifact, d.line);
        e.attrs.push_back(Attribute::text("uuid", d.uuid));
        // Exports differ in how they print the SMBIOS bytes; hellos use the canonical order.
        e.attrs.push_back(Attribute::text("uuid_swapped", model::uuid_byte_swapped(d.uuid)));
        e.attrs.push_back(Attribute::text("name", d.name));
        e.attrs.push_back(Attribute::text("ip", d.ip));
        e.ref.excerpt =
            cut(d.uuid + (d.name.empty() ? "" : "  " + d.name) + (d.ip.empty() ? "" : "  " + d.ip));
        sink.evidence(e);
        uuids.push_back(d.uuid);
    }
    if (!lists.devices.empty()) {
        model::Evidence e = site_evidence("epm.device_list", artifact, lists.devices.front().line);
        e.attrs.push_back(Attribute::integer("devices", static_cast<int64_t>(uuids.size())));
        e.attrs.push_back(Attribute::list("uuids", uuids));
        e.ref.excerpt = "device list: " + std::to_string(uuids.size()) + " devices";
        sink.evidence(e);
    }
}

class EpmReader final : public PerFileReader {
  public:
    explicit EpmReader(const ReaderOptions& options) : hash_(options.sha256) {}

  private:
    model::Artifact read_file(const Input& input, Sink& sink) override {
        cmdout::OpenedText opened = cmdout::open_text(input.path, input.kind, kMaxFileBytes,
                                                      "endpoint manager export", hash_);
        model::Artifact& a = opened.artifact;
        if (!opened.ok) return a;
        const cmdout::Decoded& text = opened.text;
        const KeyLists lists = parse_key_lists(text.text);
        for (const auto& n : lists.notes) a.notes.push_back(n);
        a.damaged_records = lists.damaged;
        a.damaged_lines = lists.damaged_lines;
        if (lists.pids.empty() && lists.devices.empty()) {
            a.status = model::ReadStatus::error;
            a.error = "no PID/PPS pair and no listed device could be read (" + text.encoding + ")";
            return a;
        }
        size_t bad = 0;
        for (const auto& p : lists.pids) bad += !p.pid_checksum_ok || !p.pps_checksum_ok;
        a.detail = "endpoint manager export; " + text.encoding;
        if (!lists.pids.empty())
            a.detail += "; " + std::to_string(lists.pids.size()) + " PID/PPS pairs" +
                        (bad > 0 ? " (" + std::to_string(bad) + " with a wrong check character)"
                                 : std::string());
        if (!lists.devices.empty())
            a.detail += "; " + std::to_string(lists.devices.size()) +
                        (lists.devices.size() == 1 ? " listed device" : " listed devices");
        emit(lists, a.path, sink);
        return a;
    }

    bool hash_ = true;
};

}  // namespace

Detection detect(const Probe& probe) {
    const std::optional<cmdout::Decoded> text = cmdout::text_head(probe.head);
    if (!text) return {};
    Detection d;
    const KeyLists lists = parse_key_lists(text->text);
    if (const int c = pid_list_confidence(lists); c > 0) {
        d.confidence = c;
        d.kind = kPidListKind;
    } else if (const int c2 = device_list_confidence(lists); c2 > 0) {
        d.confidence = c2;
        d.kind = kDeviceListKind;
    }
    return d;
}

std::unique_ptr<Reader> make_reader(const ReaderOptions& options) {
    return std::make_unique<EpmReader>(options);
}

}  // namespace amtdiag::parsers::epm
