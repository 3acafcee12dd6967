#include "analyzer/engine/expression/environment.h"

#include <algorithm>
#include <span>

#include "analyzer/engine/expression/expression.h"

namespace amtdiag::engine::expr {

namespace {

// The entry named `name`, the latest set first; null when there is none.
template <class Entries>
auto* latest_named(Entries&& entries, std::string_view name) {
    for (auto it = entries.rbegin(); it != entries.rend(); ++it)
        if (std::string_view(it->first) == name) return &*it;
    return static_cast<decltype(&*entries.rbegin())>(nullptr);
}

}  // namespace

void Environment::set(std::string name, Value v) {
    if (auto* entry = latest_named(variables_, name))
        entry->second = std::move(v);
    else
        variables_.emplace_back(std::move(name), std::move(v));
}

void Environment::set_borrowed(std::string_view name, Value v) {
    borrowed_.push_back({name, std::move(v), nullptr});
}

void Environment::set_deferred(std::string_view name, const Expression& source) {
    borrowed_.push_back({name, Value(), &source});
}

const Value* Environment::value_of(size_t index) const {
    Borrowed& entry = borrowed_[index];
    if (entry.deferred != nullptr) {
        const Expression& source = *std::exchange(entry.deferred, nullptr);
        struct Restore {
            size_t& visible;
            size_t saved;
            ~Restore() { visible = saved; }
        } restore{visible_borrowed_, std::exchange(visible_borrowed_, index)};
        const EvalResult r = source.evaluate(*this);
        // borrowed_ never grows while a value is computed, so `entry` still stands.
        entry.second = r.ok() ? r.value() : Value::error(r.error());
    }
    return &entry.second;
}

void Environment::define_function(std::string name, Function fn) {
    if (auto* entry = latest_named(functions_, name))
        entry->second = std::move(fn);
    else
        functions_.emplace_back(std::move(name), std::move(fn));
}

const Value* Environment::find_variable(std::string_view name) const {
    for (const Environment* env = this; env != nullptr; env = env->parent_) {
        const std::span<const Borrowed> visible(
            env->borrowed_.data(), std::min(env->visible_borrowed_, env->borrowed_.size()));
        if (const Borrowed* entry = latest_named(visible, name))
            return env->value_of(static_cast<size_t>(entry - visible.data()));
        if (const auto* entry = latest_named(env->variables_, name)) return &entry->second;
    }
    return nullptr;
}

const Environment::Function* Environment::find_function(std::string_view name) const {
    for (const Environment* env = this; env != nullptr; env = env->parent_)
        if (const auto* entry = latest_named(env->functions_, name)) return &entry->second;
    return nullptr;
}

std::set<std::string> Environment::declared_names() const {
    std::set<std::string> names;
    for (const Environment* env = this; env != nullptr; env = env->parent_) {
        for (const auto& [name, value] : env->variables_) names.insert(name);
        for (const Borrowed& entry : env->borrowed_) names.emplace(entry.first);
        for (const auto& [name, fn] : env->functions_) names.insert(name);
    }
    return names;
}

}  // namespace amtdiag::engine::expr
