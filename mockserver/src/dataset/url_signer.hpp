// Signed, expiring CDN URLs (HeadshotPro: "All photo URLs are signed and
// expire after 24 hours").
//
// A URL carries `expires` (unix seconds) and `signature`, the lower-case hex
// HMAC-SHA256 of "<path>\n<expires>" under a key derived from the dataset
// seed. `path` is the path after the provider prefix, e.g.
// "/cdn/photos/507f1f77bcf86cd799439022.jpg".
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

struct evp_mac_ctx_st;  // OpenSSL's EVP_MAC_CTX, kept out of this header

namespace photobridge::mock::dataset {

enum class SignatureCheck { valid, tampered, expired };

class UrlSigner {
public:
    // Throws std::runtime_error if OpenSSL offers no HMAC-SHA256.
    // The key is a function of the seed only: two mocks with one seed accept
    // each other's URLs.
    explicit UrlSigner(std::uint64_t seed);

    std::string signature(std::string_view path, std::int64_t expires_unix) const;

    // "?expires=<unix>&signature=<hex>" to append to the path.
    std::string query_for(std::string_view path, std::int64_t expires_unix) const;

    // Checks the signature first (constant-time), then expiry against `now_unix`.
    // `expires_text` is the raw query value; anything but a decimal integer is tampered.
    SignatureCheck check(std::string_view path, std::string_view expires_text, std::string_view signature_hex,
                         std::int64_t now_unix) const;

private:
    // An HMAC-SHA256 context keyed once; each signature works on a copy of
    // it, so one signer serves many threads (the template is never written
    // after construction). Shared between copies of the signer.
    std::shared_ptr<const ::evp_mac_ctx_st> keyed_mac_;
};

// Real wall-clock seconds: expiry is checked against real time.
std::int64_t wall_clock_unix_seconds();

}  // namespace photobridge::mock::dataset
