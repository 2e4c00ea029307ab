#include "snapbar_media.hpp"

#include <boost/url.hpp>

#include <cctype>

namespace snapbar {

namespace json = boost::json;
namespace sdk = photobridge::sdk;

namespace {

struct Origin {
    std::string scheme;
    std::string host;
    std::uint16_t port = 0;
};

std::optional<Origin> origin_of(std::string_view text) {
    auto parsed = boost::urls::parse_absolute_uri(text);
    if (!parsed || !parsed->has_authority()) return std::nullopt;
    Origin o;
    o.scheme = parsed->scheme();
    for (char& c : o.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    o.host = parsed->encoded_host();
    for (char& c : o.host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if ((o.scheme != "http" && o.scheme != "https") || o.host.empty()) return std::nullopt;
    if (parsed->has_port()) {
        if (parsed->port().empty()) return std::nullopt;
        o.port = parsed->port_number();
        if (o.port == 0) return std::nullopt;
    } else {
        o.port = o.scheme == "https" ? 443 : 80;
    }
    return o;
}

// Storage services often label every object this way; the bytes know better.
bool is_generic_binary(std::string_view content_type) {
    const std::string_view base = content_type.substr(0, content_type.find(';'));
    return sdk::iequals(base, "application/octet-stream") || sdk::iequals(base, "binary/octet-stream");
}

}  // namespace

bool same_origin(std::string_view a, std::string_view b) {
    const auto x = origin_of(a);
    const auto y = origin_of(b);
    return x && y && x->scheme == y->scheme && x->host == y->host && x->port == y->port;
}

sdk::Result download_media(const DownloadTarget& target, const std::string& url,
                           const std::optional<std::string>& variant) {
    if (!origin_of(url)) throw sdk::invalid_argument("snapbar: download_media: url is not an absolute http(s) URL");
    target.client.host().check_cancelled();

    sdk::HttpRequest request;
    request.method = "GET";
    request.url = url;
    if (same_origin(url, target.client.base_url())) request.headers = target.auth_headers;
    request.headers.emplace_back("Accept", "*/*");
    request.timeout_ms = target.timeout_ms;

    sdk::HttpResponse response = target.client.host().send(request);
    if (response.status >= 400) throw target.client.error_for(response, "download_media");

    std::string content_type = response.header("Content-Type").value_or("");
    if (content_type.empty() || is_generic_binary(content_type)) {
        const std::string sniffed = sdk::sniff_image_type(response.body);
        if (!sniffed.empty()) content_type = sniffed;
    }
    if (content_type.empty()) content_type = "application/octet-stream";
    json::object meta{{"content_type", content_type},
                      {"size", static_cast<std::int64_t>(response.body.size())},
                      {"variant", variant ? json::value(*variant) : json::value(nullptr)}};
    return sdk::Result{std::move(meta), std::move(response.body)};
}

}  // namespace snapbar
