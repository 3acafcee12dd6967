#include "analyzer/engine/bindings.h"

#include "analyzer/engine/applicability.h"
#include "analyzer/engine/expression/time_format.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <set>

namespace amtdiag::engine {

namespace {

using expr::Value;

Value time_value(const model::LogTime& t) {
    if (!t.has_time) return Value::null();
    return Value(expr::Timestamp{t.sort_ms()});
}

// "dhcp.pcap packet 8", "probe.json item 3", "AMTOPMGR.LOG line 12": the place of an evidence
// item in words, with the file's own name (the report's evidence list keeps the full path).
std::string place_of(const model::SourceRef& ref) {
    const size_t slash = ref.artifact.find_last_of("/\\");
    std::string out = slash == std::string::npos ? ref.artifact : ref.artifact.substr(slash + 1);
    if (ref.packet != 0)
        out += " packet " + std::to_string(ref.packet);
    else if (ref.line != 0)
        out += " line " + std::to_string(ref.line);
    else if (ref.item != 0)
        out += " item " + std::to_string(ref.item);
    return out;
}

Value attribute_value(const model::Attribute& a) {
    switch (a.type) {
        case model::AttrType::string:
            return Value(a.value);
        case model::AttrType::integer:
            return Value(a.number);
        case model::AttrType::boolean:
            return Value(a.number != 0);
        case model::AttrType::timestamp:
            return Value(expr::Timestamp{a.number});
        case model::AttrType::list: {
            expr::List items;
            items.reserve(a.items.size());
            for (const auto& item : a.items) items.emplace_back(item);
            return Value(std::move(items));
        }
    }
    return Value(a.value);
}

// One retained sample as an expression object. It is decoded when a field is first read:
// many rules only count a kind or test whether a list is empty, and decoding (the excerpt,
// every attribute) was the largest cost of building a device's environment.
class EvidenceObject final : public expr::Object {
  public:
    EvidenceObject(std::shared_ptr<const std::string> kind, const correlate::Sample* sample,
                   const correlate::SampleDecoder* decoder)
        : kind_(std::move(kind)), sample_(sample), decoder_(decoder) {}
    // Objects live in one scope's environment, evaluated on one thread: no lock needed.
    const model::Evidence* evidence() const {
        if (!decoded_) decoded_ = decoder_->decode(*kind_, *sample_);
        return &*decoded_;
    }

    // A device's rules read the same few fields of the same samples again and again (its
    // last task's lines), and every read of a text field built a new string value.
    std::optional<Value> field(std::string_view name) const override {
        for (const auto& [read, value] : fields_)
            if (read == name) return value;
        fields_.emplace_back(std::string(name), compute_field(name));
        return fields_.back().second;
    }
    std::string_view type_name() const override { return *kind_; }

  private:
    std::optional<Value> compute_field(std::string_view name) const {
        if (name == "kind") return Value(*kind_);
        const model::Evidence* e = evidence();
        if (name == "time") return time_value(e->time);
        if (name == "line") return Value(static_cast<int64_t>(e->ref.line));
        if (name == "artifact") return Value(e->ref.artifact);
        if (name == "excerpt") return Value(e->ref.excerpt);
        if (name == "where") return Value(place_of(e->ref));
        if (name == "severity") return Value(std::string(model::to_string(e->severity)));
        const model::DeviceKeys& k = e->keys;
        const std::string* key = name == "fqdn"         ? &k.fqdn
                                 : name == "host"       ? &k.host
                                 : name == "uuid"       ? &k.uuid
                                 : name == "machine_id" ? &k.machine_id
                                 : name == "ip"         ? &k.ip
                                 : name == "mac"        ? &k.mac
                                                        : nullptr;
        if (key != nullptr) return key->empty() ? std::nullopt : std::optional<Value>(Value(*key));
        if (name == "packet" && e->ref.packet != 0)
            return Value(static_cast<int64_t>(e->ref.packet));
        if (name == "item" && e->ref.item != 0) return Value(static_cast<int64_t>(e->ref.item));
        if (const model::Attribute* a = e->attribute(name)) return attribute_value(*a);
        return std::nullopt;
    }

