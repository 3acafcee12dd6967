#pragma once
// What a capture shows of a TLS connection (AMT on 16993/16995, the provisioning server's
// TLS to the device): record content types, the ClientHello and ServerHello, the certificate
// chains of TLS <= 1.2 (TLS 1.3 encrypts them), and alerts in the clear.
//
// A Connection takes the two byte streams of one TCP connection, in order, in pieces of any
// size (records split across segments are joined). Memory is bounded: record bodies are never
// buffered, only handshake messages, each up to kMaxHandshakeBytes. Malformed input ends the
// parsing of that direction with a note; nothing throws.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace amtdiag::parsers::tls {

inline constexpr size_t kMaxHandshakeBytes = 256 * 1024;

// "SSL 2.0", "SSL 3.0", "TLS 1.0" ... "TLS 1.3", else "0xNNNN".
std::string version_name(uint16_t version);
// IANA names of common suites ("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), else "0xNNNN".
std::string cipher_name(uint16_t suite);
// RFC 8446 §6 names ("unknown_ca", "handshake_failure", ...), else "alert-N".
std::string alert_name(uint8_t description);

struct Alert {
    uint8_t level = 0;  // 1 warning, 2 fatal; 0 when encrypted
    uint8_t description = 0;
    bool from_server = false;
    bool encrypted = false;
    // "fatal handshake_failure (from server)", "encrypted alert (from client)"
    std::string text() const;
};

struct ClientHello {
    bool seen = false;
    bool sslv2 = false;           // the SSLv2-compatible form (RFC 5246 appendix E.2)
    uint16_t legacy_version = 0;  // the version field
    uint16_t max_version = 0;     // highest of supported_versions when sent, else the field
    size_t cipher_suites = 0;
    std::string sni;
};

struct ServerHello {
    bool seen = false;
    uint16_t legacy_version = 0;
    uint16_t version = 0;  // supported_versions when sent (TLS 1.3), else the field
    uint16_t cipher = 0;
};

struct Direction {
    std::vector<uint8_t> content_types;  // each record type seen, in first-seen order
    uint64_t records = 0;
    uint64_t application_records = 0;
    bool change_cipher_spec = false;
    bool application_data = false;
    bool encrypted = false;                 // records after this point cannot be read
    std::vector<std::string> certificates;  // DER, leaf first (TLS <= 1.2)
    bool stopped = false;                   // parsing ended (malformed, gap, not TLS)
};

class Connection {
  public:
    // In-order bytes of one direction. After `gap` that direction is no longer parsed.
    void feed(bool from_server, std::string_view bytes);
    void gap(bool from_server);

    const ClientHello& client_hello() const { return client_hello_; }
    const ServerHello& server_hello() const { return server_hello_; }
    const Direction& client() const { return dir_[0]; }
    const Direction& server() const { return dir_[1]; }
    const std::vector<Alert>& alerts() const { return alerts_; }
    const std::vector<std::string>& notes() const { return notes_; }
    // Anything that looked like TLS arrived (a valid record header or an SSLv2 hello).
    bool saw_tls() const { return saw_tls_; }
    bool tls13() const { return server_hello_.seen && server_hello_.version == 0x0304; }
    bool fatal_alert() const;
    // Both sides went on to encrypted traffic (CCS both ways, or TLS 1.3 application data).
    bool established() const;
    // "alert" (a fatal alert in the clear, or any alert before the handshake ended),
    // "established", "reset" (the TCP connection was reset first), "incomplete".
    std::string outcome(bool tcp_reset) const;

  private:
    struct Parser {
        uint8_t header[5] = {};
        size_t header_have = 0;
        size_t body_left = 0;
        uint8_t type = 0;
        std::string handshake;  // handshake bytes not yet a whole message
        uint8_t alert[2] = {};
        size_t alert_have = 0;
        bool first = true;  // at the very start of the stream (SSLv2 hello check)
        bool in_sslv2 = false;
        std::string sslv2;  // an SSLv2 hello being collected
    };
    void note(std::string text);
    void stop(int d, std::string why);
    bool start_record(int d);
    void body(int d, std::string_view bytes);
    void handshake_message(int d, uint8_t type, std::string_view body);
    bool sslv2_hello(std::string_view& bytes);
    void parse_client_hello(std::string_view m);
    void parse_server_hello(std::string_view m);
    void parse_certificate(int d, std::string_view m);

    Parser p_[2];
    Direction dir_[2];
    ClientHello client_hello_;
    ServerHello server_hello_;
    std::vector<Alert> alerts_;
    std::vector<std::string> notes_;
    bool saw_tls_ = false;
};

// The first bytes of a client's stream open a TLS handshake: a handshake record header of
// SSL 3.0 .. TLS 1.3, or an SSLv2-compatible ClientHello.
bool looks_like_client_hello(std::string_view first_bytes);

}  // namespace amtdiag::parsers::tls
