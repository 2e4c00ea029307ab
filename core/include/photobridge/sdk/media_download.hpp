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

#include <algorithm>
#include <cstddef>
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
// `route` (Host::BodyRoute) may send the final response's body elsewhere
// than HttpResponse::body as it arrives.
inline HttpResponse fetch_media(const ApiClient& client, std::string url, std::string_view what,
                                const Host::BodyRoute& route = {}) {
    const std::string prefix = client.provider() + ": " + std::string(what) + ": ";
    for (int hop = 0;; ++hop) {
        if (!origin_of(url)) throw invalid_argument(prefix + "url must be an absolute http:// or https:// URL");
        client.host().check_cancelled();
        HttpResponse r = client.host().send(client.request("GET", url, {}, "*/*"), route);
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

namespace detail {

// The result JSON of download_media: {"content_type", "size", "variant"}.
// A missing or generic Content-Type (as many CDNs send) is replaced by the
// type the bytes themselves declare (`first_bytes`), when PNG or JPEG.
inline boost::json::object media_result_json(const HttpResponse& r, std::string_view first_bytes, std::size_t size,
                                             const boost::json::value& variant) {
    std::string content_type = r.header("Content-Type").value_or("");
    if (content_type.empty() || content_type.rfind("application/octet-stream", 0) == 0 ||
        content_type.rfind("binary/octet-stream", 0) == 0) {
        const std::string sniffed = sniff_image_type(first_bytes);
        content_type = sniffed.empty() ? "application/octet-stream" : sniffed;
    }
    boost::json::object out;
    out["content_type"] = content_type;
    out["size"] = static_cast<std::int64_t>(size);
    out["variant"] = variant;
    return out;
}

// A pb_sink that hands every byte on to `target` (an operation's output),
// counting them and keeping the first few for sniffing. Not thread-safe:
// one producer, as the ABI requires.
class PassThroughSink {
public:
    explicit PassThroughSink(pb_sink* target) noexcept : target_(target) {
        sink_.struct_size = sizeof sink_;
        sink_.ctx = this;
        sink_.write = [](pb_sink* sink, const void* data, std::size_t size) -> int {
            auto* self = static_cast<PassThroughSink*>(sink->ctx);
            const auto* bytes = static_cast<const char*>(data);
            if (self->head_.size() < kHead) self->head_.append(bytes, std::min(size, kHead - self->head_.size()));
            self->count_ += size;
            return write_to_sink(self->target_, data, size) ? 0 : 1;
        };
        sink_.reserve = [](pb_sink* sink, std::size_t total) noexcept {
            reserve_in_sink(static_cast<PassThroughSink*>(sink->ctx)->target_, total);
        };
    }
    PassThroughSink(const PassThroughSink&) = delete;
    PassThroughSink& operator=(const PassThroughSink&) = delete;

    pb_sink* get() noexcept { return &sink_; }
    bool used() const noexcept { return count_ > 0; }
    std::size_t count() const noexcept { return count_; }
    std::string_view head() const noexcept { return head_; }

private:
    static constexpr std::size_t kHead = 16;
    pb_sink sink_{};
    pb_sink* target_;
    std::size_t count_ = 0;
    std::string head_;
};

}  // namespace detail

// Fetches `url` as bytes (fetch_media). Returns json {"content_type"
// (sniffed from the bytes when the server sent none or a generic one),
// "size", "variant"} (variant echoed, null when not given) and the body as
// bytes. With `output` (an operation's output sink, Call::output) a 2xx
// body goes straight into it as it arrives instead, not through a buffer of
// the plugin's: one copy fewer, and one photo-sized buffer fewer per
// download; the Result then carries no bytes. A host before ABI 1.3
// delivers the status after the body, so its bodies come back as bytes.
inline Result download_media(const ApiClient& client, const std::string& url,
                             const boost::json::value& variant = nullptr, pb_sink* output = nullptr) {
    detail::PassThroughSink pass(output);
    Host::BodyRoute route;
    if (output != nullptr)
        route = [&pass](int status) -> pb_sink* { return status >= 200 && status < 300 ? pass.get() : nullptr; };
    HttpResponse r = fetch_media(client, url, "download_media", route);
    if (pass.used()) return Result{detail::media_result_json(r, pass.head(), pass.count(), variant), {}};
    boost::json::object out = detail::media_result_json(r, r.body, r.body.size(), variant);
    return Result{std::move(out), std::move(r.body)};
}

// The operation handler itself: input {"url", "variant"?}; the photo goes
// into call.output as it arrives (above).
inline Result download_media(const ApiClient& client, const Call& call) {
    const auto* given = call.input.if_contains("variant");
    return download_media(client, std::string(call.input.at("url").as_string()),
                          given != nullptr ? *given : boost::json::value(nullptr), call.output);
}

}  // namespace photobridge::sdk
