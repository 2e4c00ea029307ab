#include "engine/rate_limiter.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

using photobridge::engine::TokenBucket;
using namespace std::chrono_literals;

TEST_CASE("rate limiter: the bucket starts with `burst` tokens, then refuses until refilled") {
    TokenBucket bucket(10.0, 3.0);
    CHECK(bucket.try_acquire());
    CHECK(bucket.try_acquire());
    CHECK(bucket.try_acquire());
    CHECK_FALSE(bucket.try_acquire());
    std::this_thread::sleep_for(120ms);  // 10/s: one token per 100 ms
    CHECK(bucket.try_acquire());
    CHECK_FALSE(bucket.try_acquire());
}

TEST_CASE("rate limiter: N acquires from several threads take at least (N - burst) / rate seconds") {
    TokenBucket bucket(50.0, 1.0);  // 20 ms apart
    constexpr int kThreads = 4, kEach = 10;
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    std::atomic<int> granted{0};
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < kEach; ++i)
                if (bucket.acquire()) ++granted;
        });
    for (auto& t : threads) t.join();
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(granted == kThreads * kEach);
    CHECK(elapsed >= 39 * 20ms - 5ms);  // 40 requests, the first free
    CHECK(elapsed < 3s);                // and not absurdly slower
}

TEST_CASE("rate limiter: a cancelled stop token releases waiters with false") {
    auto stop = std::make_shared<photobridge::host::CancellationToken>();
    TokenBucket bucket(0.5, 1.0, stop);  // one every 2 s
    CHECK(bucket.acquire());
    std::thread canceller([&] {
        std::this_thread::sleep_for(100ms);
        stop->cancel();
    });
    const auto t0 = std::chrono::steady_clock::now();
    CHECK_FALSE(bucket.acquire());
    CHECK(std::chrono::steady_clock::now() - t0 < 1s);
    canceller.join();
}

TEST_CASE("rate limiter: a cancelled waiter gives its reserved token back and delays no later caller") {
    auto stop = std::make_shared<photobridge::host::CancellationToken>();
    const auto t0 = std::chrono::steady_clock::now();
    TokenBucket bucket(2.0, 1.0, stop);  // one token every 500 ms
    CHECK(bucket.acquire());             // the full bucket's token
    std::thread canceller([&] {
        std::this_thread::sleep_for(50ms);
        stop->cancel();
    });
    CHECK_FALSE(bucket.acquire());  // had reserved the token due at t0 + 500 ms
    canceller.join();
    CHECK(std::chrono::steady_clock::now() - t0 < 450ms);
    // The next token is due at t0 + 500 ms; a reservation kept by the
    // cancelled waiter would push it to t0 + 1000 ms.
    std::this_thread::sleep_until(t0 + 650ms);
    CHECK(std::chrono::steady_clock::now() - t0 < 1000ms);
    CHECK(bucket.try_acquire());
}

TEST_CASE("rate limiter: a caller that finds the stop cancelled takes no token") {
    auto stop = std::make_shared<photobridge::host::CancellationToken>();
    TokenBucket bucket(0.5, 1.0, stop);  // one every 2 s: nothing refills during the test
    stop->cancel();
    CHECK_FALSE(bucket.acquire());
    CHECK(bucket.try_acquire());  // the bucket's one token is still there
}

TEST_CASE("rate limiter: a rate that is not positive is refused") {
    CHECK_THROWS_AS(TokenBucket(0.0), std::invalid_argument);
    CHECK_THROWS_AS(TokenBucket(-1.0), std::invalid_argument);
}
