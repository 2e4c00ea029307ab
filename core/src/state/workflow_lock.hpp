// One run of a workflow at a time on one state: the lock a run holds for
// its whole length. The SQLite store takes it as an OS-level lock on a file
// beside the database (workflow_lock_file.hpp), so a lock left by a killed
// process is gone with the process: no time guess, never two live holders.
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

// How to take the lock: refuse at once when it is held, or wait until it
// is free. `keep_waiting` is polled while waiting (about every 100 ms);
// returning false gives up (WorkflowBusy). Called on the caller's thread.
struct LockWait {
    bool wait = false;
    std::function<bool()> keep_waiting;  // null: wait for ever
};

}  // namespace photobridge::state
