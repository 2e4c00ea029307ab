#include "url_signer.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>
#include <chrono>

#include "seeded_random.hpp"

namespace photobridge::mock::dataset {

UrlSigner::UrlSigner(std::uint64_t seed) {
    SeededRandom random = SeededRandom::for_record(seed, "cdn-signing-key", 0);
    for (int i = 0; i < 4; ++i) {
        const std::uint64_t word = random.next();
        for (int byte = 0; byte < 8; ++byte) key_.push_back(static_cast<char>((word >> (byte * 8)) & 0xFF));
    }
}

std::string UrlSigner::signature(std::string_view path, std::int64_t expires_unix) const {
    const std::string message = std::string(path) + "\n" + std::to_string(expires_unix);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_length = 0;
    HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()), reinterpret_cast<const unsigned char*>(message.data()),
         message.size(), digest, &digest_length);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(digest_length * 2);
    for (unsigned int i = 0; i < digest_length; ++i) {
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
