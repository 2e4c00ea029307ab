// Signed webhook tokens as Snapbar sends them in X-Authenticity-Token: a JWT
// (RFC 7519) with header {"alg":"HS256","typ":"JWT"}, signed with the
// webhook secret by OpenSSL HMAC-SHA256. Used by POST /__admin/webhooks/snapbar.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace photobridge::mock {

// "<header>.<claims>.<signature>", each part base64url. Throws
// std::runtime_error when OpenSSL fails (it does not for valid input).
std::string sign_hs256_jwt(const boost::json::object& claims, std::string_view secret);

// {"iat": now, "nbf": now, "exp": now + lifetime_s, "jti": 32 random hex
// digits}; times in seconds since the Unix epoch. The jti is unique per call
// (OpenSSL RAND_bytes), so every delivery is a distinct event.
boost::json::object webhook_claims(std::int64_t now_unix_s, std::int64_t lifetime_s);

}  // namespace photobridge::mock
