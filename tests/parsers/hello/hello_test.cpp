// The hello decoder against the three real payloads, the PID check character, malformed input
// and the encoder's round trip.
#include <gtest/gtest.h>

#include "hello_vectors.h"
#include "parsers/hello/hello.h"

namespace amtdiag::parsers::hello {
namespace {

using amtdiag::testing::hello_vector;

TEST(HelloVectors, Vector1DecodesToThePublishedValues) {
    const std::string bytes = hello_vector(0);
    const HelloDecode d = decode_hello(bytes);
    EXPECT_TRUE(d.header_ok);
    EXPECT_TRUE(d.complete);
    EXPECT_TRUE(d.problems.empty());
    EXPECT_EQ(d.length, 807u);
    EXPECT_EQ(d.consumed, 807u);
    EXPECT_EQ(d.hello.admin_credentials, 1);
    EXPECT_EQ(d.hello.version, 3);
    EXPECT_EQ(d.hello.retry, 0u);
    // Wire bytes 4b529b93 d413 181d: SMBIOS order, as ConfigMgr logs print it.
    EXPECT_EQ(d.hello.uuid, "939B524B-13D4-1D18-E487-1C697A6B7A2B");
    EXPECT_EQ(d.declared_hash_count, 23);
    ASSERT_EQ(d.hello.hashes.size(), 23u);
    EXPECT_EQ(d.hello.hashes.front().algorithm, 2);
    EXPECT_EQ(hex_lower(d.hello.hashes.front().bytes),
              "c3846bf24b9e93ca64274c0ec67c1ecc5e024ffcacd2d74019350e81fe546ae4");
    EXPECT_EQ(hex_lower(d.hello.hashes.back().bytes).substr(0, 16), "2cabeafe37d06ca2");
    for (const auto& h : d.hello.hashes) EXPECT_EQ(algorithm_name(h.algorithm), "sha256");
}

TEST(HelloVectors, Vectors2And3Carry24Hashes) {
    const HelloDecode v2 = decode_hello(hello_vector(1));
    EXPECT_TRUE(v2.complete);
    EXPECT_EQ(v2.length, 841u);
    EXPECT_EQ(v2.hello.uuid, "939B524B-13D4-1D18-E487-1C697A6B7A2B");
    EXPECT_EQ(v2.hello.hashes.size(), 24u);
    EXPECT_EQ(v2.hello.retry, 0u);
    const HelloDecode v3 = decode_hello(hello_vector(2));
    EXPECT_TRUE(v3.complete);
    EXPECT_EQ(v3.length, 841u);
    EXPECT_EQ(v3.hello.retry, 1u);
    EXPECT_EQ(v3.hello.uuid, "D2FFC23E-9DD1-412D-860A-54B2039B72FF");
    EXPECT_EQ(v3.hello.hashes.size(), 24u);
    EXPECT_EQ(hex_lower(v3.hello.hashes.front().bytes).substr(0, 16), "c3846bf24b9e93ca");
}

TEST(HelloVectors, EncoderReproducesTheRealBytes) {
    for (int i = 0; i < 3; ++i) {
        const std::string bytes = hello_vector(i);
        EXPECT_EQ(encode_hello(decode_hello(bytes).hello), bytes) << "vector " << i + 1;
    }
}

TEST(Pid, IntelsExampleVerifies) {
    EXPECT_EQ(pid_check_character("0000-037"), "M");
    EXPECT_EQ(pid_check_character("0000037"), "M");
    EXPECT_TRUE(pid_checksum_ok("0000-037M"));
    EXPECT_TRUE(pid_checksum_ok("0000037M"));
    EXPECT_FALSE(pid_checksum_ok("0000-037N"));
    // The PPS groups use the same rule on 3 characters; the PID helper wants 7.
    EXPECT_EQ(pid_check_character("NKL"), "");
    EXPECT_EQ(pid_check_character("0000-03m"), "");  // lowercase is outside the charset
    EXPECT_FALSE(pid_checksum_ok("0000-037"));
    EXPECT_FALSE(pid_checksum_ok(""));
}

Hello pid_hello(std::string pid) {
    Hello h;
    h.version = kVersionPsk;
    h.admin_credentials = 0;
    h.retry = 2;
    h.uuid = "939B524B-13D4-1D18-E487-1C697A6B7A2B";
    h.pid = std::move(pid);
    return h;
}

TEST(HelloPid, GoodAndWrongCheckCharacter) {
    const std::string good = encode_hello(pid_hello("0000037M"));
    EXPECT_EQ(good.size(), 32u);
    HelloDecode d = decode_hello(good);
    EXPECT_TRUE(d.complete);
    EXPECT_EQ(d.hello.pid, "0000037M");
    EXPECT_TRUE(d.pid_checksum_ok);
    EXPECT_TRUE(d.problems.empty());
    EXPECT_EQ(d.hello, pid_hello("0000037M"));

    d = decode_hello(encode_hello(pid_hello("0000037X")));
    EXPECT_FALSE(d.pid_checksum_ok);
    ASSERT_EQ(d.problems.size(), 1u);
    EXPECT_EQ(d.problems[0], "PID check character 'X' is wrong (expected 'M')");
}

TEST(HelloMalformed, ShortHeader) {
    const HelloDecode d = decode_hello(std::string_view("\x01\x00\x03\x00", 4));
    EXPECT_FALSE(d.header_ok);
    EXPECT_FALSE(d.complete);
    ASSERT_EQ(d.problems.size(), 1u);
    EXPECT_EQ(d.problems[0], "payload is 4 bytes, shorter than the 24-byte header");
}

TEST(HelloMalformed, HashLongerThanWhatRemains) {
    Hello h;
    h.uuid = "939B524B-13D4-1D18-E487-1C697A6B7A2B";
    for (int i = 0; i < 4; ++i) h.hashes.push_back({3, std::string(48, static_cast<char>(i))});
    std::string bytes = encode_hello(h);
    bytes.resize(bytes.size() - 36);  // hash 4 keeps 12 of its 48 bytes
    const HelloDecode d = decode_hello(bytes);
    EXPECT_TRUE(d.header_ok);
    EXPECT_FALSE(d.complete);
    EXPECT_EQ(d.hello.hashes.size(), 3u);
    ASSERT_EQ(d.problems.size(), 1u);
    EXPECT_EQ(d.problems[0], "hash 4 claims 48 bytes but 12 remain");
    EXPECT_EQ(d.consumed, bytes.size());
}

TEST(HelloMalformed, LengthByteIsAuthoritativeAndUnknownAlgorithmsNamed) {
    Hello h;
    h.uuid = "D2FFC23E-9DD1-412D-860A-54B2039B72FF";
    h.hashes = {{3, std::string(64, 'a')}, {9, std::string(5, 'b')}, {1, std::string(20, 'c')}};
    const HelloDecode d = decode_hello(encode_hello(h));
    EXPECT_TRUE(d.complete);
    ASSERT_EQ(d.hello.hashes.size(), 3u);
    EXPECT_EQ(d.hello.hashes[0].bytes.size(), 64u);  // "sha384" code with a SHA-512 length
    EXPECT_EQ(algorithm_name(d.hello.hashes[1].algorithm), "alg-9");
    EXPECT_EQ(algorithm_name(d.hello.hashes[2].algorithm), "sha1");
    EXPECT_EQ(d.hello, h);
}

TEST(HelloMalformed, TrailingBytesAndUnknownVersion) {
    std::string bytes = hello_vector(0) + "xyz";
    HelloDecode d = decode_hello(bytes);
    EXPECT_FALSE(d.complete);
    EXPECT_EQ(d.hello.hashes.size(), 23u);
    ASSERT_EQ(d.problems.size(), 1u);
    EXPECT_EQ(d.problems[0], "3 trailing bytes after the last hash");

    bytes = hello_vector(0);
    bytes[2] = 7;
    d = decode_hello(bytes);
    EXPECT_TRUE(d.header_ok);
    EXPECT_EQ(d.hello.version, 7);
    ASSERT_EQ(d.problems.size(), 1u);
    EXPECT_EQ(d.problems[0], "unknown hello version 7 (783 bytes after the UUID not decoded)");
}

TEST(HelloMalformed, MoreThan23HashesAccepted) {
    Hello h;
    h.uuid = "939B524B-13D4-1D18-E487-1C697A6B7A2B";
    for (int i = 0; i < 200; ++i) h.hashes.push_back({2, std::string(32, static_cast<char>(i))});
    const HelloDecode d = decode_hello(encode_hello(h));
    EXPECT_TRUE(d.complete);
    EXPECT_EQ(d.declared_hash_count, 200);
    EXPECT_EQ(d.hello, h);
}

TEST(HelloMalformed, EveryPrefixDecodesWithoutReadingPastTheEnd) {
    const std::string bytes = hello_vector(2);
    for (size_t n = 0; n <= bytes.size(); ++n) {
        // A copy of exactly n bytes: ASan catches a read past it.
        const std::string prefix = bytes.substr(0, n);
        const HelloDecode d = decode_hello(prefix);
        EXPECT_EQ(d.complete, n == bytes.size()) << n;
        EXPECT_EQ(d.problems.empty(), n == bytes.size()) << n;
    }
}

TEST(HelloUuid, BothDirections) {
    const std::string wire = uuid_to_smbios_bytes("939b524b-13d4-1d18-e487-1c697a6b7a2b");
    EXPECT_EQ(hex_lower(wire), "4b529b93d413181de4871c697a6b7a2b");
    EXPECT_EQ(uuid_from_smbios_bytes(wire), "939B524B-13D4-1D18-E487-1C697A6B7A2B");
    EXPECT_EQ(uuid_to_smbios_bytes("939b524b13d41d18e4871c697a6b7a2b"), "");
    EXPECT_EQ(uuid_from_smbios_bytes("short"), "");
}

TEST(HelloPrefix, RecognisesHellosOffPort9971) {
    const std::string v = hello_vector(0);
    EXPECT_EQ(classify_prefix(v, true), HelloPrefix::yes);
    EXPECT_EQ(classify_prefix(v, false), HelloPrefix::maybe);
    EXPECT_EQ(classify_prefix(v.substr(0, 100), false), HelloPrefix::maybe);
    EXPECT_EQ(classify_prefix(v.substr(0, 100), true), HelloPrefix::no);
    EXPECT_EQ(classify_prefix(v + "x", true), HelloPrefix::no);
    EXPECT_EQ(classify_prefix("GET / HTTP/1.1\r\n", false), HelloPrefix::no);
    EXPECT_EQ(classify_prefix(std::string_view("\x16\x03\x01\x02\x00", 5), false), HelloPrefix::no);
    EXPECT_EQ(classify_prefix(encode_hello(pid_hello("0000037M")), true), HelloPrefix::yes);
    EXPECT_EQ(classify_prefix("", false), HelloPrefix::maybe);
}

}  // namespace
}  // namespace amtdiag::parsers::hello
