// verify_webhook: Snapbar signs each webhook POST with a JWT in the
// X-Authenticity-Token header, made with the secret shown in the admin
// portal. This checks such a token locally (HS256 only), without HTTP.
#pragma once

#include <photobridge/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace photobridge::plugins::snapbar {

// RFC 4648 §5 base64url, padding optional. nullopt for any other character,
// an impossible length or non-zero leftover bits (so one byte string has one
// encoding).
std::optional<std::string> base64url_decode(std::string_view text);

struct WebhookCheck {
    std::string_view token;   // the header value: header.claims.signature
    std::string_view secret;  // webhook_secret; never echoed
    std::int64_t now_s = 0;   // seconds since the epoch
    std::int64_t leeway_s = 0;
};

// The verdict as JSON:
//   {"valid": true,  "reason": null, "header": {...}, "claims": {...}}
//   {"valid": false, "reason": "signature does not match", "header": {...}, "claims": null}
// claims are given only when valid (never unverified or stale ones). Invalid
// reasons: alg other than HS256 (including "none"), signature mismatch (HMAC
// SHA-256 compared in constant time with CRYPTO_memcmp), exp not a number or
// passed (now >= exp + leeway), nbf not a number or in the future.
// Throws INVALID_ARGUMENT when the token is not a JWT at all: not three
// dot-separated base64url parts, or a header or claims part that is not a JSON
// object. Messages never contain the token or the secret.
boost::json::object verify_webhook_token(const WebhookCheck& check);

}  // namespace photobridge::plugins::snapbar
