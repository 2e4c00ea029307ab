// The workflow lock as a file lock: flock(LOCK_EX) on
// "<database>.locks/<workflow>.lock". flock locks belong to the open file,
// so two runs in one process exclude each other too, and the kernel drops
// the lock when its holder dies (SIGKILL included). The file holds the
// holder's pid and start time, for the message a refused run prints.
#pragma once

#include "state/workflow_lock.hpp"

#include <filesystem>
#include <memory>
#include <string>

namespace photobridge::state {

// Takes the lock of `workflow` for the state database at `database`.
// Throws WorkflowBusy when another live run holds it (after waiting, with
// wait.wait), std::runtime_error naming the file when the lock file cannot
// be created.
std::unique_ptr<WorkflowLock> lock_workflow_file(const std::filesystem::path& database, const std::string& workflow,
                                                 const LockWait& wait);

// The lock file of `workflow` for `database` (the workflow name made
// file-safe, plus a short hash so that different names never share a file).
std::filesystem::path workflow_lock_path(const std::filesystem::path& database, const std::string& workflow);

}  // namespace photobridge::state
