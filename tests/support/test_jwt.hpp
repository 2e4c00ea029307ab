// JWTs for webhook tests, signed with OpenSSL the way Snapbar signs its
// X-Authenticity-Token (HS256 over base64url(header) "." base64url(claims)).
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace photobridge::testing {

// RFC 4648 section 5, without padding.
std::string base64url(std::string_view bytes);

// The raw HMAC of `data` with `key`; `bits` is 256 or 512 (SHA-2).
std::string hmac_sha(int bits, std::string_view key, std::string_view data);

// header.claims.signature. The header's "alg" picks the signature: "HS256"
// (or absent), "HS512", or "none" (an empty signature, as an attacker would
// send it).
std::string mint_jwt(const boost::json::value& claims, std::string_view key,
                     const boost::json::value& header = boost::json::object{{"alg", "HS256"}, {"typ", "JWT"}});

// Seconds since the Unix epoch, for iat/nbf/exp.
std::int64_t unix_now_s();

}  // namespace photobridge::testing
