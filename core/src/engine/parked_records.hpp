// Records that wait without a worker: parked until their waiting step's
// next check (a timer queue), or queued for a job slot of a connection
// (job_slots.hpp). The step workers take what is due before they take a
// fresh record; while any record waits for a slot they take no fresh ones,
// so waiting records are bounded by the workers and parked ones by
// max_pending.
#pragma once

#include "engine/record_run.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace photobridge::engine {

// Thread contract: every member is [any-thread]. Owns the runs it holds.
class ParkedRecords {
public:
    using Clock = std::chrono::steady_clock;
    using RunPtr = std::unique_ptr<RecordRun>;

    // Holds `run` until `due`.
    void park(RunPtr run, Clock::time_point due);
    // Holds `run` behind the others waiting for a slot of `connection`.
    void wait_for_slot(RunPtr run, const std::string& connection);
    // A slot of `connection` was freed: its longest-waiting record is due now.
    void slot_released(const std::string& connection);

    // The run due earliest, when it is due; else null.
    RunPtr take_due();
    // Everything held (a stopping run abandons it).
    std::vector<RunPtr> take_all();

    // False while a record waits for a slot: workers then take no fresh record.
    bool admits_new() const;
    bool empty() const;
    std::size_t parked() const;
    // How long until the earliest parked run is due (0 when one is due,
    // `cap` when none is parked), at most `cap`.
    Clock::duration until_next_due(Clock::duration cap) const;
    // Blocks until a run is due or held runs change, at most `at_most`.
    void wait(Clock::duration at_most);

private:
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::multimap<Clock::time_point, RunPtr> parked_;
    std::map<std::string, std::deque<RunPtr>, std::less<>> waiting_;
    std::size_t waiting_count_ = 0;
};

}  // namespace photobridge::engine
