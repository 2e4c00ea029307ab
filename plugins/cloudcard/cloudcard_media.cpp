#include "cloudcard_media.hpp"

#include <boost/url.hpp>

#include <cctype>
#include <optional>
#include <string>

namespace cloudcard {

namespace sdk = photobridge::sdk;
namespace json = boost::json;

namespace {

struct Origin {
    std::string scheme;
    std::string host;
    std::uint16_t port = 0;
    bool operator==(const Origin&) const = default;
};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::optional<Origin> origin_of(std::string_view text) {
    auto parsed = boost::urls::parse_uri(text);
    if (!parsed || !parsed->has_authority()) return std::nullopt;
    Origin o;
    o.scheme = lower(parsed->scheme());
    if (o.scheme != "http" && o.scheme != "https") return std::nullopt;
    o.host = lower(parsed->encoded_host());
    if (o.host.empty()) return std::nullopt;
    o.port = parsed->has_port() ? parsed->port_number() : (o.scheme == "https" ? 443 : 80);
    return o;
}

}  // namespace

bool same_origin(std::string_view a, std::string_view b) {
    const auto oa = origin_of(a);
    const auto ob = origin_of(b);
    return oa && ob && *oa == *ob;
}

sdk::Result download_media(const sdk::Call& call, const MediaSource& source) {
    const std::string url(call.input.at("url").as_string());
    if (!origin_of(url))
        throw sdk::invalid_argument("cloudcard: download_media: url must be an absolute http:// or https:// URL");

    call.host.check_cancelled();
    sdk::HttpRequest req;
    req.method = "GET";
    req.url = url;
    if (same_origin(url, source.client.base_url())) req.headers = source.auth_headers;
    req.headers.emplace_back("Accept", "*/*");
    req.timeout_ms = source.timeout_ms;
    sdk::HttpResponse r = call.host.send(req);

    if (r.status >= 400) throw source.client.error_for(r, "download_media");
    if (r.status >= 300 || r.status < 200)
        throw sdk::Error(PB_ERR_PROTOCOL,
                         "cloudcard: download_media: HTTP " + std::to_string(r.status) +
                             " is not a media response (redirects are not followed)",
                         r.status);

    json::object out;
    out["content_type"] = r.header("Content-Type").value_or("application/octet-stream");
    out["size"] = static_cast<std::int64_t>(r.body.size());
    const auto* variant = call.input.if_contains("variant");
    out["variant"] = variant != nullptr ? *variant : json::value(nullptr);
    return sdk::Result{std::move(out), std::move(r.body)};
}

}  // namespace cloudcard
