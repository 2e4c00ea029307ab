// The workflow lock of the PostgreSQL store: a lease, shared by every host
// using the database.
//
//  - The lease is the workflow's row of workflow_leases, claimed with
//    SELECT ... FOR UPDATE SKIP LOCKED and held by `holder` until
//    expires_at, which a heartbeat thread renews every third of the lease
//    duration.
//  - The lease is held together with a session advisory lock
//    (pg_try_advisory_lock(hashtextextended(workflow, 0))) on the lease's
//    own connection. A host may take the lease when it gets that lock: the
//    previous holder released it, or its session ended (SIGKILL, crash, a
//    network loss once TCP keepalives give up), which the server notices at
//    once. A holder whose lease expired while its session lives on (frozen,
//    paused: it stopped renewing) has its session ended by the host that
//    takes over (pg_terminate_backend, allowed between sessions of one
//    role). Taking a lease that was never released counts as a rescue.
//  - Every take-over raises the row's fencing token. The store remembers
//    the token of each lease it holds (LeaseFences) and its ledger and
//    checkpoint writes commit only while the token is still the row's
//    (the row is read FOR SHARE in the same statement), so a holder that
//    lost its lease cannot write again: its writes throw LeaseLost, and its
//    heartbeat calls LockWait::on_lost.
//
// Thread contract: the lease object is owned by the run that took it; its
// heartbeat thread and destructor share its connection under a mutex.
#pragma once

#include "state/workflow_lock.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace photobridge::state::postgres {

// The fencing tokens of the leases a store holds, by workflow. Shared by
// the store and its leases (a lease may outlive neither, but owns a share).
class LeaseFences {
public:
    void set(const std::string& workflow, std::int64_t token);
    void clear(const std::string& workflow, std::int64_t token);
    std::optional<std::int64_t> token(const std::string& workflow) const;

private:
    mutable std::mutex mutex_;
    std::map<std::string, std::int64_t> tokens_;
};

// Takes the lease of `workflow` on the database at `uri` for `holder`.
// Throws WorkflowBusy when a live holder has it (after waiting, with
// wait.wait, polling about every 100 ms), PostgresError when the server
// cannot be reached.
std::unique_ptr<WorkflowLock> take_workflow_lease(const std::string& uri, const std::string& workflow,
                                                  const std::string& holder, std::chrono::milliseconds duration,
                                                  const LockWait& wait, std::shared_ptr<LeaseFences> fences);

}  // namespace photobridge::state::postgres
