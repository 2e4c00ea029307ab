// When to retry a refused request, from its response headers: the one place
// the SDK reads Retry-After and the rate-limit reset headers.
#pragma once

#include <photobridge/sdk/host.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace photobridge::sdk {

// The longest wait a header can ask for; a longer one is cut to it.
inline constexpr std::uint64_t kMaxRetryWaitSeconds = 86400;
// A reset number at or above this is a Unix time in seconds, below it a delta
// in seconds (1000000000 is 2001-09-09: no rate limit waits that long).
inline constexpr std::uint64_t kEpochResetFloor = 1000000000;

namespace detail {

inline std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Digits only (after trimming blanks), as a number; nullopt for anything else
// or for more than 12 digits (far beyond any wait or Unix time we read).
inline std::optional<std::uint64_t> decimal_seconds(std::string_view text) {
    text = trim_ows(text);
    if (text.empty() || text.size() > 12) return std::nullopt;
    std::uint64_t n = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return n;
}

inline std::optional<unsigned> fixed_digits(std::string_view text) {
    if (text.empty()) return std::nullopt;
    unsigned n = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + static_cast<unsigned>(c - '0');
    }
    return n;
}

inline std::uint32_t wait_ms(std::uint64_t seconds) {
    return static_cast<std::uint32_t>((seconds < kMaxRetryWaitSeconds ? seconds : kMaxRetryWaitSeconds) * 1000u);
}

// The wait until Unix time `at_s`; a time that has passed (the two clocks
// disagree a little) is one second, so the caller still waits briefly.
inline std::uint32_t wait_until_ms(std::int64_t at_s, std::chrono::system_clock::time_point now) {
    const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    if (at_s <= now_s) return 1000;
    return wait_ms(static_cast<std::uint64_t>(at_s - now_s));
}

// A reset header: delta seconds, or a Unix time when the number is that large.
inline std::uint32_t reset_ms(std::string_view value, std::chrono::system_clock::time_point now) {
    const auto n = decimal_seconds(value);
    if (!n) return 0;
    if (*n >= kEpochResetFloor) return wait_until_ms(static_cast<std::int64_t>(*n), now);
    return wait_ms(*n);
}

}  // namespace detail

// An HTTP-date in its preferred form (RFC 9110 IMF-fixdate, "Sun, 06 Nov 1994
// 08:49:37 GMT") as Unix seconds; nullopt for anything else (the obsolete
// RFC 850 and asctime forms included).
inline std::optional<std::int64_t> parse_http_date(std::string_view text) {
    text = detail::trim_ows(text);
    // "Www, DD Mmm YYYY HH:MM:SS GMT" is exactly 29 characters.
    if (text.size() != 29 || text[3] != ',' || text[4] != ' ' || text[7] != ' ' || text[11] != ' ' ||
        text[16] != ' ' || text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT")
        return std::nullopt;
    static constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    unsigned month = 0;
    for (unsigned i = 0; i < kMonths.size(); ++i)
        if (text.substr(8, 3) == kMonths[i]) month = i + 1;
    const auto day = detail::fixed_digits(text.substr(5, 2));
    const auto year = detail::fixed_digits(text.substr(12, 4));
    const auto hour = detail::fixed_digits(text.substr(17, 2));
    const auto minute = detail::fixed_digits(text.substr(20, 2));
    const auto second = detail::fixed_digits(text.substr(23, 2));
    if (month == 0 || !day || !year || !hour || !minute || !second || *hour > 23 || *minute > 59 || *second > 60)
        return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(static_cast<int>(*year)), std::chrono::month(month),
                                           std::chrono::day(*day)};
    if (!date.ok()) return std::nullopt;
    const auto days = std::chrono::sys_days(date).time_since_epoch().count();
    return static_cast<std::int64_t>(days) * 86400 + *hour * 3600 + *minute * 60 + *second;
}

// How long to wait before retrying, in milliseconds; 0 when the headers do
// not say. Reads, first to last, the first that is there and readable:
//   Retry-After        delta seconds or an HTTP-date (any refused response);
//   RateLimit-Reset    } only when `rate_limited` (the response was classified
//   X-RateLimit-Reset  } as a rate limit): delta seconds, or Unix seconds when
//                        the number is at least kEpochResetFloor.
// A time that has already passed gives 1000 (a short wait); every wait is cut
// to kMaxRetryWaitSeconds. `now` is the caller's clock, so tests can pin it.
inline std::uint32_t retry_time_ms(const Headers& headers, std::chrono::system_clock::time_point now,
                                   bool rate_limited) {
    if (const auto v = find_header(headers, "Retry-After")) {
        if (const auto seconds = detail::decimal_seconds(*v)) return detail::wait_ms(*seconds);
        if (const auto at = parse_http_date(*v)) return detail::wait_until_ms(*at, now);
    }
    if (!rate_limited) return 0;
    for (const char* name : {"RateLimit-Reset", "X-RateLimit-Reset"})
        if (const auto v = find_header(headers, name))
            if (const auto ms = detail::reset_ms(*v, now); ms > 0) return ms;
    return 0;
}

// The wait a provider's own rate-limit reset header asks for (e.g.
// "X-Lumen-Reset"), read as RateLimit-Reset is: delta seconds, or Unix
// seconds when at least kEpochResetFloor; 0 when it is absent or unreadable.
inline std::uint32_t reset_header_ms(const Headers& headers, std::string_view name,
                                     std::chrono::system_clock::time_point now) {
    const auto v = find_header(headers, name);
    return v ? detail::reset_ms(*v, now) : 0;
}

}  // namespace photobridge::sdk
