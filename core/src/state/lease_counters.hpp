// What this process's workflow locks did, for /metrics
// (photobridge_leases_held, _rescued_total, _lost_total): counted by the
// lock implementations of every backend, read by serve's metrics.
//
// Thread contract: any thread (atomics); process-wide.
#pragma once

#include <atomic>
#include <cstdint>

namespace photobridge::state {

struct LeaseCounters {
    std::atomic<std::int64_t> held{0};     // workflow locks held now
    std::atomic<std::int64_t> rescued{0};  // taken over from a holder that died or stopped renewing
    std::atomic<std::int64_t> lost{0};     // taken away from this process (another host took it over)
};

LeaseCounters& lease_counters() noexcept;

}  // namespace photobridge::state
