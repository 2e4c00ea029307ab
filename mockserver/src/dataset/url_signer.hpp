// Signed, expiring CDN URLs (HeadshotPro: "All photo URLs are signed and
// expire after 24 hours").
//
// A URL carries `expires` (unix seconds) and `signature`, the lower-case hex
// HMAC-SHA256 of "<path>\n<expires>" under a key derived from the dataset
// seed. `path` is the path after the provider prefix, e.g.
// "/cdn/photos/507f1f77bcf86cd799439022.jpg".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace photobridge::mock::dataset {

enum class SignatureCheck { valid, tampered, expired };

class UrlSigner {
public:
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
    std::string key_;
};

// Real wall-clock seconds: expiry is checked against real time.
std::int64_t wall_clock_unix_seconds();

}  // namespace photobridge::mock::dataset
