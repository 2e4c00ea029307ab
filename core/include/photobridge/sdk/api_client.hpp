// A small REST client over the host's HTTP service, for one provider: base
// URL, the credential (sent only to base_url's origin, auth.hpp), default
// headers, timeout, JSON in and out, and typed errors from HTTP statuses or
// the plugin's response classifier. Immutable after construction, so one
// ApiClient can serve concurrent invokes. [any-thread]
#pragma once

#include <photobridge/sdk/auth.hpp>
#include <photobridge/sdk/error.hpp>
#include <photobridge/sdk/error_bodies.hpp>
#include <photobridge/sdk/host.hpp>
#include <photobridge/sdk/multipart.hpp>
#include <photobridge/sdk/origin.hpp>
#include <photobridge/sdk/response_classifier.hpp>
#include <photobridge/sdk/retry_time.hpp>
#include <photobridge/sdk/url.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace photobridge::sdk {

struct ApiClientOptions {
    std::string provider;        // plugin id, used in messages
    std::string base_url;        // e.g. "https://server.headshotpro.com/api/v2"
    Credentials credentials;     // sent only to base_url's origin; the host redacts them in logs
    Headers default_headers;     // non-credential headers sent on every request (e.g. Accept-Version: v1);
                                 // a per-call header of the same name replaces one
    std::uint32_t timeout_ms = 0;
    FailureReader read_failure = read_common_failure;
    ResponseClassifier classify;  // empty: status >= 400 fails with status_from_http

