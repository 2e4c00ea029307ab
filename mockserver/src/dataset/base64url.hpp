// Base64url without padding (RFC 4648 section 5), for opaque cursors.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace photobridge::mock::dataset {

std::string base64url_encode(std::string_view bytes);
// nullopt when `text` holds a character outside the alphabet or an impossible length.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace photobridge::mock::dataset
