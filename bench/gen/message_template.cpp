#include "message_template.hpp"

namespace amtdiag::bench {

namespace {

// Returns false when `key` is not a known placeholder.
bool ExpandKey(std::string_view key, const MessageArgs& a, LineBuffer& out) noexcept {
    switch (key.size()) {
        case 1:
            if (key == "k") return out.AppendDecimal(a.retry), true;
            if (key == "n") return out.AppendDecimal(a.pool_size), true;
            break;
        case 2:
            if (key == "wt") return out.AppendDecimal(a.work_thread), true;
            if (key == "dc") return out.Append(a.site->dc_host), true;
            if (key == "dn") return out.Append(a.site->base_dn), true;
            if (key == "st") return out.Append(a.soap_status), true;
            break;
        case 3:
            if (key == "mid") return out.AppendDecimal(a.machine_id), true;
            if (key == "smx") return out.Append(a.smx), true;
            break;
        case 4:
            if (key == "host") return out.Append(a.host), true;
            if (key == "HOST") return out.Append(a.host_upper), true;
            if (key == "uuid") return out.Append(a.uuid), true;
            if (key == "hash") return out.Append(a.site->cert_hash), true;
            if (key == "core") return out.Append(a.site->core_version), true;
            if (key == "soap") return out.Append(a.soap_call), true;
            break;
        default:
            break;
    }
    return false;
}

}  // namespace

void ExpandTemplate(std::string_view text, const MessageArgs& args, LineBuffer& out) noexcept {
    while (!text.empty()) {
        const std::size_t open = text.find('{');
        if (open == std::string_view::npos) {
            out.Append(text);
            return;
        }
        out.Append(text.substr(0, open));
        const std::size_t close = text.find('}', open);
        if (close == std::string_view::npos) {
            out.Append(text.substr(open));
            return;
        }
        const std::string_view key = text.substr(open + 1, close - open - 1);
        if (!ExpandKey(key, args, out)) out.Append(text.substr(open, close - open + 1));
        text.remove_prefix(close + 1);
    }
}

std::string_view FindUnknownPlaceholder(std::string_view text) noexcept {
    static const SiteArgs kSite{};
    MessageArgs args;
    args.site = &kSite;
    LineBuffer scratch;
    while (true) {
        const std::size_t open = text.find('{');
        if (open == std::string_view::npos) return {};
        const std::size_t close = text.find('}', open);
        if (close == std::string_view::npos) return text.substr(open);
        const std::string_view key = text.substr(open + 1, close - open - 1);
        if (!ExpandKey(key, args, scratch)) return text.substr(open, close - open + 1);
        text.remove_prefix(close + 1);
    }
}

}  // namespace amtdiag::bench
