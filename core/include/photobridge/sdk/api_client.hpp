// A small REST client over the host's HTTP service, for one provider: base
// URL, credential headers, timeout, JSON in and out, and typed errors from
// HTTP statuses. Immutable after construction, so one ApiClient can serve
// concurrent invokes. [any-thread]
#pragma once

#include <photobridge/sdk/error.hpp>
#include <photobridge/sdk/host.hpp>
#include <photobridge/sdk/multipart.hpp>
#include <photobridge/sdk/url.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

namespace photobridge::sdk {

// What a provider said when it refused a request.
struct ProviderFailure {
    std::string message;  // the provider's own words
    std::string code;     // the provider's own error code, if it has one
};

// Reads the provider's message out of an error response. The default looks
// for "message", "error" (a string, or an object with "message"/"code") and
// "detail"; plugins with other shapes pass their own.
using FailureReader = std::function<ProviderFailure(const HttpResponse&)>;

inline ProviderFailure read_common_failure(const HttpResponse& response) {
    ProviderFailure out;
    boost::system::error_code ec;
    const boost::json::value body = boost::json::parse(response.body, ec);
    if (!ec) {
        if (const auto* m = json_access::find(body, "message"); m && m->is_string()) out.message = m->get_string();
        if (const auto* e = json_access::find(body, "error")) {
            if (e->is_string() && out.message.empty()) out.message = e->get_string();
            if (e->is_object()) {
                if (const auto* m = e->get_object().if_contains("message"); m && m->is_string() && out.message.empty())
                    out.message = m->get_string();
                if (const auto* c = e->get_object().if_contains("code"); c && c->is_string()) out.code = c->get_string();
            }
        }
        if (const auto* d = json_access::find(body, "detail"); d && d->is_string() && out.message.empty())
            out.message = d->get_string();
        if (const auto* c = json_access::find(body, "code"); c && c->is_string() && out.code.empty())
            out.code = c->get_string();
    }
    if (out.message.empty()) {
        out.message = response.body.substr(0, 200);
        if (out.message.empty()) out.message = "no message";
    }
    return out;
}

// How a provider takes its credential: one request header whose value is a
// config key's value behind an optional prefix.
struct CredentialHeader {
    std::string header;      // e.g. "Authorization"
    std::string config_key;  // e.g. "api_key"; a secret string in the manifest
    std::string prefix;      // e.g. "Bearer "; "" sends the bare value
    bool required = true;    // false: a config without the key sends no credential
};

struct ApiClientOptions {
    std::string provider;        // plugin id, used in messages
    std::string base_url;        // e.g. "https://server.headshotpro.com/api/v2"
    Headers auth_headers;        // credential headers; the host redacts them in logs
    std::uint32_t timeout_ms = 0;
    FailureReader read_failure = read_common_failure;

    // The options of a plugin's config (validated against its manifest,
    // defaults applied), checked once at create():
    //   base_url    an absolute http:// or https:// URL with a host;
    //   timeout_ms  absent (the host's default) or an integer in [1, 2^32);
    //   credential  config[credential.config_key], a non-empty string, sent
    //               as `credential.header: <prefix><value>`; absent is
    //               allowed when credential.required is false (no header).
    // Throws INVALID_ARGUMENT naming the config key ("<provider>:
    // config.base_url must be ..."); never quotes the credential.
    static ApiClientOptions from_config(const boost::json::object& config, std::string provider,
                                        const CredentialHeader& credential,
                                        FailureReader read_failure = read_common_failure) {
        const auto refuse = [&](std::string_view key, std::string_view rule) {
            std::string message = provider;
            message += ": config.";
            message += key;
            message += ' ';
            message += rule;
            return invalid_argument(std::move(message));
        };
        ApiClientOptions o;
        const auto* url = config.if_contains("base_url");
        if (url == nullptr || !url->is_string()) throw refuse("base_url", "is required (an absolute http(s) URL)");
        o.base_url = std::string(url->get_string());
        const auto parsed = boost::urls::parse_uri(o.base_url);
        if (!parsed ||
            (parsed->scheme_id() != boost::urls::scheme::http && parsed->scheme_id() != boost::urls::scheme::https) ||
            parsed->encoded_host().empty())
            throw refuse("base_url", "must be an absolute http:// or https:// URL, such as https://api.example.com");
        if (const auto* t = config.if_contains("timeout_ms"); t != nullptr && !t->is_null()) {
            if (!t->is_int64() || t->get_int64() < 1 ||
                t->get_int64() > static_cast<std::int64_t>(std::numeric_limits<std::uint32_t>::max()))
                throw refuse("timeout_ms", "must be a positive integer of milliseconds");
            o.timeout_ms = static_cast<std::uint32_t>(t->get_int64());
        }
        const auto* secret = config.if_contains(credential.config_key);
        const bool absent = secret == nullptr || secret->is_null();
        if (absent && !credential.required) {
            // no credential: requests go without one
        } else if (absent || !secret->is_string() || secret->get_string().empty()) {
            throw refuse(credential.config_key, "is required (a non-empty string)");
        } else {
            o.auth_headers.emplace_back(credential.header, credential.prefix + std::string(secret->get_string()));
        }
        o.provider = std::move(provider);
        o.read_failure = std::move(read_failure);
        return o;
    }
};

class ApiClient {
public:
    ApiClient(Host host, ApiClientOptions options) : host_(host), options_(std::move(options)) {
        if (!options_.read_failure) options_.read_failure = read_common_failure;
    }

