// The bytes of records between the step stage and the sinks: a downloaded
// photo waiting for its upload. Without a bound, fast downloads fill the
// sink queue and the sink workers' batches with photos (256 queued 2 MB
// photos are half a gigabyte); with one, memory follows the concurrency,
// not the source's size. A step worker takes a ticket for a sink task's
// bytes before it queues the task, waiting while the budget is spent; the
// ticket goes back when the last copy of the task is dropped (after its
// write). A task is always admitted when nothing is in flight, whatever its
// size, so one photo larger than the budget still goes through.
//
// Thread contract: any thread; acquire() blocks, release is lock-protected.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>

namespace photobridge::engine {

class ByteBudget {
public:
    // Bytes in flight allowed at once. Small records (JSON only) never
    // notice it.
    static constexpr std::size_t kDefaultLimit = std::size_t{16} << 20;

    explicit ByteBudget(std::size_t limit = kDefaultLimit) : limit_(limit) {}
    ByteBudget(const ByteBudget&) = delete;
    ByteBudget& operator=(const ByteBudget&) = delete;

    // Gives its bytes back when destroyed.
    class Ticket {
    public:
        Ticket(ByteBudget& budget, std::size_t bytes) : budget_(budget), bytes_(bytes) {}
        ~Ticket() { budget_.release(bytes_); }
        Ticket(const Ticket&) = delete;
        Ticket& operator=(const Ticket&) = delete;

    private:
        ByteBudget& budget_;
        std::size_t bytes_;
    };
    using TicketPtr = std::shared_ptr<const Ticket>;

    // Waits until `bytes` fit, or nothing is in flight. Null when
    // `stopping()` turns true first (checked every 50 ms). Zero bytes never
    // wait and give no ticket.
    template <typename Stopping>
    TicketPtr acquire(std::size_t bytes, Stopping stopping) {
        if (bytes == 0) return nullptr;
        std::unique_lock lock(mutex_);
        while (in_flight_ > 0 && in_flight_ + bytes > limit_) {
            if (stopping()) return nullptr;
            released_.wait_for(lock, std::chrono::milliseconds(50));
        }
        in_flight_ += bytes;
        return std::make_shared<const Ticket>(*this, bytes);
    }

    std::size_t in_flight() const {
        std::lock_guard lock(mutex_);
        return in_flight_;
    }

private:
    void release(std::size_t bytes) {
        {
            std::lock_guard lock(mutex_);
            in_flight_ -= bytes;
        }
        released_.notify_all();
    }

    const std::size_t limit_;
    mutable std::mutex mutex_;
    std::condition_variable released_;
    std::size_t in_flight_ = 0;
};

}  // namespace photobridge::engine
