#include "url_signer.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

#include <charconv>
#include <chrono>
#include <stdexcept>

#include "seeded_random.hpp"

namespace photobridge::mock::dataset {

namespace {

using MacContext = std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)>;

}  // namespace

UrlSigner::UrlSigner(std::uint64_t seed) {
    SeededRandom random = SeededRandom::for_record(seed, "cdn-signing-key", 0);
    std::string key;
    for (int i = 0; i < 4; ++i) {
        const std::uint64_t word = random.next();
        for (int byte = 0; byte < 8; ++byte) key.push_back(static_cast<char>((word >> (byte * 8)) & 0xFF));
    }
    // Fetching the algorithm per signature (what the one-shot HMAC() does)
    // took a provider-store lookup per request.
    const std::unique_ptr<EVP_MAC, decltype(&EVP_MAC_free)> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr), &EVP_MAC_free);
    if (!mac) throw std::runtime_error("OpenSSL has no HMAC");
    MacContext context(EVP_MAC_CTX_new(mac.get()), &EVP_MAC_CTX_free);
    char digest_name[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest_name, 0), OSSL_PARAM_construct_end()};
    if (!context ||
        EVP_MAC_init(context.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(), params) != 1)
        throw std::runtime_error("OpenSSL could not key HMAC-SHA256");
    keyed_mac_ = std::shared_ptr<const EVP_MAC_CTX>(context.release(), &EVP_MAC_CTX_free);
}

std::string UrlSigner::signature(std::string_view path, std::int64_t expires_unix) const {
    const std::string expires = std::to_string(expires_unix);
    unsigned char digest[EVP_MAX_MD_SIZE];
    std::size_t digest_length = 0;
    const MacContext context(EVP_MAC_CTX_dup(keyed_mac_.get()), &EVP_MAC_CTX_free);
    if (!context || EVP_MAC_update(context.get(), reinterpret_cast<const unsigned char*>(path.data()), path.size()) != 1 ||
        EVP_MAC_update(context.get(), reinterpret_cast<const unsigned char*>("\n"), 1) != 1 ||
        EVP_MAC_update(context.get(), reinterpret_cast<const unsigned char*>(expires.data()), expires.size()) != 1 ||
        EVP_MAC_final(context.get(), digest, &digest_length, sizeof digest) != 1)
        throw std::runtime_error("OpenSSL could not compute HMAC-SHA256");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(digest_length * 2);
    for (std::size_t i = 0; i < digest_length; ++i) {
        hex.push_back(kHex[digest[i] >> 4]);
        hex.push_back(kHex[digest[i] & 0xF]);
    }
    return hex;
}

std::string UrlSigner::query_for(std::string_view path, std::int64_t expires_unix) const {
    return "?expires=" + std::to_string(expires_unix) + "&signature=" + signature(path, expires_unix);
}

SignatureCheck UrlSigner::check(std::string_view path, std::string_view expires_text, std::string_view signature_hex,
                                std::int64_t now_unix) const {
    std::int64_t expires = 0;
    const auto [end, error] = std::from_chars(expires_text.data(), expires_text.data() + expires_text.size(), expires);
    if (error != std::errc{} || end != expires_text.data() + expires_text.size() || expires_text.empty()) {
        return SignatureCheck::tampered;
    }
    const std::string expected = signature(path, expires);
    if (signature_hex.size() != expected.size() ||
        CRYPTO_memcmp(expected.data(), signature_hex.data(), expected.size()) != 0) {
        return SignatureCheck::tampered;
    }
    return expires < now_unix ? SignatureCheck::expired : SignatureCheck::valid;
}

std::int64_t wall_clock_unix_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace photobridge::mock::dataset