    const Host& host() const noexcept { return host_; }
    const std::string& base_url() const noexcept { return options_.base_url; }
    const std::string& provider() const noexcept { return options_.provider; }
    const Headers& auth_headers() const noexcept { return options_.auth_headers; }
    std::uint32_t timeout_ms() const noexcept { return options_.timeout_ms; }

    std::string url(std::initializer_list<std::string_view> segments, const Query& query = {}) const {
        return build_url(options_.base_url, segments, query);
    }

    // Sends a request with the credential and Accept headers added. Returns
    // any status; throws only for transport failures.
    HttpResponse send(std::string method, std::string url, std::string body = {}, std::string content_type = {},
                      Headers extra = {}) const {
        host_.check_cancelled();
        HttpRequest req;
        req.method = std::move(method);
        req.url = std::move(url);
        req.headers = options_.auth_headers;
        req.headers.emplace_back("Accept", "application/json");
        if (!content_type.empty()) req.headers.emplace_back("Content-Type", std::move(content_type));
        for (auto& h : extra) req.headers.push_back(std::move(h));
        req.body = std::move(body);
        req.timeout_ms = options_.timeout_ms;
        return host_.send(req);
    }

    // The typed error for a failed response: status from the HTTP status,
    // message and code from the provider, and when to retry: Retry-After,
    // or for a 429 without it the rate limit's reset headers
    // (HttpResponse::rate_limit_reset_ms).
    Error error_for(const HttpResponse& response, std::string_view what) const {
        ProviderFailure f = options_.read_failure(response);
        std::string message = options_.provider + ": " + std::string(what) + " failed with HTTP " +
                              std::to_string(response.status) + ": " + f.message;
        std::uint32_t retry_after = response.retry_after_ms();
        if (retry_after == 0 && response.status == 429) retry_after = response.rate_limit_reset_ms();
        return Error(status_from_http(response.status), std::move(message), response.status, std::move(f.code),
                     retry_after);
    }

    // send() and throw error_for() on a status >= 400.
    HttpResponse checked(std::string_view what, std::string method, std::string url, std::string body = {},
                         std::string content_type = {}) const {
        HttpResponse r = send(std::move(method), std::move(url), std::move(body), std::move(content_type));
        if (r.status >= 400) throw error_for(r, what);
        return r;
    }

    // GET a JSON document.
    boost::json::value get_json(std::string_view what, std::string url) const {
        return checked(what, "GET", std::move(url)).json(options_.provider + ": " + std::string(what));
    }

    // Send a JSON body, read a JSON document.
    boost::json::value send_json(std::string_view what, std::string method, std::string url,
                                 const boost::json::value& body) const {
        return checked(what, std::move(method), std::move(url), boost::json::serialize(body), "application/json")
            .json(options_.provider + ": " + std::string(what));
    }

    // Send a multipart body, read a JSON document.
    boost::json::value send_multipart(std::string_view what, std::string method, std::string url,
                                      Multipart form) const {
        std::string type = form.content_type();
        return checked(what, std::move(method), std::move(url), form.finish(), std::move(type))
            .json(options_.provider + ": " + std::string(what));
    }

private:
    Host host_;
    ApiClientOptions options_;
};

}  // namespace photobridge::sdk
