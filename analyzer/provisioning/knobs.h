#pragma once
// The table of every setting the model reads, with its healthy default and what it means.
// A scenario or a fault naming a key outside this table is refused (a typo must not pass as
// a healthy default), and `docs/provisioning.md` lists the same table.
#include <span>
#include <string_view>

namespace amtdiag::provisioning {

struct Knob {
    std::string_view key;
    std::string_view healthy;  // the value of a working deployment
    std::string_view meaning;
};

std::span<const Knob> knobs();
const Knob* find_knob(std::string_view key);

}  // namespace amtdiag::provisioning
