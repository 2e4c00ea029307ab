// retry_time_ms: Retry-After (seconds and HTTP-date) for any refusal, the
// rate-limit reset headers only for a rate limit.
#include <doctest/doctest.h>

#include <photobridge/sdk.hpp>

#include <chrono>

namespace sdk = photobridge::sdk;

namespace {

// 2015-10-21T07:28:00Z
const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1445412480));

std::uint32_t wait(sdk::Headers headers, bool rate_limited = true) {
    return sdk::retry_time_ms(headers, kNow, rate_limited);
}

}  // namespace

TEST_CASE("parse_http_date reads IMF-fixdate and refuses other text") {
    CHECK(sdk::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT") == 1445412480);
    CHECK(sdk::parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT") == 0);
    CHECK(sdk::parse_http_date("Sun, 29 Feb 2004 23:59:59 GMT") == 1078099199);
    for (const char* bad : {"", "Wed, 21 Oct 2015 07:28:00 UTC", "Wed, 31 Feb 2015 07:28:00 GMT",
                            "Wed, 21 Foo 2015 07:28:00 GMT", "Wed, 21 Oct 2015 25:28:00 GMT",
                            "Wednesday, 21-Oct-15 07:28:00 GMT", "Wed Oct 21 07:28:00 2015", "Wed, 2x Oct 2015 07:28:00 GMT"}) {
        CAPTURE(bad);
        CHECK_FALSE(sdk::parse_http_date(bad).has_value());
    }
}

TEST_CASE("Retry-After: delta seconds or an HTTP-date, for any refusal") {
    CHECK(wait({{"retry-after", "3"}}, false) == 3000);
    CHECK(wait({{"Retry-After", " 120 "}}, false) == 120000);
    CHECK(wait({{"Retry-After", "Wed, 21 Oct 2015 07:28:30 GMT"}}, false) == 30000);
    CHECK(wait({{"Retry-After", "Wed, 21 Oct 2015 07:00:00 GMT"}}) == 1000);  // passed: a short wait
    CHECK(wait({{"Retry-After", "0"}}) == 0);
    CHECK(wait({{"Retry-After", "soon"}}, false) == 0);
    CHECK(wait({{"Retry-After", "-5"}}, false) == 0);
    CHECK(wait({{"Retry-After", "999999999999"}}, false) == 86400000);  // cut to a day
    CHECK(wait({}, false) == 0);
}

TEST_CASE("reset headers count only for a rate limit, in delta or epoch form") {
    CHECK(wait({{"X-RateLimit-Reset", "30"}}, false) == 0);
    CHECK(wait({{"X-RateLimit-Reset", "30"}}) == 30000);
    CHECK(wait({{"RateLimit-Reset", "12"}}) == 12000);
    CHECK(wait({{"RateLimit-Reset", "1445412480"}, {"X-RateLimit-Reset", "1"}}) == 1000);  // epoch now: short wait
    CHECK(wait({{"X-RateLimit-Reset", "1445412540"}}) == 60000);  // epoch, a minute ahead
    CHECK(wait({{"X-RateLimit-Reset", "1445412000"}}) == 1000);   // epoch in the past
    CHECK(wait({{"X-RateLimit-Reset", "999999999"}}) == 86400000);  // just below the epoch floor: a (long) delta
    CHECK(wait({{"RateLimit-Reset", "x"}, {"X-RateLimit-Reset", "7"}}) == 7000);  // unreadable: the next one
    CHECK(wait({{"Retry-After", "2"}, {"X-RateLimit-Reset", "30"}}) == 2000);     // Retry-After first
    CHECK(wait({{"Retry-After", "later"}, {"X-RateLimit-Reset", "30"}}) == 30000);
}
