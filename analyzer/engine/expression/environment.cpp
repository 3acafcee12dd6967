#include "analyzer/engine/expression/environment.h"

namespace amtdiag::engine::expr {

void Environment::set(std::string name, Value v) {
    variables_.insert_or_assign(std::move(name), std::move(v));
}

void Environment::define_function(std::string name, Function fn) {
    functions_.insert_or_assign(std::move(name), std::move(fn));
}

const Value* Environment::find_variable(std::string_view name) const {
    const auto it = variables_.find(name);
    return it == variables_.end() ? nullptr : &it->second;
}

const Environment::Function* Environment::find_function(std::string_view name) const {
    const auto it = functions_.find(name);
    return it == functions_.end() ? nullptr : &it->second;
}

std::set<std::string> Environment::declared_names() const {
    std::set<std::string> names;
    for (const auto& [name, value] : variables_) names.insert(name);
    for (const auto& [name, fn] : functions_) names.insert(name);
    return names;
}

}  // namespace amtdiag::engine::expr
