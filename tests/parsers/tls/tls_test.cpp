// The TLS connection decoder: hellos, versions, certificates, alerts, the SSLv2 form, records
// split at every byte, and what it refuses.
#include <gtest/gtest.h>

#include "parsers/tls/tls.h"
#include "tls_records.h"

namespace amtdiag::parsers::tls {
namespace {

namespace t = amtdiag::testing::tls;

std::string client_flight() {
    return t::record(22, t::client_hello({0x0303, "hp7800.vprolab.com", 12, {}}), 0x0301);
}
std::string server_flight(const std::vector<std::string>& ders) {
    return t::record(
        22, t::server_hello(0x0303, 0xC02F) + t::certificate(ders) + t::server_hello_done());
}

TEST(Tls, FullTls12HandshakeWithCertificates) {
    Connection c;
    c.feed(false, client_flight());
    c.feed(true, server_flight({"leaf-der", "ca-der"}));
    c.feed(false, t::change_cipher_spec() + t::record(22, std::string(40, 'e')));
    c.feed(true, t::change_cipher_spec() + t::record(22, std::string(40, 'e')));
    c.feed(false, t::application_data(100));
    EXPECT_TRUE(c.saw_tls());
    EXPECT_TRUE(c.client_hello().seen);
    EXPECT_EQ(c.client_hello().sni, "hp7800.vprolab.com");
    EXPECT_EQ(c.client_hello().cipher_suites, 12u);
    EXPECT_EQ(version_name(c.client_hello().max_version), "TLS 1.2");
    EXPECT_EQ(version_name(c.server_hello().version), "TLS 1.2");
    EXPECT_EQ(cipher_name(c.server_hello().cipher), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    EXPECT_EQ(c.server().certificates, (std::vector<std::string>{"leaf-der", "ca-der"}));
    EXPECT_TRUE(c.client().certificates.empty());
    EXPECT_TRUE(c.established());
    EXPECT_EQ(c.outcome(false), "established");
    EXPECT_EQ(c.outcome(true), "established");
    EXPECT_EQ(c.client().content_types, (std::vector<uint8_t>{22, 20, 23}));
}

TEST(Tls, RecordsSplitAtEveryByte) {
    const std::string server = server_flight({std::string(3000, 'L'), std::string(2000, 'C')});
    Connection c;
    c.feed(false, client_flight());
    for (char b : server) c.feed(true, std::string_view(&b, 1));
    ASSERT_EQ(c.server().certificates.size(), 2u);
    EXPECT_EQ(c.server().certificates[0].size(), 3000u);
    EXPECT_EQ(c.outcome(false), "incomplete");
    EXPECT_EQ(c.outcome(true), "reset");
}

TEST(Tls, HandshakeMessageAcrossRecords) {
    const std::string hs =
        t::server_hello(0x0303, 0x002F) + t::certificate({std::string(500, 'L')});
    Connection c;
    c.feed(true, t::record(22, hs.substr(0, 100)) + t::record(22, hs.substr(100)));
    EXPECT_TRUE(c.server_hello().seen);
    EXPECT_EQ(cipher_name(c.server_hello().cipher), "TLS_RSA_WITH_AES_128_CBC_SHA");
    EXPECT_EQ(c.server().certificates.size(), 1u);
}

TEST(Tls, FatalUnknownCaFromTheClient) {
    Connection c;
    c.feed(false, client_flight());
    c.feed(true, server_flight({"leaf"}));
    c.feed(false, t::alert(2, 48));
    ASSERT_EQ(c.alerts().size(), 1u);
    EXPECT_EQ(c.alerts()[0].text(), "fatal unknown_ca (from client)");
    EXPECT_EQ(c.outcome(true), "alert");
}

TEST(Tls, AlertNames) {
    EXPECT_EQ(alert_name(40), "handshake_failure");
    EXPECT_EQ(alert_name(42), "bad_certificate");
    EXPECT_EQ(alert_name(46), "certificate_unknown");
    EXPECT_EQ(alert_name(70), "protocol_version");
    EXPECT_EQ(alert_name(48), "unknown_ca");
    EXPECT_EQ(alert_name(0), "close_notify");
    EXPECT_EQ(alert_name(250), "alert-250");
    EXPECT_EQ((Alert{1, 0, true, false}).text(), "warning close_notify (from server)");
    EXPECT_EQ((Alert{0, 0, false, true}).text(), "encrypted alert (from client)");
}

TEST(Tls, ServerRefusesTheProtocolVersion) {
    Connection c;
    c.feed(false, t::record(22, t::client_hello({0x0301, "", 3, {}}), 0x0301));
    c.feed(true, t::alert(2, 70));
    EXPECT_EQ(version_name(c.client_hello().max_version), "TLS 1.0");
    EXPECT_EQ(c.alerts()[0].text(), "fatal protocol_version (from server)");
    EXPECT_EQ(c.outcome(false), "alert");
}

TEST(Tls, EncryptedAlertAfterTheHandshake) {
    Connection c;
    c.feed(false, client_flight());
    c.feed(true, server_flight({"leaf"}));
    c.feed(false, t::change_cipher_spec());
    c.feed(true, t::change_cipher_spec());
    c.feed(true, t::alert(1, 0));  // encrypted close_notify: the bytes are not an alert
    ASSERT_EQ(c.alerts().size(), 1u);
    EXPECT_TRUE(c.alerts()[0].encrypted);
    EXPECT_EQ(c.outcome(false), "established");
}

TEST(Tls, Tls13SaysCertificatesAreEncrypted) {
    Connection c;
    c.feed(false, t::record(22, t::client_hello({0x0303, "amt", 3, {0x0A0A, 0x0304, 0x0303}})));
    c.feed(true, t::record(22, t::server_hello(0x0303, 0x1301, true)) + t::change_cipher_spec() +
                     t::application_data(2000));
    EXPECT_EQ(version_name(c.client_hello().max_version), "TLS 1.3");
    EXPECT_EQ(version_name(c.server_hello().version), "TLS 1.3");
    EXPECT_EQ(cipher_name(c.server_hello().cipher), "TLS_AES_128_GCM_SHA256");
    EXPECT_TRUE(c.tls13());
    ASSERT_EQ(c.notes().size(), 1u);
    EXPECT_EQ(c.notes()[0], "TLS 1.3: the certificates are encrypted and not in the capture");
    c.feed(false, t::change_cipher_spec() + t::application_data(50));
    EXPECT_EQ(c.outcome(false), "incomplete");  // one client record may be an encrypted alert
    c.feed(false, t::application_data(500));
    EXPECT_EQ(c.outcome(false), "established");
}

TEST(Tls, Sslv2CompatibleClientHello) {
    // 2-byte header (top bit), CLIENT-HELLO, version 3.1, 3 cipher specs, no session, 16-byte
    // challenge.
    std::string body = std::string("\x01\x03\x01", 3) + t::u16(9) + t::u16(0) + t::u16(16) +
                       std::string(9, 'c') + std::string(16, 'h');
    std::string v2 = t::u16(static_cast<uint16_t>(0x8000 | body.size())) + body;
    EXPECT_TRUE(looks_like_client_hello(v2));
    Connection c;
    c.feed(false, v2.substr(0, 1));  // split inside the header
    c.feed(false, v2.substr(1, 10));
    c.feed(false, v2.substr(11));
    EXPECT_TRUE(c.client_hello().seen);
    EXPECT_TRUE(c.client_hello().sslv2);
    EXPECT_EQ(c.client_hello().cipher_suites, 3u);
    EXPECT_EQ(version_name(c.client_hello().legacy_version), "TLS 1.0");
    c.feed(true, server_flight({"leaf"}));
    EXPECT_EQ(c.server().certificates.size(), 1u);
}

TEST(Tls, NotTlsStopsThatDirection) {
    Connection c;
    c.feed(false, "GET /wsman HTTP/1.1\r\nHost: amt\r\n\r\n");
    EXPECT_FALSE(c.saw_tls());
    EXPECT_TRUE(c.client().stopped);
    ASSERT_EQ(c.notes().size(), 1u);
    EXPECT_EQ(c.notes()[0], "client stream: bytes that are no TLS record (type 71, version 69.84)");
    EXPECT_FALSE(looks_like_client_hello("GET / HTTP/1.1"));
    EXPECT_TRUE(looks_like_client_hello(client_flight()));
}

TEST(Tls, OversizedAndMalformedInput) {
    Connection c;
    c.feed(true, std::string("\x16\x03\x03\xFF\xFF", 5));
    EXPECT_TRUE(c.server().stopped);
    Connection h;
    // A handshake message claiming 16 MiB.
    h.feed(true, t::record(22, std::string("\x0b\xff\xff\xff", 4)));
    EXPECT_TRUE(h.server().stopped);
    Connection m;
    m.feed(false, t::record(22, t::handshake(1, "short")));
    EXPECT_TRUE(m.client_hello().seen);
    EXPECT_EQ(m.notes(), std::vector<std::string>{"ClientHello is malformed"});
    Connection g;
    g.feed(false, client_flight().substr(0, 20));
    g.gap(false);
    g.feed(false, client_flight());
    EXPECT_TRUE(g.client().stopped);
    EXPECT_FALSE(g.client_hello().seen);
}

}  // namespace
}  // namespace amtdiag::parsers::tls
