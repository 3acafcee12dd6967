#include "cli/listen_command.h"

#include <fstream>
#include <iostream>
#include <iterator>

#include <boost/program_options.hpp>

#include "analyzer/collect/listener.h"
#include "analyzer/collect/record_io.h"
#include "analyzer/collect/stop_signals.h"
#include "analyzer/report/safe_text.h"
#include "parsers/hello/hello.h"

namespace amtdiag::cli {

namespace po = boost::program_options;
using collect::Json;

namespace {

std::string hex(const std::string& b) {
    static constexpr char d[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : b) {
        out.push_back(d[c >> 4]);
        out.push_back(d[c & 15]);
    }
    return out;
}

std::string describe(const collect::Connection& c) {
    const auto d = parsers::hello::decode_hello(c.bytes);
    const auto& h = d.hello;
    std::string line = collect::rfc3339(c.accepted_ms) + "  " + c.peer + "  ";
    if (d.header_ok &&
        (h.version == parsers::hello::kVersionPsk || h.version == parsers::hello::kVersionPki)) {
        line += "hello v" + std::to_string(h.version) + "  UUID " + h.uuid + "  ";
        line += h.version == parsers::hello::kVersionPsk
                    ? "PID " + h.pid + (d.pid_checksum_ok ? "" : " (bad check)")
                    : std::to_string(h.hashes.size()) + " hashes";
        line += "  retry " + std::to_string(h.retry);
    } else {
        line += "not a hello";
    }
    line += "  (" + std::to_string(c.bytes.size()) + " bytes, " + c.end + ")";
    if (!d.problems.empty()) line += "  " + report::safe_text(d.problems.front());
    return line;
}

// An existing record is appended to; anything else at that path is evidence we must not
// overwrite.
bool load_existing(const std::string& path, Json& record, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return true;
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Json j = Json::parse(text, nullptr, false);
    const bool ours = j.is_object() && j.contains("schema") && j["schema"].is_string() &&
                      j["schema"] == "amtdiag.hello-record/1" && j.contains("hellos") &&
                      j["hellos"].is_array();
    if (!ours) {
        error = path + " exists and is no hello record: choose another -o";
        return false;
    }
    record["hellos"] = j["hellos"];
    return true;
}

}  // namespace

int run_listen(const std::vector<std::string>& args) {
    collect::ListenOptions o;
    std::string output;
    int timeout_s = 10;
    po::options_description options("amtdiag listen [options]\n\noptions");
    options.add_options()("help,h", "show this help")(
        "port", po::value(&o.port)->value_name("PORT"), "TCP port (default 9971, the hello port)")(
        "bind", po::value(&o.bind)->value_name("ADDR"), "address to listen on (default 0.0.0.0)")(
        "output,o", po::value(&output)->value_name("FILE"),
        "append each hello to the hello record FILE (JSON, amtdiag.hello-record/1)")(
        "max-connections", po::value(&o.max_connections)->value_name("N"),
        "connections open at once; more are closed at once (default 256)")(
        "timeout", po::value(&timeout_s)->value_name("S"),
        "seconds a connection may stay open (default 10)")(
        "max-bytes", po::value(&o.max_bytes)->value_name("N"),
        "bytes kept per connection (default 65536)")("count", po::value(&o.count)->value_name("N"),
                                                     "stop after N connections with data")(
        "seconds", po::value(&o.seconds)->value_name("N"), "stop after N seconds")(
        "record-empty", po::bool_switch(&o.record_empty),
        "also record connections that sent nothing");
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(options).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "amtdiag listen: " << e.what() << "\n" << options;
        return 2;
    }
    if (vm.count("help")) {
        std::cout << options
                  << "\nStops on Ctrl-C, --count or --seconds. Exit 0, or 2 on a usage error or "
                     "when the port cannot be opened.\n";
        return 0;
    }
    if (o.port > 65535 || timeout_s <= 0 || o.max_connections == 0 || o.max_bytes == 0 ||
        o.seconds < 0) {
        std::cerr << "amtdiag listen: --port 0-65535, and --timeout, --max-connections, "
                     "--max-bytes above 0\n";
        return 2;
    }
    o.timeout_ms = timeout_s * 1000;

    Json record;
    record["schema"] = "amtdiag.hello-record/1";
    record["tool"] = collect::tool_json("listen");
    record["started"] = collect::rfc3339(collect::now_ms());
    record["host"] = collect::host_name();
    record["hellos"] = Json::array();
    std::string error;
    if (!output.empty() && !load_existing(output, record, error)) {
        std::cerr << "amtdiag listen: " << report::safe_text(error) << "\n";
        return 2;
    }

    collect::StopSignals stop;
    o.stop_fd = stop.fd();
    collect::Listener listener(o);
    if (!listener.open(error)) {
        std::cerr << "amtdiag listen: " << error << "\n";
        return 2;
    }
    Json listen;
    listen["address"] = o.bind;
    listen["port"] = listener.port();
    listen["timeout_s"] = timeout_s;
    listen["max_connections"] = o.max_connections;
    listen["max_bytes"] = o.max_bytes;
    record["listen"] = std::move(listen);
    std::cerr << "amtdiag listen: listening on " << collect::endpoint(o.bind, listener.port())
              << (output.empty() ? "" : ", recording to " + report::safe_text(output)) << "\n";
    bool write_failed = false;
    const auto stats = listener.run([&](const collect::Connection& c) {
        std::cout << describe(c) << std::endl;
        if (output.empty()) return;
        Json h;
        h["time"] = collect::rfc3339(c.accepted_ms);
        h["peer"] = c.peer;
        h["local"] = c.local;
        h["bytes"] = c.bytes.size();
        h["duration_ms"] = c.duration_ms;
        h["end"] = c.end;
        h["truncated"] = c.truncated;
        h["payload_hex"] = hex(c.bytes);
        record["hellos"].push_back(std::move(h));
        std::string write_error;
        if (!collect::write_json_file(output, record, write_error) && !write_failed) {
            std::cerr << "amtdiag listen: " << report::safe_text(write_error) << "\n";
            write_failed = true;
        }
    });
    // Where the listening window ends: a device whose hellos stopped long before it was still
    // listened for (client.hello-sequence-expired reads this).
    if (!output.empty() && !write_failed && !record["hellos"].empty()) {
        record["finished"] = collect::rfc3339(collect::now_ms());
        std::string write_error;
        if (!collect::write_json_file(output, record, write_error)) {
            std::cerr << "amtdiag listen: " << report::safe_text(write_error) << "\n";
            write_failed = true;
        }
    }
    std::cerr << "amtdiag listen: " << stats.accepted << " connections, " << stats.reported
              << " recorded, " << stats.empty << " sent nothing, " << stats.timeouts
              << " timed out, " << stats.refused << " refused over the limit\n";
    return write_failed ? 2 : 0;
}

}  // namespace amtdiag::cli
