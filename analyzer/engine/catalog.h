#pragma once
// The check catalog as the engine uses it (rules/catalog.yaml, a copy of the team catalog).
#include <map>
#include <string>
#include <vector>

namespace amtdiag::engine {

struct CatalogStage {
    int number = 0;
    std::string id;
    std::string title;
    bool optional = false;
    std::vector<int> implies;  // earlier stages a pass of this one proves
    std::vector<std::string> verification;
};

struct CatalogCheck {
    std::string id;
    std::string kind;  // prerequisite | verification | corrective
    std::vector<int> stages;
    std::vector<std::string> components;
    std::vector<std::string> applies_to;
    bool optional = false;
    bool deprecated = false;
    std::string summary;
    std::string how_to_check;
    std::string fix;
    std::vector<std::string> refs;
    std::vector<std::string> evidence;  // artifact kinds that could decide it ("manual" too)
    std::string signal;
};

struct CatalogMilestone {
    std::string id;
    std::string text;
    std::string outcome;
    std::vector<int> stages;
};

struct Catalog {
    std::vector<CatalogStage> stages;
    std::vector<CatalogCheck> checks;  // catalog order (the report keeps it)
    std::vector<CatalogMilestone> milestones;
    std::map<std::string, size_t, std::less<>> index;  // check id -> position

    const CatalogCheck* find(std::string_view id) const {
        auto it = index.find(id);
        return it == index.end() ? nullptr : &checks[it->second];
    }
    const CatalogStage* stage(int number) const {
        for (const auto& s : stages)
            if (s.number == number) return &s;
        return nullptr;
    }
};

}  // namespace amtdiag::engine
