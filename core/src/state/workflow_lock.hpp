// One run of a workflow at a time on one state: the lock a run holds for
// its whole length. The SQLite store takes it as an OS-level lock on a file
// beside the database (workflow_lock_file.hpp), so a lock left by a killed
// process is gone with the process: no time guess, never two live holders.
// The PostgreSQL store takes a lease with a fencing token
// (postgres_workflow_lease.hpp), shared by every host on the database.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>

namespace photobridge::state {

// Held while it exists; the destructor gives the lock back. Not copyable;
// owned by the run that took it.
class WorkflowLock {
public:
    virtual ~WorkflowLock() = default;
    WorkflowLock() = default;
    WorkflowLock(const WorkflowLock&) = delete;
    WorkflowLock& operator=(const WorkflowLock&) = delete;
};

// Another live run holds the workflow's lock. what() names the workflow,
// the state and the holder (pid, when it started), and says what to do.
struct WorkflowBusy : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// WorkflowBusy's text for `workflow` on the store at `location` (a path or
// a redacted URI), naming `holder` when known ("" when not).
std::string workflow_busy_message(const std::string& workflow, const std::string& location, const std::string& holder);

// How to take the lock: refuse at once when it is held, or wait until it
// is free. `keep_waiting` is polled while waiting (about every 100 ms);
// returning false gives up (WorkflowBusy). Called on the caller's thread.
// `on_lost` is called, once, on a thread of the lock's own, when a lock
// that was held is taken away (a PostgreSQL lease taken over by another
// host after this one stopped renewing it): the holder must stop writing;
// its further ledger writes are refused anyway (fencing).
struct LockWait {
    bool wait = false;
    std::function<bool()> keep_waiting;  // null: wait for ever
    std::function<void()> on_lost;       // null: nothing to call
};

// A write refused because the workflow's lease moved to another holder
// (the fencing token of this holder's lease is no longer current).
struct LeaseLost : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace photobridge::state
