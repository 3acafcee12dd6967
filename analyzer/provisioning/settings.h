#pragma once
// The knobs of the simulated world. Every behaviour the model can get wrong is one named
// setting ("ca.template_read_enroll", "device.agent_installed", ...) with a healthy default
// written where it is read; a scenario sets them, and a fault is nothing but a set of them
// (faults.yaml). Keeping them as data is what lets the fault catalog be a file.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace amtdiag::provisioning {

class Settings {
  public:
    void set(std::string key, std::string value) { values_[std::move(key)] = std::move(value); }
    // Later layers win: the scenario's site settings, then faults, then the device's own.
    void merge(const Settings& over);

    bool has(std::string_view key) const;
    std::string text(std::string_view key, std::string_view fallback) const;
    bool flag(std::string_view key, bool fallback) const;
    int64_t number(std::string_view key, int64_t fallback) const;
    // A comma-separated list ("KB899900,KB932303"); empty items dropped.
    std::vector<std::string> list(std::string_view key) const;

    // The value set, else the healthy default of knobs.cpp; a key missing from that table
    // is a programming error (std::logic_error).
    std::string get(std::string_view key) const;
    bool on(std::string_view key) const;
    int64_t num(std::string_view key) const;

    const std::map<std::string, std::string, std::less<>>& values() const { return values_; }

  private:
    std::map<std::string, std::string, std::less<>> values_;
};

}  // namespace amtdiag::provisioning
