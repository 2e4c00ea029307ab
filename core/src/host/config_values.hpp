// Turning "key=value" text (from --set, or from a workflow's connection
// table) into a typed plugin config value, using the manifest's config schema.
#pragma once

#include <photobridge/sdk/manifest.hpp>

#include <boost/json.hpp>

#include <string_view>

namespace photobridge::host {

// The value of config key `key` given as text: parsed as an integer, number
// or boolean when the manifest declares that type, else kept as a string.
// Throws std::invalid_argument naming the key when the text does not fit.
boost::json::value typed_config_value(const sdk::Manifest& manifest, std::string_view key, std::string_view text);

}  // namespace photobridge::host
