// A hook that decides what a provider's response means before the SDK's
// default (status >= 400 fails with status_from_http): for APIs that say
// "rate limited" with a 403, or "failed" with a 200.
#pragma once

#include <photobridge/plugin.h>
#include <photobridge/sdk/host.hpp>
#include <photobridge/sdk/retry_time.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

namespace photobridge::sdk {

// What a classifier made of a response.
struct ResponseVerdict {
    pb_status status = PB_OK;         // PB_OK: a success, whatever the HTTP status
    std::uint32_t retry_after_ms = 0;  // 0: the SDK reads retry_time_ms() from the headers
};

// Sees the whole response (status, headers, body); nullopt leaves it to the
// default. Called on the invoking thread, possibly from several threads at
// once: it must not keep mutable state. Must not throw.
using ResponseClassifier = std::function<std::optional<ResponseVerdict>(const HttpResponse&)>;

namespace detail {

inline bool header_is_zero(const HttpResponse& response, std::string_view name) {
    const auto v = response.header(name);
    if (!v) return false;
    const auto n = decimal_seconds(*v);
    return n && *n == 0;
}

}  // namespace detail

// A refused response (status >= 400) that says its rate limit is used up
// (X-RateLimit-Remaining: 0 or RateLimit-Remaining: 0) is PB_ERR_RATE_LIMITED,
// whatever its status (GitHub-style APIs answer 403), with the wait from the
// reset headers (retry_time_ms with rate_limited = true). Anything else is
// left to the default.
inline ResponseClassifier rate_limited_when_exhausted() {
    return [](const HttpResponse& response) -> std::optional<ResponseVerdict> {
        if (response.status < 400) return std::nullopt;
        if (!detail::header_is_zero(response, "X-RateLimit-Remaining") &&
            !detail::header_is_zero(response, "RateLimit-Remaining"))
            return std::nullopt;
        return ResponseVerdict{PB_ERR_RATE_LIMITED,
                               retry_time_ms(response.headers, std::chrono::system_clock::now(), true)};
    };
}

}  // namespace photobridge::sdk
