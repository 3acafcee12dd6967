#include "analyzer/engine/rule_set.h"

#include "analyzer/engine/applicability.h"

#include <algorithm>
#include <fstream>
#include <memory>
#include <span>
#include <sstream>
#include <string_view>

#include "analyzer/engine/expression/suggest.h"
#include "analyzer/engine/expression/time_format.h"
#include "analyzer/engine/rule_yaml.h"
#include "analyzer/scan/signature_matcher.h"
#include "parsers/cmlog/sha256.h"
#include "rules/embedded_rules.h"

namespace amtdiag::engine {

namespace {

struct Source {
    std::string name;  // "builtin:signatures/amtopmgr.yaml" or a path
    // The embedded files are views of the program's own data; a file read from a --rules
    // folder lives in `storage` (on the heap, so the view survives moving the Source).
    std::string_view text;
    std::string fixture;  // "fixtures/...": a rule-test input, not a rule file
    std::shared_ptr<const std::string> storage;
};

constexpr std::string_view kFixtures = "fixtures/";

std::string where(const Source& src, const yaml::Node& node) {
    return src.name + ":" + std::to_string(node.line() + 1);
}

[[noreturn]] void fail(const Source& src, const yaml::Node& node, const std::string& what) {
    throw RuleLoadError(where(src, node) + ": " + what);
}

// Every key a rule file may use, per kind of entry: a misspelled key (`fail_whn`) would
// otherwise be ignored and its rule silently never fail.
constexpr std::string_view kFileKeys[] = {"schema_version", "stages", "checks", "milestones",
                                          "signatures",     "rules",  "let",    "data"};
constexpr std::string_view kSignatureKeys[] = {
    "id",     "milestone", "logs",     "emits",        "severity",
    "source", "pattern",   "attempt",  "attempt_type", "attempt_success",
    "mode",   "examples",  "suspects", "progress",     "quirks"};
constexpr std::string_view kSuspectKeys[] = {"check", "why"};
constexpr std::string_view kQuirkKeys[] = {"when", "why"};
constexpr std::string_view kExampleKeys[] = {"match", "no_match"};
constexpr std::string_view kRuleKeys[] = {
    "id",           "checks",      "scope",         "needs",     "let",        "when",
    "applies_when", "skip_reason", "verdict_stage", "fail_when", "warn_when",  "pass_when",
    "otherwise",    "cite",        "message",       "fix",       "references", "tests",
    "status",       "level",       "citation",      "applies",   "question",   "hint"};
constexpr std::string_view kAppliesKeys[] = {"modes", "auth", "amt"};
constexpr std::string_view kTestKeys[] = {"name",   "log",         "file", "files",
                                          "at",     "amt_version", "mode", "answers",
                                          "expect", "pfx_password"};
constexpr std::string_view kTestFileKeys[] = {"name", "fixture", "text"};
constexpr std::string_view kExpectKeys[] = {"check", "device", "status"};

void check_keys(const Source& src, const yaml::Node& node,
                std::span<const std::string_view> allowed, const std::string& what) {
    if (!node.is_map()) fail(src, node, what + " must be a mapping of keys to values");
    for (const auto& kv : node) {
        const std::string key = kv.first.as<std::string>();
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
        std::string message = "unknown key '" + key + "' in " + what;
        if (const auto best = expr::closest_name(key, allowed))
            message += " (did you mean '" + *best + "'?)";
        fail(src, kv.first, message);
    }
}

std::string str(const yaml::Node& node) {
    return node ? node.as<std::string>() : std::string();
}

std::vector<std::string> strings(const yaml::Node& node) {
    std::vector<std::string> out;
    if (!node) return out;
    if (node.is_scalar()) return {node.as<std::string>()};
    for (const auto& item : node) out.push_back(item.as<std::string>());
    return out;
}

std::vector<int> ints(const yaml::Node& node) {
    std::vector<int> out;
    if (!node) return out;
    if (node.is_scalar()) return {node.as<int>()};
    for (const auto& item : node) out.push_back(item.as<int>());
    return out;
}

using Names = std::set<std::string>;

std::optional<expr::Expression> expression(const Source& src, const yaml::Node& node,
                                           const char* field, const Names& names) {
    const yaml::Node value = node[field];
    if (!value) return std::nullopt;
    try {
        return expr::Expression::compile(value.as<std::string>(), &names);
    } catch (const expr::CompileError& e) {
        fail(src, value, std::string(field) + ": " + e.what());
    }
}

MessageTemplate message_template(const Source& src, const yaml::Node& node, const Names& names) {
    MessageTemplate out;
    const std::string text = node.as<std::string>();
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t open = text.find("{{", pos);
        if (open == std::string::npos) {
            out.parts.push_back({text.substr(pos), std::nullopt});
            break;
        }
        if (open > pos) out.parts.push_back({text.substr(pos, open - pos), std::nullopt});
        const size_t close = text.find("}}", open + 2);
        if (close == std::string::npos) fail(src, node, "message: '{{' without '}}'");
        std::string source = text.substr(open + 2, close - open - 2);
        try {
            out.parts.push_back({source, expr::Expression::compile(source, &names)});
        } catch (const expr::CompileError& e) {
            fail(src, node, "message expression: " + std::string(e.what()));
        }
        pos = close + 2;
    }
    return out;
}

model::Severity severity_of(const Source& src, const yaml::Node& node) {
    const std::string s = str(node);
    if (s.empty() || s == "info") return model::Severity::info;
    if (s == "warning") return model::Severity::warning;
    if (s == "error") return model::Severity::error;
    if (s == "none") return model::Severity::none;
    fail(src, node, "severity must be info, warning or error, not '" + s + "'");
}

void load_catalog(const Source& src, const yaml::Node& root, Catalog& catalog) {
    for (const auto& s : root["stages"]) {
        CatalogStage stage;
        stage.number = s["number"].as<int>();
        stage.id = str(s["id"]);
        stage.title = str(s["title"]);
        stage.optional = s["optional"] && s["optional"].as<bool>();
        stage.implies = ints(s["implies"]);
        stage.verification = strings(s["verification"]);
        catalog.stages.push_back(std::move(stage));
    }
    for (const auto& c : root["checks"]) {
        CatalogCheck check;
        check.id = str(c["id"]);
        if (catalog.index.count(check.id)) fail(src, c, "duplicate check id " + check.id);
        check.kind = str(c["kind"]);
        check.stages = ints(c["stages"]);
        check.components = strings(c["components"]);
        check.applies_to = strings(c["applies_to"]);
        check.optional = c["optional"] && c["optional"].as<bool>();
        check.deprecated = c["deprecated"] && c["deprecated"].as<bool>();
        check.summary = str(c["summary"]);
        check.how_to_check = str(c["how_to_check"]);
        check.fix = str(c["fix"]);
        check.refs = strings(c["refs"]);
        check.evidence = strings(c["evidence"]);
        check.signal = str(c["signal"]);
        catalog.index[check.id] = catalog.checks.size();
        catalog.checks.push_back(std::move(check));
    }
    for (const auto& m : root["milestones"])
        catalog.milestones.push_back(
            {str(m["id"]), str(m["text"]), str(m["outcome"]), ints(m["stages"])});
}

scan::Signature load_signature(const Source& src, const yaml::Node& node) {
    check_keys(src, node, kSignatureKeys, "a signature");
    scan::Signature sig;
    sig.id = str(node["id"]);
    if (sig.id.empty()) fail(src, node, "signature without id");
    if (node["examples"]) check_keys(src, node["examples"], kExampleKeys, "examples");
    sig.milestone = str(node["milestone"]);
    sig.logs = strings(node["logs"]);
    sig.emits = str(node["emits"]);
    if (sig.emits.empty()) fail(src, node, "signature " + sig.id + " has no 'emits'");
    sig.severity = severity_of(src, node["severity"]);
    sig.source = str(node["source"]);
    sig.pattern = str(node["pattern"]);
    if (sig.pattern.empty()) fail(src, node, "signature " + sig.id + " has no pattern");
    {
        // Every pattern must compile whether or not a log of its kind is given today.
        auto compiled = scan::compile_signature_pattern(sig.pattern);
        if (!compiled->ok())
            fail(src, node["pattern"],
                 "signature " + sig.id + ": the pattern does not compile: " + compiled->error());
        sig.compiled = std::move(compiled);
    }
    const std::string attempt = str(node["attempt"]);
    if (attempt == "begin")
        sig.attempt = scan::AttemptRole::begin;
    else if (attempt == "target")
        sig.attempt = scan::AttemptRole::target;
    else if (attempt == "end")
        sig.attempt = scan::AttemptRole::end;
    else if (!attempt.empty())
        fail(src, node["attempt"], "attempt must be begin, target or end");
    sig.attempt_type = str(node["attempt_type"]);
    sig.attempt_success = node["attempt_success"] && node["attempt_success"].as<bool>();
    sig.mode = str(node["mode"]);
    sig.progress = !node["progress"] || node["progress"].as<bool>();
    for (const auto& suspect : node["suspects"]) {
        check_keys(src, suspect, kSuspectKeys, "a suspect");
        sig.suspects.push_back({str(suspect["check"]), str(suspect["why"])});
        if (sig.suspects.back().check.empty()) fail(src, suspect, "a suspect names no check");
    }
    for (const auto& quirk : node["quirks"]) {
        check_keys(src, quirk, kQuirkKeys, "a quirk");
        scan::Signature::Quirk q;
        q.why = str(quirk["why"]);
        if (!quirk["when"] || !quirk["when"].is_map() || quirk["when"].size() == 0)
            fail(src, quirk, "a quirk needs when: {group: value, ...}");
        for (const auto& kv : quirk["when"])
            q.when.emplace_back(kv.first.as<std::string>(), kv.second.as<std::string>());
        sig.quirks.push_back(std::move(q));
    }
    if (const auto ex = node["examples"]) {
        sig.examples_match = strings(ex["match"]);
        sig.examples_no_match = strings(ex["no_match"]);
    }
    sig.defined_in = where(src, node);
    return sig;
}

model::Status status_of(const Source& src, const yaml::Node& node) {
    const auto s = model::status_from_string(str(node));
    if (!s) fail(src, node, "not a status: '" + str(node) + "'");
    return *s;
}

// A test file: "fixtures/x.pem" (written under its own name), {name, fixture} or {name, text}.
RuleTest::File test_file(const Source& src, const yaml::Node& node,
                         const std::map<std::string, std::string>& fixtures) {
    auto fixture = [&](const std::string& path) {
        auto it = fixtures.find(path);
        if (it == fixtures.end()) fail(src, node, "no fixture '" + path + "' in rules/fixtures");
        return it->second;
    };
    if (node.is_scalar()) {
        const std::string path = node.as<std::string>();
        return {std::filesystem::path(path).filename().string(), fixture(path)};
    }
    check_keys(src, node, kTestFileKeys, "a test file");
    RuleTest::File file{str(node["name"]), {}};
    if (file.name.empty()) fail(src, node, "a test file needs a name");
    if (node["fixture"])
        file.bytes = fixture(str(node["fixture"]));
    else if (node["text"])
        file.bytes = str(node["text"]);
    else
        fail(src, node, "a test file needs fixture: or text:");
    return file;
}

using Lets = std::vector<std::pair<std::string, expr::Expression>>;

// `let:` maps names to expressions, each seeing the names before it.
void load_lets(const Source& src, const yaml::Node& lets, Names& names, Lets& out) {
    if (!lets) return;
    if (!lets.is_map()) fail(src, lets, "let must map names to expressions");
    for (const auto& kv : lets) {
        const std::string name = kv.first.as<std::string>();
        if (names.count(name)) fail(src, kv.first, "let: '" + name + "' is already a name");
        try {
            out.emplace_back(name, expr::Expression::compile(kv.second.as<std::string>(), &names));
        } catch (const expr::CompileError& e) {
            fail(src, kv.second, "let " + name + ": " + e.what());
        }
        names.insert(name);
    }
}

// The names whose value differs from device to device (engine/bindings.cpp); a let that reads
// none of them, directly or through an earlier let, has one value per run.
void mark_site_constant_lets(Rule& rule) {
    std::set<std::string> per_device = {"device", "attempts", "firmware_versions", "ev", "count"};
    rule.let_is_site_constant.clear();
    for (const auto& [name, e] : rule.lets) {
        const std::set<std::string> reads = e.free_names();
        const bool constant = std::none_of(reads.begin(), reads.end(), [&](const std::string& n) {
            return per_device.count(n) > 0;
        });
        if (!constant) per_device.insert(name);
        rule.let_is_site_constant.push_back(constant);
    }
}

// `file_lets` are the file's own `let:`, seen by every rule of the file before its own.
// A check id the catalog does not know is a typo or a renamed check: either way the rule
// would decide nothing, so the load stops and says which id is closest.
void check_catalog_id(const Source& src, const yaml::Node& node, const std::string& id,
                      const Catalog& catalog) {
    if (catalog.checks.empty() || catalog.find(id) != nullptr) return;
    std::vector<std::string> ids;
    for (const auto& c : catalog.checks) ids.push_back(c.id);
    std::string message = "unknown check id '" + id + "'";
    if (const auto best = expr::closest_name(id, ids))
        message += " (did you mean '" + *best + "'?)";
    fail(src, node, message);
}

// Sigma/zlint-style metadata: how proven the rule is, how bad its failure is, where the guide
// says it, and when it applies. status, level and citation are required.
void load_metadata(const Source& src, const yaml::Node& node, Rule& rule) {
    for (const char* key : {"status", "level", "citation"})
        if (!node[key]) fail(src, node, "rule " + rule.id + " has no '" + key + "'");
    const std::string status = str(node["status"]);
    if (status == "stable")
        rule.status = RuleStatus::stable;
    else if (status == "test")
        rule.status = RuleStatus::test;
    else if (status == "experimental")
        rule.status = RuleStatus::experimental;
    else
        fail(src, node["status"],
             "status must be stable, test or experimental, not '" + status + "'");
    const std::string level = str(node["level"]);
    if (level == "error")
        rule.level = RuleLevel::error;
    else if (level == "warning")
        rule.level = RuleLevel::warning;
    else if (level == "note")
        rule.level = RuleLevel::note;
    else
        fail(src, node["level"], "level must be error, warning or note, not '" + level + "'");
    rule.citation = str(node["citation"]);
    if (rule.citation.empty()) fail(src, node["citation"], "citation is empty");
    rule.references = strings(node["references"]);
    const yaml::Node applies = node["applies"];
    if (!applies) return;
    check_keys(src, applies, kAppliesKeys, "applies");
    rule.applies.modes = strings(applies["modes"]);
    for (const auto& m : rule.applies.modes)
        if (m != "oob" && m != "inband" && m != "onetouch")
            fail(src, applies["modes"],
                 "applies.modes: '" + m + "' is not oob, inband or onetouch");
    rule.applies.auth = strings(applies["auth"]);
    for (const auto& a : rule.applies.auth)
        if (a != "pki" && a != "psk")
            fail(src, applies["auth"], "applies.auth: '" + a + "' is not pki or psk");
    if (applies["amt"]) {
        rule.applies.amt = str(applies["amt"]);
        std::string error;
        auto bounds = parse_version_range(rule.applies.amt, error);
        if (!bounds) fail(src, applies["amt"], "applies.amt: " + error);
        rule.applies.amt_bounds = std::move(*bounds);
    }
}

Rule load_rule(const Source& src, const yaml::Node& node,
               const std::map<std::string, std::string>& fixtures, const Lets& file_lets,
               const Catalog& catalog) {
    check_keys(src, node, kRuleKeys, "a rule");
    Rule rule;
    rule.id = str(node["id"]);
    if (rule.id.empty()) fail(src, node, "rule without id");
    rule.checks = strings(node["checks"]);
    if (rule.checks.empty()) fail(src, node, "rule " + rule.id + " names no checks");
    for (const auto& id : rule.checks) check_catalog_id(src, node["checks"], id, catalog);
    const std::string scope = str(node["scope"]);
    if (scope == "site")
        rule.scope = RuleScope::site;
    else if (!scope.empty() && scope != "device")
        fail(src, node["scope"], "scope must be device or site");
    rule.needs = strings(node["needs"]);
    Names names = rule_expression_names();
    for (const auto& [name, e] : file_lets) names.insert(name);
    rule.lets = file_lets;
    load_lets(src, node["let"], names, rule.lets);
    mark_site_constant_lets(rule);
    rule.when = expression(src, node, "when", names);
    rule.applies_when = expression(src, node, "applies_when", names);
    rule.skip_reason = str(node["skip_reason"]);
    rule.verdict_stage = node["verdict_stage"] ? node["verdict_stage"].as<int>() : 0;
    rule.fail_when = expression(src, node, "fail_when", names);
    rule.warn_when = expression(src, node, "warn_when", names);
    rule.pass_when = expression(src, node, "pass_when", names);
    if (node["otherwise"]) rule.otherwise = status_of(src, node["otherwise"]);
    rule.cite = expression(src, node, "cite", names);
    if (const auto messages = node["message"]) {
        for (const auto& kv : messages)
            rule.messages[status_of(src, kv.first)] = message_template(src, kv.second, names);
    }
    rule.fix = str(node["fix"]);
    rule.question = str(node["question"]);
    rule.hint = str(node["hint"]);
    load_metadata(src, node, rule);
    for (const auto& t : node["tests"]) {
        check_keys(src, t, kTestKeys, "a rule test");
        RuleTest test;
        test.name = str(t["name"]);
        test.log = str(t["log"]);
        if (t["file"]) test.file_name = str(t["file"]);
        for (const auto& f : t["files"]) test.files.push_back(test_file(src, f, fixtures));
        if (const auto at = t["at"]) {
            const auto ts = expr::parse_timestamp(str(at));
            if (!ts) fail(src, at, "at: not an RFC 3339 time: '" + str(at) + "'");
            test.at_ms = ts->ms;
        }
        test.amt_version = str(t["amt_version"]);
        if (t["pfx_password"]) test.pfx_password = str(t["pfx_password"]);
        test.mode = strings(t["mode"]);
        for (const auto& word : test.mode)
            if (!is_mode_word(word))
                fail(src, t["mode"],
                     "mode: '" + word + "' is not oob, inband, onetouch, pki or psk");
        if (const auto answers = t["answers"]) {
            if (!answers.is_map())
                fail(src, answers, "answers: a mapping of check id to yes, no or n/a");
            for (const auto& kv : answers) {
                const std::string check = kv.first.as<std::string>();
                check_catalog_id(src, kv.first, check, catalog);
                const std::string answer = str(kv.second);
                if (answer != "yes" && answer != "no" && answer != "n/a")
                    fail(src, kv.second, "answers: " + check + " must be yes, no or n/a");
                test.answers[check] = answer;
            }
        }
        for (const auto& e : t["expect"]) {
            check_keys(src, e, kExpectKeys, "an expectation");
            check_catalog_id(src, e, str(e["check"]), catalog);
            RuleTest::Expect expect{str(e["check"]), str(e["device"]), model::Status::unknown,
                                    false};
            if (str(e["status"]) == "none")
                expect.absent = true;
            else
                expect.status = status_of(src, e["status"]);
            test.expect.push_back(std::move(expect));
        }
        rule.tests.push_back(std::move(test));
    }
    rule.defined_in = where(src, node);
    return rule;
}

// YAML data as expression values: quoted scalars stay strings; plain ones become ints or
// bools where they read as such (`rsa_min_bits: 1024`, `sha1_allowed: false`).
expr::Value data_value(const Source& src, const yaml::Node& node) {
    if (node.is_sequence()) {
        expr::List list;
        for (const auto& item : node) list.push_back(data_value(src, item));
        return expr::Value(std::move(list));
    }
    if (node.is_map()) {
        expr::Map map;
        for (const auto& kv : node) map[kv.first.as<std::string>()] = data_value(src, kv.second);
        return expr::Value(std::move(map));
    }
    if (node.is_null()) return expr::Value::null();
    const std::string text = node.as<std::string>();
    if (!node.quoted()) {
        int64_t number = 0;
        if (yaml::to_int64(text, number)) return expr::Value(number);
        bool flag = false;
        if (yaml::to_bool(text, flag)) return expr::Value(flag);
    }
    return expr::Value(text);
}

void load_source(const Source& src, RuleSet& set) {
    yaml::Document document;
    try {
        document = yaml::Document::parse(src.text);
    } catch (const yaml::Error& e) {
        throw RuleLoadError(src.name + ":" + std::to_string(e.line + 1) + ": " + e.what());
    }
    const yaml::Node root = document.root();
    set.files.push_back(src.name);
    if (!root || root.is_null()) return;
    try {
        check_keys(src, root, kFileKeys, "a rule file");
        if (root["checks"] && root["stages"]) load_catalog(src, root, set.catalog);
        if (const auto data = root["data"]) {
            if (!data.is_map()) fail(src, data, "data must map names to values");
            for (const auto& kv : data)
                set.data[kv.first.as<std::string>()] = data_value(src, kv.second);
        }
        for (const auto& node : root["signatures"]) {
            scan::Signature sig = load_signature(src, node);
            for (size_t i = 0; i < sig.suspects.size(); ++i)
                check_catalog_id(src, node["suspects"][i], sig.suspects[i].check, set.catalog);
            auto same = std::find_if(set.signatures.begin(), set.signatures.end(),
                                     [&](const scan::Signature& s) { return s.id == sig.id; });
            if (same != set.signatures.end())
                *same = std::move(sig);
            else
                set.signatures.push_back(std::move(sig));
        }
        Lets file_lets;
        Names file_names = rule_expression_names();
        load_lets(src, root["let"], file_names, file_lets);
        for (const auto& node : root["rules"]) {
            Rule rule = load_rule(src, node, set.fixtures, file_lets, set.catalog);
            auto same = std::find_if(set.rules.begin(), set.rules.end(),
                                     [&](const Rule& r) { return r.id == rule.id; });
            if (same != set.rules.end())
                *same = std::move(rule);
            else
                set.rules.push_back(std::move(rule));
        }
    } catch (const yaml::Error& e) {
        throw RuleLoadError(src.name + ":" + std::to_string(e.line + 1) + ": " + e.what());
    }
}

std::vector<Source> directory_sources(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw RuleLoadError(dir.string() + ": not a rules directory");
    std::vector<std::filesystem::path> files;
    std::filesystem::recursive_directory_iterator it(dir, ec);
    for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        const std::string rel = it->path().lexically_relative(dir).generic_string();
        if (it->is_regular_file() &&
            (rel.starts_with(kFixtures) || it->path().extension() == ".yaml" ||
             it->path().extension() == ".yml"))
            files.push_back(it->path());
    }
    // A rules folder read in part would change verdicts without a word.
    if (ec) throw RuleLoadError(dir.string() + ": cannot read the rules folder: " + ec.message());
    std::sort(files.begin(), files.end());
    std::vector<Source> out;
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        if (!in) throw RuleLoadError(f.string() + ": cannot read");
        std::ostringstream text;
        text << in.rdbuf();
        const std::string rel = f.lexically_relative(dir).generic_string();
        auto storage = std::make_shared<const std::string>(std::move(text).str());
        out.push_back({f.string(), *storage, rel.starts_with(kFixtures) ? rel : "", storage});
    }
    return out;
}

