// The `download_media` operation every photo plugin offers: GET one media
// URL from a canonical record (media[].url) through the host.
//
// Credential contract: the client's credential is sent only when the URL's
// scheme, host and port equal base_url's (default ports filled in; auth.hpp). A signed
// CDN URL on another host gets no credential, so a token never leaves for a
// host it was not issued for. Redirects (the host never follows them) are
// followed here, up to kMaxMediaRedirects, with the same rule applied to
// every hop: a redirect from the API to a storage host drops the credential.
#pragma once

#include <photobridge/sdk/api_client.hpp>
#include <photobridge/sdk/multipart.hpp>
#include <photobridge/sdk/origin.hpp>
#include <photobridge/sdk/plugin.hpp>

#include <boost/url.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace photobridge::sdk {

inline constexpr int kMaxMediaRedirects = 5;

// GETs `url` (absolute http or https) through the host, following redirects
// as described at the top of this file. Returns the final 2xx response. A
// 4xx/5xx is the client's typed error naming `what`; a redirect without a
// usable Location, too many redirects or a 1xx is PB_ERR_PROTOCOL.
// Threads: whatever thread the plugin's operation runs on.
inline HttpResponse fetch_media(const ApiClient& client, std::string url, std::string_view what) {
    const std::string prefix = client.provider() + ": " + std::string(what) + ": ";
    for (int hop = 0;; ++hop) {
        if (!origin_of(url)) throw invalid_argument(prefix + "url must be an absolute http:// or https:// URL");
        client.host().check_cancelled();
        HttpResponse r = client.host().send(client.request("GET", url, {}, "*/*"));
        if (r.status >= 300 && r.status < 400) {
            const auto location = r.header("Location");
            if (!location || location->empty())
                throw Error(PB_ERR_PROTOCOL, prefix + "HTTP " + std::to_string(r.status) + " without a Location header",
                            r.status);
            if (hop >= kMaxMediaRedirects)
                throw Error(PB_ERR_PROTOCOL, prefix + "more than " + std::to_string(kMaxMediaRedirects) + " redirects",
                            r.status);
            auto reference = boost::urls::parse_uri_reference(*location);
            boost::urls::url next;
            if (!reference || !boost::urls::resolve(boost::urls::url_view(url), *reference, next))
                throw Error(PB_ERR_PROTOCOL, prefix + "cannot follow the redirect to '" + *location + "'", r.status);
            url = std::string(next.buffer());
            continue;
        }
        if (r.status >= 400 || client.verdict(r).status != PB_OK) throw client.error_for(r, what);
        if (r.status < 200)
            throw Error(PB_ERR_PROTOCOL, prefix + "HTTP " + std::to_string(r.status) + " is not a media response", r.status);
        return r;
    }
}

// Fetches `url` as bytes (fetch_media). Returns json {"content_type"
// (sniffed from the bytes when the server sent none or a generic one),
// "size", "variant"} (variant echoed, null when not given) and the body as
// bytes.
inline Result download_media(const ApiClient& client, const std::string& url,
                             const boost::json::value& variant = nullptr) {
    HttpResponse r = fetch_media(client, url, "download_media");
    // A missing or generic Content-Type (as many CDNs send) is replaced by
    // the type the bytes themselves declare, when they are PNG or JPEG.
    std::string content_type = r.header("Content-Type").value_or("");
    if (content_type.empty() || content_type.rfind("application/octet-stream", 0) == 0 ||
        content_type.rfind("binary/octet-stream", 0) == 0) {
        const std::string sniffed = sniff_image_type(r.body);
        content_type = sniffed.empty() ? "application/octet-stream" : sniffed;
    }
    boost::json::object out;
    out["content_type"] = content_type;
    out["size"] = static_cast<std::int64_t>(r.body.size());
    out["variant"] = variant;
    return Result{std::move(out), std::move(r.body)};
}

// The operation handler itself: input {"url", "variant"?}.
inline Result download_media(const ApiClient& client, const Call& call) {
    const auto* variant = call.input.if_contains("variant");
    return download_media(client, std::string(call.input.at("url").as_string()),
                          variant != nullptr ? *variant : boost::json::value(nullptr));
}

}  // namespace photobridge::sdk