    std::shared_ptr<const std::string> kind_;
    const correlate::Sample* sample_;
    const correlate::SampleDecoder* decoder_;
    mutable std::optional<model::Evidence> decoded_;
    mutable std::vector<std::pair<std::string, std::optional<Value>>> fields_;  // as read
};

class AttemptObject final : public expr::Object {
  public:
    explicit AttemptObject(const model::Attempt* a) : a_(a) {}
    std::optional<Value> field(std::string_view name) const override {
        if (name == "type") return Value(std::string(model::to_string(a_->type)));
        if (name == "outcome") return Value(std::string(model::to_string(a_->outcome)));
        if (name == "last_milestone") return Value(a_->last_milestone);
        if (name == "thread") return Value(static_cast<int64_t>(a_->thread));
        if (name == "line") return Value(static_cast<int64_t>(a_->begin.line));
        if (name == "artifact") return Value(a_->begin.artifact);
        if (name == "begin") return time_value(a_->begin_time);
        if (name == "end") return time_value(a_->end_time);
        if (name == "last_time") return time_value(a_->last_time);
        if (name == "last_line") return Value(static_cast<int64_t>(a_->last_line));
        if (name == "sequence") return Value(static_cast<int64_t>(a_->sequence));
        if (name == "abandoned") return Value(a_->abandoned);
        if (name == "counts") {
            expr::Map counts;
            for (const auto& c : a_->counts)
                counts[std::string(a_->kind_name(c))] = Value(static_cast<int64_t>(c.count));
            return Value(std::move(counts));
        }
        return std::nullopt;
    }
    std::string_view type_name() const override { return "attempt"; }
    const model::Attempt* attempt() const { return a_; }

  private:
    const model::Attempt* a_;
};

class DeviceObject final : public expr::Object {
  public:
    DeviceObject(const model::Device* d, const correlate::CorrelationResult* all,
                 const EvaluationContext* context)
        : d_(d), all_(all), context_(context) {}
    std::optional<Value> field(std::string_view name) const override {
        if (name == "id") return Value(d_->id);
        if (name == "fqdn") return Value(d_->fqdn);
        if (name == "host") return Value(d_->host);
        if (name == "uuid") return Value(d_->uuid);
        if (name == "machine_id") return Value(d_->machine_id);
        if (name == "mode") return Value(d_->mode);
        if (name == "firmware") return Value(d_->firmware);
        if (name == "attempts_total") return Value(static_cast<int64_t>(d_->attempts_total));
        if (name == "ips" || name == "macs") {
            expr::List items;
            for (const auto& item : name == "ips" ? d_->ips : d_->macs) items.emplace_back(item);
            return Value(std::move(items));
        }
        // The authentication as the applicability checks know it (--mode, else the device's
        // own hellos): computed when asked, so a rule that never reads it costs nothing.
        if (name == "auth" || name == "auth_source") {
            if (all_ == nullptr) return Value(std::string());
            static const std::vector<std::string> kNoWords;
            static const std::string kNoVersion;
            const DeviceProfile p =
                profile_of(d_, *all_, context_ != nullptr ? context_->mode : kNoWords,
                           context_ != nullptr ? context_->amt_version : kNoVersion);
            return Value(name == "auth" ? p.auth : p.auth_source);
        }
        return std::nullopt;
    }
    std::string_view type_name() const override { return "device"; }