std::string rule_set_digest(parsers::cmlog::detail::Sha256& digest) {
    std::string hex = digest.hex_digest();
    if (hex.empty()) throw RuleLoadError("cannot compute the rule set's SHA-256 (OpenSSL failed)");
    return hex;
}

}  // namespace

const std::set<std::string>& rule_expression_names() {
    static const std::set<std::string> names = {"device",
                                                "attempts",
                                                "ev",
                                                "count",
                                                "site_ev",
                                                "site_count",
                                                "has_artifact",
                                                "artifacts",
                                                "device_count",
                                                "milestone",
                                                "data",
                                                "reference_time",
                                                "reference_time_source",
                                                "firmware_versions",
                                                "devices",
                                                "explain"};
    return names;
}

RuleSet load_rule_set(const RuleSetOptions& options) {
    RuleSet set;
    std::vector<Source> sources;
    // The rule set's id: SHA-256 over every file's name and text, fed piece by piece (no copy
    // of all the rule files end to end).
    parsers::cmlog::detail::Sha256 digest;
    auto hash = [&digest](std::string_view piece) { digest.update(piece.data(), piece.size()); };
    if (options.builtin) {
        // The catalog first: rules and lint refer to it.
        std::vector<Source> builtin;
        for (const auto& f : rules::embedded_files())
            builtin.push_back({"builtin:" + std::string(f.path), f.text,
                               f.path.starts_with(kFixtures) ? std::string(f.path) : "", nullptr});
        std::stable_partition(builtin.begin(), builtin.end(),
                              [](const Source& s) { return s.name == "builtin:catalog.yaml"; });
        sources = std::move(builtin);
    }
    for (const auto& dir : options.extra_dirs)
        for (auto& s : directory_sources(dir)) sources.push_back(std::move(s));
    // Fixtures first: rule tests name them.
    for (const auto& src : sources)
        if (!src.fixture.empty()) set.fixtures[src.fixture] = std::string(src.text);
    for (const auto& src : sources) {
        if (src.fixture.empty()) load_source(src, set);
        hash(src.name);
        hash("\n");
        hash(src.text);
    }
    // Which kinds rules read line by line: only those need more than a first and last sample.
    auto cite_kinds_of = [&](const expr::Expression& e) {
        for (const char* fn : {"ev", "site_ev"})
            for (auto& kind : e.literal_arguments_of(fn)) set.cited_kinds.insert(std::move(kind));
    };
    for (const auto& rule : set.rules) {
        for (const auto* e : {&rule.when, &rule.applies_when, &rule.fail_when, &rule.warn_when,
                              &rule.pass_when, &rule.cite})
            if (*e) cite_kinds_of(**e);
        for (const auto& [name, e] : rule.lets) cite_kinds_of(e);
        for (const auto& [status, tpl] : rule.messages)
            for (const auto& part : tpl.parts)
                if (part.expression) cite_kinds_of(*part.expression);
    }
    if (set.catalog.checks.empty())
        throw RuleLoadError("no catalog loaded (catalog.yaml with stages and checks)");
    if (auto codes = set.data.find("error_codes"); codes != set.data.end())
        set.error_codes = ErrorCodes(codes->second);
    set.id = std::string(options.extra_dirs.empty() ? "builtin-" : "custom-") +
             rule_set_digest(digest).substr(0, 12);
    return set;
}

}  // namespace amtdiag::engine
