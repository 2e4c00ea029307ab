// The workflow lock on a PostgreSQL store: a session advisory lock
// (pg_try_advisory_lock) keyed by hashtextextended(workflow, 0), held on a
// connection of its own for as long as the returned object lives. The
// server drops the lock when that connection ends, so a holder killed with
// SIGKILL (or a host that vanished, once TCP keepalives give up) frees it:
// no time guess, never two live holders. The holder is named in the busy
// message by its application_name ("photobridge pid N") and backend start.
#pragma once

#include "state/workflow_lock.hpp"

#include <memory>
#include <string>

namespace photobridge::state::postgres {

// Takes the lock of `workflow` on the database at `uri`. Throws
// WorkflowBusy when another live session holds it (after waiting, with
// wait.wait, polling about every 100 ms), PostgresError when the server
// cannot be reached.
std::unique_ptr<WorkflowLock> lock_workflow_advisory(const std::string& uri, const std::string& workflow,
                                                     const LockWait& wait);

}  // namespace photobridge::state::postgres
