// The origin (scheme, host, port) of a URL, the unit credentials are bound
// to: the SDK sends a provider's credential only to its base_url's origin.
#pragma once

#include <boost/url.hpp>

#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace photobridge::sdk {

struct Origin {
    std::string scheme;  // "http" or "https", lower case
    std::string host;    // lower case, as encoded in the URL
    std::uint16_t port = 0;  // the default port of the scheme when the URL names none
    bool operator==(const Origin&) const = default;
};

// The origin of an absolute http(s) URL with a host; nullopt for anything else
// (relative references, other schemes, text that is not a URL).
inline std::optional<Origin> origin_of(std::string_view url) {
    const auto parsed = boost::urls::parse_uri(url);
    if (!parsed || !parsed->has_authority()) return std::nullopt;
    const auto lower = [](std::string_view s) {
        std::string out(s);
        for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return out;
    };
    Origin o;
    o.scheme = lower(parsed->scheme());
    if (o.scheme != "http" && o.scheme != "https") return std::nullopt;
    o.host = lower(parsed->encoded_host());
    if (o.host.empty()) return std::nullopt;
    if (parsed->has_port() && parsed->port().empty()) {
        o.port = o.scheme == "https" ? 443 : 80;  // "host:" names the default port
    } else if (parsed->has_port()) {
        o.port = parsed->port_number();
        if (o.port == 0) return std::nullopt;  // out of range or 0: no origin a request can reach
    } else {
        o.port = o.scheme == "https" ? 443 : 80;
    }
    return o;
}

// True when both are absolute http(s) URLs with the same scheme, host and port.
inline bool same_origin(std::string_view a, std::string_view b) {
    const auto oa = origin_of(a);
    const auto ob = origin_of(b);
    return oa && ob && *oa == *ob;
}

}  // namespace photobridge::sdk
