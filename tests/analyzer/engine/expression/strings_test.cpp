// The CEL strings extension and the amtdiag string extensions (certificate and firmware rules).
#include "test_support.h"

namespace amtdiag::engine::expr::testing {
namespace {

std::string str(std::string_view source) {
    const Value v = eval_ok(source);
    return v.type() == ValueType::string ? v.as_string() : "<not a string>";
}

int64_t num(std::string_view source) {
    const Value v = eval_ok(source);
    return v.type() == ValueType::integer ? v.as_int() : -999;
}

TEST(Strings, SplitAndJoinRoundTrip) {
    EXPECT_EQ(num("'prov.vprolab.com'.split('.').size()"), 3);
    EXPECT_EQ(str("'prov.vprolab.com'.split('.')[1]"), "vprolab");
    EXPECT_EQ(num("'a..b'.split('.').size()"), 3);  // empty parts are kept, as in CEL
    EXPECT_EQ(num("''.split(',').size()"), 1);
    EXPECT_EQ(num("'añb'.split('').size()"), 3);  // code points
    EXPECT_EQ(str("['a', 'b', 'c'].join('-')"), "a-b-c");
    EXPECT_EQ(str("['a', 'b'].join()"), "ab");
    EXPECT_EQ(str("'x.y.z'.split('.').join('.')"), "x.y.z");
    EXPECT_NE(eval_error("[1, 2].join(',')").find("not only strings"), std::string::npos);
}

TEST(Strings, ReplaceTrimSubstringIndexOf) {
    EXPECT_EQ(str("'a-b-c'.replace('-', '+')"), "a+b+c");
    EXPECT_EQ(str("'abc'.replace('', 'x')"), "abc");
    EXPECT_EQ(str("'  two words \\t'.trim()"), "two words");
    EXPECT_EQ(str("'prov.vprolab.com'.substring(5)"), "vprolab.com");
    EXPECT_EQ(str("'prov.vprolab.com'.substring(0, 4)"), "prov");
    EXPECT_EQ(str("'®ab'.substring(1, 2)"), "a");  // code points, not bytes
    EXPECT_NE(eval_error("'abc'.substring(2, 9)").find("out of range"), std::string::npos);
    EXPECT_EQ(num("'prov.vprolab.com'.indexOf('.')"), 4);
    EXPECT_EQ(num("'prov.vprolab.com'.lastIndexOf('.')"), 12);
    EXPECT_EQ(num("'®.x'.indexOf('.')"), 1);
    EXPECT_EQ(num("'abc'.indexOf('z')"), -1);
}

TEST(Strings, CompareVersionsNumerically) {
    EXPECT_EQ(num("compareVersions('3.2.1', '3.2.1')"), 0);
    EXPECT_EQ(num("compareVersions('3.2.1', '3.2.2')"), -1);
    EXPECT_EQ(num("compareVersions('11.8.65.3580', '11.8')"), 1);
    EXPECT_EQ(num("compareVersions('9.5', '11.0')"), -1);  // not text order
    EXPECT_EQ(num("compareVersions('16', '16.0.0')"), 0);
    EXPECT_EQ(num("compareVersions('3.2.1a', '3.2.1')"), 1);
}

TEST(Strings, ByteDiffNamesTheFirstDifferingByte) {
    EXPECT_EQ(str("byteDiff('Intel(R) Client Setup Certificate', "
                  "'Intel(R) Client Setup Certificate')"),
              "");
    EXPECT_EQ(str("byteDiff('Intel(R) Client Setup certificate', "
                  "'Intel(R) Client Setup Certificate')"),
              "byte 23: 0x63 'c' where 0x43 'C' is expected");
    EXPECT_EQ(str("byteDiff('Intel(R) Client Setup Certificate ', "
                  "'Intel(R) Client Setup Certificate')"),
              "byte 34: 0x20 ' ' after the expected text ends (34 bytes, 33 expected)");
    EXPECT_EQ(str("byteDiff('Intel® Client', 'Intel(R) Client')"),
              "byte 6: 0xC2 where 0x28 '(' is expected (14 bytes, 15 expected)");
    EXPECT_EQ(str("hexBytes('A®')"), "41 C2 AE");
}

TEST(Strings, LooseTextFoldsWhatPeopleDoNotSee) {
    EXPECT_EQ(str("looseText('  Intel®   Client SETUP certificate ')"),
              "intel(r) client setup certificate");
    EXPECT_EQ(str("looseText('Intel(R) Client Setup Certificate')"),
              "intel(r) client setup certificate");
    EXPECT_TRUE(eval_ok("looseText('Intel\\u00a0(R)') == looseText('intel (r)')").as_bool());
}

}  // namespace
}  // namespace amtdiag::engine::expr::testing
