// The {{name}} placeholders fixtures may write in response bodies and header
// values, filled when a response is served: {{base_url}} (the mock's own
// "http://HOST:PORT"), and in a provider's rate-limit answer {{reset_epoch}}
// (Unix seconds when the window ends) and {{reset_seconds}} (seconds left).
// Pure functions: safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace photobridge::mock {

inline constexpr std::string_view kBaseUrlPlaceholder = "{{base_url}}";

using PlaceholderValues = std::vector<std::pair<std::string_view, std::string>>;  // "{{name}}" -> value

// True when `text` holds "{{" (worth filling at all).
bool has_placeholders(std::string_view text);

// Replaces each placeholder by its value, as plain text (header values,
// non-JSON bodies).
std::string fill_text(std::string_view text, const PlaceholderValues& values);

// The same inside serialized JSON: values are JSON-escaped, and a JSON string
// that is exactly one placeholder whose value is a decimal integer
// ("{{reset_epoch}}") becomes that number.
std::string fill_json(std::string_view json_text, const PlaceholderValues& values);

}  // namespace photobridge::mock
