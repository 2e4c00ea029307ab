// Fixed-window request budgets counted per credential: the one rate-limit
// machinery of the mock, used by fault rules ({"rate_limit": ...}) and by a
// provider's documented rate limit (provider.json "rate_limit").
//
// Thread contract: every method may be called from any server thread; the
// windows are guarded by the object's own mutex. Times are steady_clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace photobridge::mock {

class CredentialWindows {
public:
    using Clock = std::chrono::steady_clock;

    struct Verdict {
        bool allowed = true;                   // within the budget of the current window
        std::chrono::milliseconds until_reset{0};  // time left in the credential's current window
    };

    // Counts one request of `credential` at `now`. A window starts with the
    // credential's first request and lasts `window`; the request that makes
    // the count exceed `budget` and every later one in that window are not
    // allowed.
    Verdict count(std::string_view credential, std::uint64_t budget, std::chrono::milliseconds window, Clock::time_point now);

    void clear();  // every credential starts afresh

private:
    struct Window {
        Clock::time_point start;
        std::uint64_t requests = 0;
    };
    std::mutex mutex_;
    std::map<std::string, Window, std::less<>> windows_;
};

// Whole seconds a client should wait for `left` (rounded up, at least 1).
int seconds_to_wait(std::chrono::milliseconds left);

}  // namespace photobridge::mock
