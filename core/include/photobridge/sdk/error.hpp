// Typed errors for plugins, and the one place that fills a pb_error.
#pragma once

#include <photobridge/plugin.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

namespace photobridge::sdk {

// What a plugin throws to report a failure. The SDK's trampolines turn it into
// the pb_error the host receives; anything else thrown becomes
// PB_ERR_INTERNAL with the exception's message.
class Error : public std::runtime_error {
public:
    Error(pb_status status, std::string message, int http_status = 0,
          std::string provider_code = {}, std::uint32_t retry_after_ms = 0)
        : std::runtime_error(std::move(message)),
          status_(status),
          http_status_(http_status),
          provider_code_(std::move(provider_code)),
          retry_after_ms_(retry_after_ms) {}

    pb_status status() const noexcept { return status_; }
    int http_status() const noexcept { return http_status_; }
    const std::string& provider_code() const noexcept { return provider_code_; }
    std::uint32_t retry_after_ms() const noexcept { return retry_after_ms_; }

private:
    pb_status status_;
    int http_status_;
    std::string provider_code_;
    std::uint32_t retry_after_ms_;
};

// Shorthands for the errors every plugin raises.
inline Error invalid_argument(std::string message) {
    return Error(PB_ERR_INVALID_ARGUMENT, std::move(message));
}
inline Error protocol_error(std::string message) { return Error(PB_ERR_PROTOCOL, std::move(message)); }

// Copies `text` into a fixed buffer of `capacity` bytes, always
// NUL-terminated, never writing past the end. Returns true when it was cut.
inline bool copy_truncated(char* buffer, std::size_t capacity, std::string_view text) noexcept {
    if (capacity == 0) return !text.empty();
    const std::size_t n = text.size() < capacity - 1 ? text.size() : capacity - 1;
    if (n > 0) std::memcpy(buffer, text.data(), n);  // an empty view may carry a null data()
    buffer[n] = '\0';
    return n < text.size();
}

// Fills a caller-owned pb_error. Safe with error == NULL. Respects the
// caller's struct_size: fields beyond it are not touched.
inline void fill_error(pb_error* error, pb_status status, std::string_view message,
                       int http_status = 0, std::string_view provider_code = {},
                       std::uint32_t retry_after_ms = 0) noexcept {
    if (error == nullptr || error->struct_size < sizeof(pb_error)) return;
    error->code = status;
    error->http_status = http_status;
    error->retry_after_ms = retry_after_ms;
    bool cut = copy_truncated(error->message, sizeof error->message, message);
    cut = copy_truncated(error->provider_code, sizeof error->provider_code, provider_code) || cut;
    error->truncated = cut ? 1u : 0u;
}

inline void fill_error(pb_error* error, const Error& e) noexcept {
    fill_error(error, e.status(), e.what(), e.http_status(), e.provider_code(), e.retry_after_ms());
}

// A zero-filled pb_error ready to pass to a callee.
inline pb_error make_error_struct() noexcept {
    pb_error e;
    std::memset(&e, 0, sizeof e);
    e.struct_size = sizeof e;
    return e;
}

// The canonical name of a status, as shown to users ("NOT_FOUND").
inline const char* status_name(std::int32_t status) noexcept {
    switch (status) {
        case PB_OK: return "OK";
        case PB_ERR_INVALID_ARGUMENT: return "INVALID_ARGUMENT";
        case PB_ERR_UNSUPPORTED: return "UNSUPPORTED";
        case PB_ERR_UNAUTHORIZED: return "UNAUTHORIZED";
        case PB_ERR_FORBIDDEN: return "FORBIDDEN";
        case PB_ERR_NOT_FOUND: return "NOT_FOUND";
        case PB_ERR_CONFLICT: return "CONFLICT";
        case PB_ERR_TOO_LARGE: return "TOO_LARGE";
        case PB_ERR_RATE_LIMITED: return "RATE_LIMITED";
        case PB_ERR_UNAVAILABLE: return "UNAVAILABLE";
        case PB_ERR_TIMEOUT: return "TIMEOUT";
        case PB_ERR_NETWORK: return "NETWORK";
        case PB_ERR_CANCELLED: return "CANCELLED";
        case PB_ERR_PROTOCOL: return "PROTOCOL";
        case PB_ERR_INTERNAL: return "INTERNAL";
        default: return "UNKNOWN";
    }
}

// The status a provider's HTTP status maps to (2xx/3xx: PB_OK).
inline pb_status status_from_http(int http_status) noexcept {
    if (http_status < 400) return PB_OK;
    switch (http_status) {
        case 400: return PB_ERR_INVALID_ARGUMENT;
        case 401: return PB_ERR_UNAUTHORIZED;
        case 403: return PB_ERR_FORBIDDEN;
        case 404: return PB_ERR_NOT_FOUND;
        case 409:
        case 422: return PB_ERR_CONFLICT;
        case 413: return PB_ERR_TOO_LARGE;
        case 408: return PB_ERR_TIMEOUT;
        case 429: return PB_ERR_RATE_LIMITED;
        default: return http_status >= 500 ? PB_ERR_UNAVAILABLE : PB_ERR_INVALID_ARGUMENT;
    }
}

// Whether a caller may retry an operation that failed with this status.
inline bool is_retryable(std::int32_t status) noexcept {
    return status == PB_ERR_RATE_LIMITED || status == PB_ERR_UNAVAILABLE || status == PB_ERR_TIMEOUT ||
           status == PB_ERR_NETWORK;
}

}  // namespace photobridge::sdk
