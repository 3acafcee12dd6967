#pragma once
// SHA-256 over a stream of chunks (OpenSSL EVP), owning its EVP_MD_CTX.
#include <cstddef>
#include <memory>
#include <string>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX; kept out of this header on purpose

namespace amtdiag::parsers::cmlog::detail {

class Sha256 {
  public:
    Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    Sha256(Sha256&&) noexcept = default;
    Sha256& operator=(Sha256&&) noexcept = default;
    ~Sha256() = default;

    void update(const void* data, std::size_t size);
    // Lowercase hex; "" if OpenSSL failed at any point. Finishes the hash.
    std::string hex_digest();

  private:
    struct CtxDeleter {
        void operator()(evp_md_ctx_st* ctx) const noexcept;
    };
    std::unique_ptr<evp_md_ctx_st, CtxDeleter> ctx_;
    bool ok_ = false;
};

}  // namespace amtdiag::parsers::cmlog::detail
