// Base64 decoding (standard and URL-safe alphabets, padding optional), for
// fixture bodies and for validating opaque cursors.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace photobridge::mock {

// nullopt when `text` holds a character outside both alphabets or has a
// length that no encoding produces.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace photobridge::mock