  private:
    const model::Device* d_;
    const correlate::CorrelationResult* all_;
    const EvaluationContext* context_;
};

using Samples = std::vector<const correlate::Sample*>;

Value evidence_list(std::string_view kind, const Samples& samples,
                    const correlate::SampleDecoder& decoder) {
    expr::List out;
    out.reserve(samples.size());
    const auto shared_kind = std::make_shared<const std::string>(kind);
    for (const auto* s : samples)
        out.emplace_back(std::shared_ptr<const expr::Object>(
            std::make_shared<EvidenceObject>(shared_kind, s, &decoder)));
    return Value(std::move(out));
}

Samples samples_of(const correlate::ScopeEvidence* scope, const std::string& kind) {
    Samples out;
    if (scope == nullptr) return out;
    const correlate::KindEvidence* found = scope->find(kind);
    if (found == nullptr) return out;
    for (const auto& s : found->samples) out.push_back(&s);
    return out;
}

// How many of a kind the site scope shows at each end: the kind's own retention (that of the
// first scope holding it), at least 8. Log kinds keep 3 + 3 per device; over thousands of
// devices the site view keeps the first and last few. Kinds a reader keeps whole
// (certificates) stay whole.
correlate::Retention site_retention(const correlate::Retention& kind_retention) {
    constexpr uint32_t kSiteSamples = 8;
    return {std::max(kSiteSamples, kind_retention.first),
            std::max(kSiteSamples, kind_retention.last)};
}

// The `first` earliest and `last` latest samples in reading order, in linear time: what a
// stable sort by sequence followed by dropping the middle gives. Equal sequences (one record
// seen as several facts) keep the order of their scopes.
Samples keep_ends(const Samples& all, correlate::Retention keep) {
    auto before = [&all](uint32_t a, uint32_t b) {
        const uint64_t sa = all[a]->sequence, sb = all[b]->sequence;
        return sa != sb ? sa < sb : a < b;
    };
    std::vector<uint32_t> order(all.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    const size_t first = keep.first, last = keep.last;
    if (order.size() > first + last) {
        std::nth_element(order.begin(), order.begin() + first, order.end(), before);
        std::nth_element(order.begin() + first, order.end() - last, order.end(), before);
        order.erase(order.begin() + first, order.end() - last);
    }
    std::sort(order.begin(), order.end(), before);
    Samples out;
    out.reserve(order.size());
    for (uint32_t i : order) out.push_back(all[i]);
    return out;
}

uint64_t count_of(const correlate::ScopeEvidence* scope, const std::string& kind) {
    if (scope == nullptr) return 0;
    const correlate::KindEvidence* found = scope->find(kind);
    return found == nullptr ? 0 : found->count;
}

Value kind_argument_error(std::string_view fn) {
    return Value::error(std::string(fn) + "() takes one string: an evidence kind");
}

// The AMT versions the scope's rules judge against: the device's own (from its evidence),
// else --amt-version; in site scope --amt-version, else every version the devices report.
Value firmware_versions(const ScopeData& data, const EvaluationContext& context) {
    std::set<std::string> versions;
    if (data.device != nullptr && !data.device->firmware.empty())
        versions.insert(data.device->firmware);
    else if (!context.amt_version.empty())
        versions.insert(context.amt_version);
    else if (data.device == nullptr)
        for (const auto& d : data.all->devices)
            if (!d.firmware.empty()) versions.insert(d.firmware);
    expr::List out;
    for (const auto& v : versions) out.emplace_back(v);
    return Value(std::move(out));
}

}  // namespace

std::shared_ptr<const KindIndex> index_kinds(const correlate::CorrelationResult& correlation) {
    auto index = std::make_shared<KindIndex>();
    for (const auto& [id, kinds] : correlation.evidence)
        for (const correlate::KindEvidence& evidence : kinds)
            index->scopes[*evidence.kind].push_back(&evidence);
    return index;
}

Value device_list(const correlate::CorrelationResult& correlation,
                  const EvaluationContext* context) {
    expr::List out;
    out.reserve(correlation.devices.size());
    for (const auto& d : correlation.devices)
        out.emplace_back(std::shared_ptr<const expr::Object>(
            std::make_shared<DeviceObject>(&d, &correlation, context)));
    return Value(std::move(out));
}

const model::Evidence* evidence_of(const Value& value) {
    if (value.type() != expr::ValueType::object) return nullptr;
    const auto* obj = dynamic_cast<const EvidenceObject*>(value.object_ptr().get());
    return obj == nullptr ? nullptr : obj->evidence();
}

std::string display(const Value& value) {
    switch (value.type()) {
        case expr::ValueType::null:
            return "";
        case expr::ValueType::string:
            return value.as_string();
        case expr::ValueType::boolean:
            return value.as_bool() ? "true" : "false";
        case expr::ValueType::integer:
            return std::to_string(value.as_int());
        case expr::ValueType::timestamp:
            return expr::format_timestamp(value.as_timestamp());
        case expr::ValueType::list: {
            std::string out;
            for (const auto& item : value.as_list()) {
                if (!out.empty()) out += ", ";
                out += display(item);
            }
            return out;
        }
        case expr::ValueType::object: {
            if (const auto* e = evidence_of(value))
                return e->ref.line != 0 || (e->ref.packet == 0 && e->ref.item == 0)
                           ? e->ref.artifact + ":" + std::to_string(e->ref.line)
                           : place_of(e->ref);
            return value.to_debug_string();
        }
        default:
            return value.to_debug_string();
    }
}

expr::Environment make_environment(const ScopeData& data) {
    expr::Environment env;
    if (data.device != nullptr) {
        env.set("device", Value(std::shared_ptr<const expr::Object>(std::make_shared<DeviceObject>(
                              data.device, data.all, data.context))));
        expr::List attempts;
        for (const auto& a : data.device->attempts)
            attempts.emplace_back(
                std::shared_ptr<const expr::Object>(std::make_shared<AttemptObject>(&a)));
        env.set("attempts", Value(std::move(attempts)));
    } else {
        env.set("device", Value::null());
        env.set("attempts", Value(expr::List{}));
    }
    env.set("device_count", Value(static_cast<int64_t>(data.all->devices.size())));
    env.set("devices", data.devices != nullptr ? *data.devices : Value(expr::List{}));
    env.set("data", data.data != nullptr ? *data.data : Value(expr::Map{}));
    const EvaluationContext no_context;
    const EvaluationContext& context = data.context != nullptr ? *data.context : no_context;
    env.set("reference_time", Value(expr::Timestamp{context.reference_time_ms}));
    env.set("reference_time_source", Value(context.reference_time_source));
    env.set("firmware_versions", firmware_versions(data, context));
    expr::List artifact_list;
    for (const auto& k : *data.artifact_kinds) artifact_list.emplace_back(k);
    env.set("artifacts", Value(std::move(artifact_list)));

    const auto* scope = data.evidence;
    const auto* all = data.all;
    const bool site = data.device == nullptr;
    // In site scope ev()/count() see everything; in device scope only the device's evidence.
    // Site scope: the first and last few of a kind over every device, in reading order.
    const std::shared_ptr<const KindIndex> kinds =
        data.kinds != nullptr ? data.kinds : index_kinds(*all);
    auto collect_all = [kinds](const std::string& kind) {
        Samples out;
        const auto found = kinds->scopes.find(kind);
        if (found == kinds->scopes.end()) return out;
        for (const correlate::KindEvidence* scope_kind : found->second)
            for (const auto& s : scope_kind->samples) out.push_back(&s);
        return keep_ends(out, site_retention(found->second.front()->retention));
    };
    const correlate::SampleDecoder* decoder = all->decoder.get();
    auto count_all = [all](std::string_view kind) -> int64_t {
        auto it = all->total_counts.find(std::string(kind));
        return it == all->total_counts.end() ? 0 : static_cast<int64_t>(it->second);
    };
    // Several rules (and their citations and messages) ask for the same kinds: decode each
    // kind's samples once per scope. The cache lives as long as this environment.
    auto decoded = std::make_shared<ValuesByKind>();
    env.define_function("ev", [=](std::span<const Value> args) {
        if (args.size() != 1 || args[0].type() != expr::ValueType::string)
            return kind_argument_error("ev");
        const std::string& kind = args[0].as_string();
        if (auto it = decoded->find(kind); it != decoded->end()) return it->second;
        Value list =
            evidence_list(kind, site ? collect_all(kind) : samples_of(scope, kind), *decoder);
        decoded->emplace(kind, list);
        return list;
    });
    env.define_function("count", [=](std::span<const Value> args) {
        // a.count(kind): the evidence of that kind inside one provisioning task.
        if (args.size() == 2 && args[1].type() == expr::ValueType::string &&
            args[0].type() == expr::ValueType::object) {
            const auto* task = dynamic_cast<const AttemptObject*>(args[0].object_ptr().get());
            if (task == nullptr) return Value::error("count(x, kind): x must be a task");
            return Value(static_cast<int64_t>(task->attempt()->count_of(args[1].as_string())));
        }
        if (args.size() != 1 || args[0].type() != expr::ValueType::string)
            return kind_argument_error("count");
        return site ? Value(count_all(args[0].as_string()))
                    : Value(static_cast<int64_t>(count_of(scope, args[0].as_string())));
    });
    auto site_cache =
        data.site_cache != nullptr ? data.site_cache : std::make_shared<ValuesByKind>();
    env.define_function("site_ev", [=](std::span<const Value> args) {
        if (args.size() != 1 || args[0].type() != expr::ValueType::string)
            return kind_argument_error("site_ev");
        const std::string& kind = args[0].as_string();
        if (auto it = site_cache->find(kind); it != site_cache->end()) return it->second;
        Value list = evidence_list(kind, collect_all(kind), *decoder);
        site_cache->emplace(kind, list);
        return list;
    });
    env.define_function("site_count", [=](std::span<const Value> args) {
        if (args.size() != 1 || args[0].type() != expr::ValueType::string)
            return kind_argument_error("site_count");
        return Value(count_all(args[0].as_string()));
    });
    // milestone('ms.client-cert-found') -> the log text the guide shows for it, so messages
    // can say what the last step was in the words of the log.
    const Catalog* catalog = data.catalog;
    env.define_function("milestone", [catalog](std::span<const Value> args) {
        if (args.size() != 1 || args[0].type() != expr::ValueType::string)
            return Value::error("milestone() takes one string: a milestone id");
        if (catalog != nullptr)
            for (const auto& m : catalog->milestones)
                if (m.id == args[0].as_string()) return Value(m.text);
        return args[0];
    });
    // explain(code) / explain(code, family): the knowledge base's entry for a code, as a map
    // {code, family, name, meaning}, or null: rules can test `explain(e.code).name`.
    const ErrorCodes* codes = data.error_codes;
    env.define_function("explain", [codes](std::span<const Value> args) {
        if (args.empty() || args.size() > 2 || args[0].type() != expr::ValueType::string ||
            (args.size() == 2 && args[1].type() != expr::ValueType::string))
            return Value::error("explain() takes a code and optionally a family");
        if (codes == nullptr) return Value::null();
        std::vector<std::string> families;
        if (args.size() == 2) families.push_back(args[1].as_string());
        const auto found = codes->lookup(args[0].as_string(), families);
        if (found.empty()) return Value::null();
        expr::Map entry;
        entry["code"] = Value(found.front()->code);
        entry["family"] = Value(found.front()->family);
        entry["name"] = Value(found.front()->name);
        entry["meaning"] = Value(found.front()->meaning);
        return Value(std::move(entry));
    });
    const auto* artifact_kinds = data.artifact_kinds;
    env.define_function("has_artifact", [artifact_kinds](std::span<const Value> args) {
        if (args.size() != 1 || args[0].type() != expr::ValueType::string)
            return Value::error("has_artifact() takes one string: an artifact kind");
        return Value(artifact_kinds->count(args[0].as_string()) > 0);
    });
    return env;
}

}  // namespace amtdiag::engine
