// A blocking FIFO with a fixed capacity: the back-pressure between the
// engine's stages (source -> steps -> sinks). A full queue blocks the
// producer, so records in flight, and with them memory, are bounded by the
// capacities whatever the size of the stream.
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <vector>

namespace photobridge::engine {

// Thread contract: every member is [any-thread]; any number of producers and
// consumers. close() wakes everyone: producers then fail, consumers drain
// what is left and then get nullopt.
template <typename T>
class BoundedQueue {
public:
    explicit BoundedQueue(std::size_t capacity) : capacity_(capacity) {
        if (capacity == 0) throw std::invalid_argument("BoundedQueue: capacity must be at least 1");
    }
    BoundedQueue(const BoundedQueue&) = delete;
    BoundedQueue& operator=(const BoundedQueue&) = delete;

    // Blocks while the queue is full. Returns false (and drops nothing the
    // caller still owns: `item` is left moved-from only on success) when the
    // queue was closed before there was room.
    bool push(T&& item) {
        std::unique_lock lock(mutex_);
        not_full_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
        if (closed_) return false;
        items_.push_back(std::move(item));
        lock.unlock();
        not_empty_.notify_one();
        return true;
    }

    // Blocks while the queue is empty and open. nullopt: closed and drained.
    std::optional<T> pop() {
        std::unique_lock lock(mutex_);
        not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
        if (items_.empty()) return std::nullopt;
        T item = std::move(items_.front());
        items_.pop_front();
        lock.unlock();
        not_full_.notify_one();
        return item;
    }

    // Blocks while the queue is empty and open, then moves up to `max` items
    // (at least one) into `out` (cleared first). False: closed and drained.
    // `share` > 1 leaves work for other consumers: at most
    // ceil(size / share) items are taken.
    bool pop_batch(std::vector<T>& out, std::size_t max, std::size_t share = 1) {
        out.clear();
        std::unique_lock lock(mutex_);
        not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
        if (items_.empty()) return false;
        take_batch(lock, out, max, share);
        return true;
    }

    enum class Pop { items, timeout, closed };
    // pop_batch that waits at most `timeout` for an item: `items` (at least
    // one moved into `out`), `timeout` (none came), or `closed` (closed and
    // drained).
    template <typename Rep, typename Period>
    Pop pop_batch_for(std::vector<T>& out, std::size_t max, std::size_t share,
                      std::chrono::duration<Rep, Period> timeout) {
        out.clear();
        std::unique_lock lock(mutex_);
        if (!not_empty_.wait_for(lock, timeout, [&] { return closed_ || !items_.empty(); })) return Pop::timeout;
        if (items_.empty()) return Pop::closed;
        take_batch(lock, out, max, share);
        return Pop::items;
    }

    // No more pushes; consumers finish what is queued.
    void close() {
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
        }
        not_full_.notify_all();
        not_empty_.notify_all();
    }

    // Closes and throws away what is queued (abandoned work); returns how
    // many items were dropped.
    std::size_t close_and_clear() {
        std::deque<T> dropped;
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
            dropped.swap(items_);
        }
        not_full_.notify_all();
        not_empty_.notify_all();
        return dropped.size();
    }

    std::size_t size() const {
        std::lock_guard lock(mutex_);
        return items_.size();
    }
    std::size_t capacity() const noexcept { return capacity_; }
    bool closed() const {
        std::lock_guard lock(mutex_);
        return closed_;
    }

private:
    // Moves a batch (at least one item; at most `max`, and at most
    // ceil(size / share) when share > 1) into `out`, then unlocks and wakes
    // the producers. The queue is not empty and `lock` holds mutex_.
    void take_batch(std::unique_lock<std::mutex>& lock, std::vector<T>& out, std::size_t max, std::size_t share) {
        std::size_t n = share > 1 ? (items_.size() + share - 1) / share : items_.size();
        n = std::max<std::size_t>(1, std::min(n, max));
        for (std::size_t i = 0; i < n; ++i) {
            out.push_back(std::move(items_.front()));
            items_.pop_front();
        }
        lock.unlock();
        not_full_.notify_all();
    }

    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable not_full_;
    std::condition_variable not_empty_;
    std::deque<T> items_;
    bool closed_ = false;
};

}  // namespace photobridge::engine
