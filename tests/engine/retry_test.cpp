#include "engine/retry.hpp"

#include <doctest/doctest.h>

#include <thread>

using namespace photobridge;
using engine::Backoff;
using model::RetryPolicy;
using namespace std::chrono_literals;

TEST_CASE("retry: transient and ambiguous statuses") {
    CHECK(engine::is_transient(PB_ERR_RATE_LIMITED));
    CHECK(engine::is_transient(PB_ERR_UNAVAILABLE));
    CHECK(engine::is_transient(PB_ERR_TIMEOUT));
    CHECK(engine::is_transient(PB_ERR_NETWORK));
    CHECK_FALSE(engine::is_transient(PB_ERR_NOT_FOUND));
    CHECK_FALSE(engine::is_transient(PB_ERR_CONFLICT));
    CHECK_FALSE(engine::is_transient(PB_ERR_CANCELLED));
    CHECK_FALSE(engine::may_have_taken_effect(PB_ERR_RATE_LIMITED));  // refused unread
    CHECK(engine::may_have_taken_effect(PB_ERR_NETWORK));
    CHECK(engine::may_have_taken_effect(PB_ERR_TIMEOUT));
}

TEST_CASE("retry: the jitter ceiling doubles from backoff_ms up to max_backoff_ms") {
    Backoff b(RetryPolicy{10, 200, 10000}, 1);
    CHECK(b.ceiling(1) == 200ms);
    CHECK(b.ceiling(2) == 400ms);
    CHECK(b.ceiling(3) == 800ms);
    CHECK(b.ceiling(6) == 6400ms);
    CHECK(b.ceiling(7) == 10000ms);
    CHECK(b.ceiling(60) == 10000ms);  // no overflow far out
}

TEST_CASE("retry: full jitter stays in [0, ceiling] and actually spreads") {
    Backoff b(RetryPolicy{10, 100, 1000}, 42);
    for (int retry = 1; retry <= 6; ++retry) {
        std::int64_t lo = 1 << 30, hi = -1, sum = 0;
        constexpr int kSamples = 2000;
        for (int i = 0; i < kSamples; ++i) {
            const auto d = b.delay(retry).count();
            lo = std::min(lo, d);
            hi = std::max(hi, d);
            sum += d;
        }
        const auto top = b.ceiling(retry).count();
        CHECK(lo >= 0);
        CHECK(hi <= top);
        // Uniform on [0, top]: the mean is near top/2, the extremes are reached.
        CHECK(static_cast<double>(sum) / kSamples == doctest::Approx(top / 2.0).epsilon(0.1));
        CHECK(lo < top / 10);
        CHECK(hi > top * 9 / 10);
    }
}

TEST_CASE("retry: Retry-After is a floor") {
    Backoff b(RetryPolicy{5, 100, 200}, 3);
    for (int i = 0; i < 200; ++i) CHECK(b.delay(1, 1500) >= 1500ms);
    for (int i = 0; i < 200; ++i) CHECK(b.delay(3, 1500) <= 1500ms);  // ceiling 200 < 1500: exactly the floor
}

TEST_CASE("retry: call_with_retries retries transient errors up to `attempts` tries in total") {
    Backoff b(RetryPolicy{4, 1, 2}, 5);
    int calls = 0, observed = 0, tries = 0;
    CHECK_THROWS_AS(engine::call_with_retries(
                        b, nullptr, [&](const host::InvokeError&, int, std::chrono::milliseconds) { ++observed; },
                        [&]() -> int {
                            ++calls;
                            throw host::InvokeError(PB_ERR_UNAVAILABLE, "503", 503);
                        },
                        &tries),
                    host::InvokeError);
    CHECK(calls == 4);
    CHECK(observed == 3);
    CHECK(tries == 4);

    calls = 0;
    const int value = engine::call_with_retries(b, nullptr, {}, [&]() -> int {
        if (++calls < 3) throw host::InvokeError(PB_ERR_NETWORK, "reset");
        return 42;
    });
    CHECK(value == 42);
    CHECK(calls == 3);
}

TEST_CASE("retry: a permanent error is not retried, a Retry-After beyond max_wait is final") {
    Backoff b(RetryPolicy{5, 1, 2, 60000}, 5);
    int calls = 0;
    CHECK_THROWS_AS(engine::call_with_retries(b, nullptr, {}, [&]() -> int {
                        ++calls;
                        throw host::InvokeError(PB_ERR_CONFLICT, "422", 422);
                    }),
                    host::InvokeError);
    CHECK(calls == 1);
    calls = 0;
    CHECK_THROWS_AS(engine::call_with_retries(b, nullptr, {}, [&]() -> int {
                        ++calls;
                        throw host::InvokeError(PB_ERR_RATE_LIMITED, "429", 429, "", 60001);
                    }),
                    host::InvokeError);
    CHECK(calls == 1);
}

TEST_CASE("retry: honours Retry-After, and a stop during the wait ends it as CANCELLED") {
    Backoff b(RetryPolicy{3, 1, 2}, 5);
    int calls = 0;
    const auto start = std::chrono::steady_clock::now();
    engine::call_with_retries(b, nullptr, {}, [&]() -> int {
        if (++calls == 1) throw host::InvokeError(PB_ERR_RATE_LIMITED, "429", 429, "", 300);
        return 1;
    });
    CHECK(std::chrono::steady_clock::now() - start >= 300ms);

    host::CancellationToken stop;
    std::thread canceller([&] {
        std::this_thread::sleep_for(100ms);
        stop.cancel();
    });
    const auto t0 = std::chrono::steady_clock::now();
    try {
        engine::call_with_retries(b, &stop, {}, [&]() -> int { throw host::InvokeError(PB_ERR_RATE_LIMITED, "429", 429, "", 5000); });
        FAIL("expected an exception");
    } catch (const host::InvokeError& e) {
        CHECK(e.code() == PB_ERR_CANCELLED);
    }
    CHECK(std::chrono::steady_clock::now() - t0 < 2s);
    canceller.join();
}

TEST_CASE("retry: rate limits with a reset time are waited for without spending attempts") {
    Backoff b(RetryPolicy{2, 1, 2}, 5);  // two attempts
    int calls = 0;
    const int v = engine::call_with_retries(b, nullptr, {}, [&]() -> int {
        if (++calls <= 5) throw host::InvokeError(PB_ERR_RATE_LIMITED, "429", 429, "", 1);  // reset in 1 ms
        return 7;
    });
    CHECK(v == 7);
    CHECK(calls == 6);  // five rate-limited answers cost none of the two attempts
    calls = 0;
    CHECK_THROWS_AS(engine::call_with_retries(b, nullptr, {}, [&]() -> int {
                        ++calls;
                        throw host::InvokeError(PB_ERR_RATE_LIMITED, "429 without a reset time", 429);
                    }),
                    host::InvokeError);
    CHECK(calls == 2);  // without a reset time a 429 is an ordinary transient failure
}
