// Every shipped capture against its stored baseline: what the reader emitted, rendered stably.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "baseline.h"

namespace amtdiag::testing {
namespace {

std::vector<std::string> fixtures() {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator("fixtures"))
        if (e.is_regular_file()) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

class Baseline : public ::testing::TestWithParam<std::string> {};

TEST_P(Baseline, MatchesTheStoredEvidence) {
    const std::string name = GetParam();
    const CaptureRead r = read_fixture("fixtures/" + name);
    const std::string diff = compare_with_baseline("baselines/" + name + ".txt", render(r));
    EXPECT_TRUE(diff.empty()) << diff;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
    std::string n = info.param;
    for (char& c : n)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return n;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, Baseline, ::testing::ValuesIn(fixtures()), test_name);

TEST(Baseline, EveryFixtureHasOne) {
    EXPECT_GE(fixtures().size(), 13u);
    for (const auto& f : fixtures())
        EXPECT_TRUE(std::filesystem::exists("baselines/" + f + ".txt")) << f;
}

}  // namespace
}  // namespace amtdiag::testing