    // The options of a plugin's config (validated against its manifest,
    // defaults applied), checked once at create():
    //   base_url    an absolute http:// or https:// URL with a host;
    //   timeout_ms  absent (the host's default) or an integer in [1, 2^32);
    //   credential  auth.resolve(config) (auth.hpp): e.g. auth::bearer("api_key")
    //               needs config.api_key, a non-empty string; an
    //               auth::optional scheme sends nothing when its keys are absent.
    // Throws INVALID_ARGUMENT naming the config key ("<provider>:
    // config.base_url must be ..."); never quotes the credential.
    static ApiClientOptions from_config(const boost::json::object& config, std::string provider,
                                        const AuthScheme& auth,
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
        if (!origin_of(o.base_url))
            throw refuse("base_url", "must be an absolute http:// or https:// URL, such as https://api.example.com");
        if (const auto* t = config.if_contains("timeout_ms"); t != nullptr && !t->is_null()) {
            if (!t->is_int64() || t->get_int64() < 1 ||
                t->get_int64() > static_cast<std::int64_t>(std::numeric_limits<std::uint32_t>::max()))
                throw refuse("timeout_ms", "must be a positive integer of milliseconds");
            o.timeout_ms = static_cast<std::uint32_t>(t->get_int64());
        }
        o.credentials = auth.resolve(config, provider);
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
    const Credentials& credentials() const noexcept { return options_.credentials; }
    std::uint32_t timeout_ms() const noexcept { return options_.timeout_ms; }

    std::string url(std::initializer_list<std::string_view> segments, const Query& query = {}) const {
        return build_url(options_.base_url, segments, query);
    }

    // A request with the headers every call carries: `Accept` (default
    // application/json), the default headers, then `extra` (each replaces a
    // same-named earlier one), and the credential when `url` has base_url's
    // origin.
    HttpRequest request(std::string method, std::string url, Headers extra = {},
                        std::string_view accept = "application/json") const {
        HttpRequest req;
        req.method = std::move(method);
        req.url = std::move(url);
        req.headers.emplace_back("Accept", std::string(accept));
        for (const auto& [name, value] : options_.default_headers) set_header(req.headers, name, value);
        for (auto& [name, value] : extra) set_header(req.headers, name, std::move(value));
        options_.credentials.apply(req, options_.base_url);
        req.timeout_ms = options_.timeout_ms;
        return req;
    }

    // Sends a request built by request() (Content-Type from `content_type`
    // when not empty). Returns any status; throws only for transport failures.
    HttpResponse send(std::string method, std::string url, std::string body = {}, std::string content_type = {},
                      Headers extra = {}) const {
        host_.check_cancelled();
        if (!content_type.empty()) extra.insert(extra.begin(), {"Content-Type", std::move(content_type)});
        HttpRequest req = request(std::move(method), std::move(url), std::move(extra));
        req.body = std::move(body);
        return host_.send(req);
    }

    // What the response means: the classifier's verdict when it gives one,
    // else PB_OK below 400 and status_from_http above.
    ResponseVerdict verdict(const HttpResponse& response) const {
        if (options_.classify)
            if (auto v = options_.classify(response)) return *v;
        return ResponseVerdict{status_from_http(response.status), 0};
    }

    // The typed error for a failed response: status from verdict(), message
    // and code from the provider (any credential value in them replaced by
    // "[redacted]"), and when to retry: the verdict's time, else
    // retry_time_ms() (reset headers only for a rate limit).
    Error error_for(const HttpResponse& response, std::string_view what) const {
        ResponseVerdict v = verdict(response);
        if (v.status == PB_OK) v.status = status_from_http(response.status);
        if (v.status == PB_OK) v.status = PB_ERR_PROTOCOL;  // a 2xx/3xx the plugin calls a failure
        ProviderFailure f = options_.read_failure(response);
        std::string message = options_.provider + ": " + std::string(what) + " failed with HTTP " +
                              std::to_string(response.status) + ": " + f.message;
        const std::uint32_t retry_after =
            v.retry_after_ms != 0 ? v.retry_after_ms
                                  : retry_time_ms(response.headers, std::chrono::system_clock::now(),
                                                  v.status == PB_ERR_RATE_LIMITED);
        return Error(v.status, redacted(std::move(message)), response.status, redacted(std::move(f.code)),
                     retry_after);
    }

    // send() and throw error_for() when verdict() is a failure.
    HttpResponse checked(std::string_view what, std::string method, std::string url, std::string body = {},
                         std::string content_type = {}, Headers extra = {}) const {
        HttpResponse r = send(std::move(method), std::move(url), std::move(body), std::move(content_type),
                              std::move(extra));
        if (verdict(r).status != PB_OK) throw error_for(r, what);
        return r;
    }

    // GET a JSON document.
    boost::json::value get_json(std::string_view what, std::string url, Headers extra = {}) const {
        return checked(what, "GET", std::move(url), {}, {}, std::move(extra))
            .json(options_.provider + ": " + std::string(what));
    }

    // Send a JSON body, read a JSON document.
    boost::json::value send_json(std::string_view what, std::string method, std::string url,
                                 const boost::json::value& body, Headers extra = {}) const {
        return checked(what, std::move(method), std::move(url), boost::json::serialize(body), "application/json",
                       std::move(extra))
            .json(options_.provider + ": " + std::string(what));
    }

    // Send a multipart body, read a JSON document.
    boost::json::value send_multipart(std::string_view what, std::string method, std::string url,
                                      Multipart form, Headers extra = {}) const {
        return checked_multipart(what, std::move(method), std::move(url), std::move(form), std::move(extra))
            .json(options_.provider + ": " + std::string(what));
    }

    // checked() for a multipart form. With large borrowed contents
    // (file_view of 64 KB or more) it goes in pieces
    // (Multipart::finish_pieces): the contents leave from their own
    // buffers. A smaller form goes as one buffer: copying a small photo
    // costs less than sending pieces (bench/RESULTS.md, "Sync speed", third
    // step).
    static constexpr std::size_t kPiecesFrom = 64 * 1024;
    HttpResponse checked_multipart(std::string_view what, std::string method, std::string url, Multipart form,
                                   Headers extra = {}) const {
        host_.check_cancelled();
        extra.insert(extra.begin(), {"Content-Type", form.content_type()});
        HttpRequest req = request(std::move(method), std::move(url), std::move(extra));
        if (form.borrowed_bytes() >= kPiecesFrom) req.body_pieces = form.finish_pieces();
        else req.body = form.finish();
        HttpResponse r = host_.send(req);
        if (verdict(r).status != PB_OK) throw error_for(r, what);
        return r;
    }

private:
    std::string redacted(std::string text) const {
        for (const std::string& secret : options_.credentials.secrets) {
            if (secret.empty()) continue;
            for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 10))
                text.replace(at, secret.size(), "[redacted]");
        }
        return text;
    }

    Host host_;
    ApiClientOptions options_;
};

}  // namespace photobridge::sdk
