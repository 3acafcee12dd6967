#include "analyzer/engine/expression/environment.h"

namespace amtdiag::engine::expr {

void Environment::set(std::string name, Value v) {
    variables_.insert_or_assign(std::move(name), std::move(v));
}

void Environment::set_borrowed(std::string_view name, Value v) {
    borrowed_.emplace_back(name, std::move(v));
}

void Environment::define_function(std::string name, Function fn) {
    functions_.insert_or_assign(std::move(name), std::move(fn));
}

const Value* Environment::find_variable(std::string_view name) const {
    for (const Environment* env = this; env != nullptr; env = env->parent_) {
        for (auto it = env->borrowed_.rbegin(); it != env->borrowed_.rend(); ++it)
            if (it->first == name) return &it->second;
        if (const auto it = env->variables_.find(name); it != env->variables_.end())
            return &it->second;
    }
    return nullptr;
}

const Environment::Function* Environment::find_function(std::string_view name) const {
    for (const Environment* env = this; env != nullptr; env = env->parent_)
        if (const auto it = env->functions_.find(name); it != env->functions_.end())
            return &it->second;
    return nullptr;
}

std::set<std::string> Environment::declared_names() const {
    std::set<std::string> names;
    for (const Environment* env = this; env != nullptr; env = env->parent_) {
        for (const auto& [name, value] : env->variables_) names.insert(name);
        for (const auto& [name, value] : env->borrowed_) names.emplace(name);
        for (const auto& [name, fn] : env->functions_) names.insert(name);
    }
    return names;
}

}  // namespace amtdiag::engine::expr
