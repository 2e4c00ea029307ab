// The download_media operation: GET one media URL from a canonical record.
//
// Credential contract: the auth headers are sent only when the URL's scheme,
// host and port equal base_url's (default ports filled in); a signed CDN URL
// gets no credential, so the API key never leaves for another host.
#pragma once

#include <photobridge/sdk.hpp>

#include <string_view>

namespace headshotpro {

struct MediaSource {
    const photobridge::sdk::ApiClient& client;      // base_url, error mapping
    const photobridge::sdk::Headers& auth_headers;  // sent to base_url's origin only
    std::uint32_t timeout_ms;
};

// True when both absolute URLs have the same scheme, host and port.
bool same_origin(std::string_view a, std::string_view b);

// Input {"url", "variant"?}; output json {"content_type", "size", "variant"}
// and the body as bytes. A status >= 300 is an error (redirects are not
// followed here: following one could carry the credential elsewhere).
photobridge::sdk::Result download_media(const photobridge::sdk::Call& call, const MediaSource& source);

}  // namespace headshotpro
