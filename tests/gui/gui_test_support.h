#pragma once
// Helpers shared by the GUI tests: the rule set (loaded once per process) and waiting for
// signals with a deadline, so a hung analysis fails the test instead of the run.
#include <QSignalSpy>
#include <QTest>
#include <memory>

#include "analyzer/engine/rule_set.h"

namespace amtdiag::gui::test {

inline std::shared_ptr<const engine::RuleSet> rules() {
    static const auto loaded = std::make_shared<const engine::RuleSet>(engine::load_rule_set());
    return loaded;
}

template <class Predicate>
bool wait_until(Predicate&& done, int millis = 20000) {
    return QTest::qWaitFor(std::forward<Predicate>(done), millis);
}

}  // namespace amtdiag::gui::test
