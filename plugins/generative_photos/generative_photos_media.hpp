// download_media: fetching a media URL taken from a canonical record.
#pragma once

#include <photobridge/sdk.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace photobridge::plugins::generative_photos {

// True when both absolute URLs have the same scheme, host (case-insensitive)
// and port (the scheme's default when absent). False when either does not
// parse.
bool same_origin(std::string_view a, std::string_view b);

// GETs `url` (http or https only) through the host and returns its bytes
// with {"content_type", "size"}. `credentials` are sent only to URLs on the
// same origin as api.base_url(), and redirects (up to 5) are followed with
// the same rule applied to every hop, so a token never reaches a CDN.
// A status >= 400 is the typed error from api.error_for() naming `what`.
sdk::Result fetch_media(const sdk::ApiClient& api, const sdk::Headers& credentials, std::uint32_t timeout_ms,
                        std::string url, const sdk::Host& host, std::string_view what);

// The download_media operation: fetch_media(input.url).
sdk::Result download_media(const sdk::ApiClient& api, const sdk::Headers& credentials, std::uint32_t timeout_ms,
                           const boost::json::object& input, const sdk::Host& host);

}  // namespace photobridge::plugins::generative_photos
