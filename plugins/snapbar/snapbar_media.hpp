// download_media: fetching a submission photo (media[].url) through the host.
#pragma once

#include <photobridge/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace snapbar {

// True when both absolute URLs have the same scheme, host and port (default
// ports filled in: http 80, https 443). False when either does not parse.
bool same_origin(std::string_view a, std::string_view b);

struct DownloadTarget {
    const photobridge::sdk::ApiClient& client;  // for the host and typed errors
    const photobridge::sdk::Headers& auth_headers;
    std::uint32_t timeout_ms;
};

// GETs `url` (absolute http/https, else INVALID_ARGUMENT without echoing the
// URL, which may carry a signature). `auth_headers` are sent only when the URL
// is on the configured base_url's origin, never to a CDN. Returns the body as
// bytes and {content_type, size, variant} as JSON; content_type is the
// response's, or sniffed (PNG/JPEG) when that is absent or a generic
// octet-stream. A status >= 400 becomes the typed error with the provider's
// message.
photobridge::sdk::Result download_media(const DownloadTarget& target, const std::string& url,
                                        const std::optional<std::string>& variant);

}  // namespace snapbar
