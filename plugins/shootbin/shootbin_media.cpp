#include "shootbin_media.hpp"
#include "shootbin_records.hpp"

#include <boost/url.hpp>

#include <string>

namespace photobridge::plugins::shootbin {

namespace json = boost::json;
namespace urls = boost::urls;

namespace {

constexpr int kMaxRedirects = 5;

std::uint16_t effective_port(const urls::url_view& u) {
    if (u.has_port()) return u.port_number();
    if (u.scheme_id() == urls::scheme::https) return 443;
    if (u.scheme_id() == urls::scheme::http) return 80;
    return 0;
}

urls::url_view parse_http_url(std::string_view text, std::string_view what) {
    const std::string prefix = std::string(kProvider) + ": " + std::string(what) + ": ";
    auto parsed = urls::parse_uri(text);
    if (!parsed) throw sdk::invalid_argument(prefix + "url '" + std::string(text) + "' is not an absolute URL");
    const auto scheme = parsed->scheme_id();
    if (scheme != urls::scheme::http && scheme != urls::scheme::https)
        throw sdk::invalid_argument(prefix + "url '" + std::string(text) + "' is not http or https");
    if (parsed->encoded_host().empty())
        throw sdk::invalid_argument(prefix + "url '" + std::string(text) + "' has no host");
    return *parsed;
}

}  // namespace

bool same_origin(std::string_view a, std::string_view b) {
    auto ua = urls::parse_uri(a);
    auto ub = urls::parse_uri(b);
    if (!ua || !ub) return false;
    return ua->scheme_id() == ub->scheme_id() && sdk::iequals(ua->scheme(), ub->scheme()) &&
           sdk::iequals(ua->encoded_host(), ub->encoded_host()) && effective_port(*ua) == effective_port(*ub);
}

sdk::Result fetch_media(const sdk::ApiClient& api, const sdk::Headers& credentials, std::uint32_t timeout_ms,
                        std::string url, const sdk::Host& host, std::string_view what) {
    const std::string prefix = std::string(kProvider) + ": " + std::string(what) + ": ";
    for (int hop = 0;; ++hop) {
        parse_http_url(url, what);
        host.check_cancelled();
        sdk::HttpRequest request;
        request.url = url;
        request.timeout_ms = timeout_ms;
        if (same_origin(url, api.base_url())) request.headers = credentials;
        request.headers.emplace_back("Accept", "*/*");
        sdk::HttpResponse response = host.send(request);

        if (response.status >= 300 && response.status < 400) {
            const auto location = response.header("Location");
            if (!location || location->empty())
                throw sdk::protocol_error(prefix + "HTTP " + std::to_string(response.status) +
                                          " without a Location header");
            if (hop >= kMaxRedirects)
                throw sdk::protocol_error(prefix + "more than " + std::to_string(kMaxRedirects) + " redirects");
            auto ref = urls::parse_uri_reference(*location);
            if (!ref) throw sdk::protocol_error(prefix + "Location '" + *location + "' is not a URL");
            urls::url next;
            if (!urls::resolve(urls::url_view(url), *ref, next))
                throw sdk::protocol_error(prefix + "cannot resolve Location '" + *location + "'");
            url = std::string(next.buffer());
            continue;
        }
        if (response.status >= 400) throw api.error_for(response, what);
        if (response.status < 200)
            throw sdk::protocol_error(prefix + "unexpected HTTP " + std::to_string(response.status));

        const std::string content_type = response.header("Content-Type").value_or("application/octet-stream");
        sdk::Result result;
        result.json = json::object{{"content_type", content_type},
                                   {"size", static_cast<std::int64_t>(response.body.size())}};
        result.bytes = std::move(response.body);
        return result;
    }
}

sdk::Result download_media(const sdk::ApiClient& api, const sdk::Headers& credentials, std::uint32_t timeout_ms,
                           const json::object& input, const sdk::Host& host) {
    return fetch_media(api, credentials, timeout_ms, std::string(input.at("url").as_string()), host, "download_media");
}

}  // namespace photobridge::plugins::shootbin
