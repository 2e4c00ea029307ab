// [policy] max_pending: how many jobs (records between their first creating
// or waiting step on a connection and the end of their steps) may be in
// flight per connection. A parked record keeps its slot but frees its
// worker, so max_pending bounds work at the provider, and memory, apart
// from concurrency.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace photobridge::engine {

// Thread contract: every member is [any-thread].
class JobSlots {
public:
    explicit JobSlots(int per_connection) : limit_(per_connection < 1 ? 1 : per_connection) {}

    // Takes a slot of `connection`; false when all are taken.
    bool try_acquire(const std::string& connection);
    void release(const std::string& connection);
    // Slots of `connection` taken now.
    int in_use(const std::string& connection) const;
    int limit() const noexcept { return limit_; }

private:
    const int limit_;
    mutable std::mutex mutex_;
    std::map<std::string, int, std::less<>> used_;
};

}  // namespace photobridge::engine
