// Base64 for the mock: decoding fixture bodies and opaque cursors, and
// base64url (RFC 4648 section 5) for the dataset's cursors and signed tokens.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace photobridge::mock {

// nullopt when `text` holds a character outside both alphabets or has a
// length that no encoding produces.
std::optional<std::string> base64_decode(std::string_view text);

// URL-safe alphabet, without padding (OpenSSL's EVP_EncodeBlock, mapped).
std::string base64url_encode(std::string_view bytes);
// URL-safe alphabet only (padding tolerated); nullopt otherwise.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace photobridge::mock
