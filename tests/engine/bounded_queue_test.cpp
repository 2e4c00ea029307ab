#include "engine/bounded_queue.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using photobridge::engine::BoundedQueue;
using namespace std::chrono_literals;

TEST_CASE("bounded queue: FIFO order and a full queue blocks the producer") {
    BoundedQueue<int> q(2);
    CHECK(q.push(1));
    CHECK(q.push(2));
    std::atomic<bool> third_pushed{false};
    std::thread producer([&] {
        CHECK(q.push(3));
        third_pushed = true;
    });
    std::this_thread::sleep_for(50ms);
    CHECK_FALSE(third_pushed.load());  // capacity 2: blocked
    CHECK(q.size() == 2);
    CHECK(q.pop() == 1);
    producer.join();
    CHECK(third_pushed.load());
    CHECK(q.pop() == 2);
    CHECK(q.pop() == 3);
}

TEST_CASE("bounded queue: close lets consumers drain, then ends them, pushes fail") {
    BoundedQueue<int> q(4);
    q.push(7);
    q.close();
    CHECK_FALSE(q.push(8));
    CHECK(q.pop() == 7);
    CHECK_FALSE(q.pop().has_value());
}

TEST_CASE("bounded queue: close wakes a blocked producer and a blocked consumer") {
    BoundedQueue<int> full(1);
    full.push(1);
    std::atomic<int> result{-1};
    std::thread producer([&] { result = full.push(2) ? 1 : 0; });
    BoundedQueue<int> empty(1);
    std::atomic<int> got{-1};
    std::thread consumer([&] { got = empty.pop().has_value() ? 1 : 0; });
    std::this_thread::sleep_for(30ms);
    full.close();
    empty.close();
    producer.join();
    consumer.join();
    CHECK(result == 0);
    CHECK(got == 0);
}

TEST_CASE("bounded queue: close_and_clear drops what is queued") {
    BoundedQueue<int> q(3);
    q.push(1);
    q.push(2);
    CHECK(q.close_and_clear() == 2);
    CHECK_FALSE(q.pop().has_value());
}

TEST_CASE("bounded queue: many producers and consumers move every item exactly once, never above capacity") {
    constexpr int kProducers = 4, kConsumers = 4, kEach = 5000;
    BoundedQueue<int> q(8);
    std::vector<std::atomic<int>> seen(kProducers * kEach);
    std::atomic<std::size_t> max_size{0};
    std::vector<std::thread> threads;
    for (int p = 0; p < kProducers; ++p)
        threads.emplace_back([&, p] {
            for (int i = 0; i < kEach; ++i) q.push(p * kEach + i);
        });
    std::vector<std::thread> consumers;
    for (int c = 0; c < kConsumers; ++c)
        consumers.emplace_back([&] {
            while (auto v = q.pop()) {
                seen[static_cast<std::size_t>(*v)]++;
                std::size_t s = q.size(), m = max_size.load();
                while (s > m && !max_size.compare_exchange_weak(m, s)) {
                }
            }
        });
    for (auto& t : threads) t.join();
    q.close();
    for (auto& t : consumers) t.join();
    int wrong = 0;
    for (auto& s : seen) wrong += s.load() != 1;
    CHECK(wrong == 0);
    CHECK(max_size.load() <= 8);
}

TEST_CASE("bounded queue: capacity 0 is refused") { CHECK_THROWS_AS(BoundedQueue<int>(0), std::invalid_argument); }

TEST_CASE("bounded queue: pop_batch takes what is there, up to max, leaving a fair share to others") {
    BoundedQueue<int> q(64);
    for (int i = 0; i < 40; ++i) q.push(int(i));
    std::vector<int> batch;
    CHECK(q.pop_batch(batch, 32));
    CHECK(batch.size() == 32);
    CHECK(batch.front() == 0);
    CHECK(q.pop_batch(batch, 32, 4));  // 8 left, 4 consumers: 2
    CHECK(batch == std::vector<int>{32, 33});
    CHECK(q.pop_batch(batch, 1));
    CHECK(batch == std::vector<int>{34});
    q.close();
    CHECK(q.pop_batch(batch, 100));
    CHECK(batch.size() == 5);
    CHECK_FALSE(q.pop_batch(batch, 100));
    CHECK(batch.empty());
}
