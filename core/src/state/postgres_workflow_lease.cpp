#include "state/postgres_workflow_lease.hpp"

#include "state/lease_counters.hpp"
#include "state/postgres_connection.hpp"
#include "state/postgres_state_store.hpp"

#include <condition_variable>
#include <thread>

namespace photobridge::state::postgres {
namespace {

// The session advisory lock of a workflow; the same expression everywhere.
constexpr const char* kAdvisoryKey = "hashtextextended($1, 0)";

void free_advisory(Connection& connection, const std::string& workflow);

class WorkflowLease final : public WorkflowLock {
public:
    WorkflowLease(std::unique_ptr<Connection> connection, std::string workflow, std::int64_t token,
                  std::chrono::milliseconds duration, std::function<void()> on_lost,
                  std::shared_ptr<LeaseFences> fences)
        : connection_(std::move(connection)),
          workflow_(std::move(workflow)),
          token_(token),
          duration_(duration),
          on_lost_(std::move(on_lost)),
          fences_(std::move(fences)) {
        fences_->set(workflow_, token_);
        ++lease_counters().held;
        heartbeat_ = std::thread([this] { renew_until_released(); });
    }

    ~WorkflowLease() override {
        {
            std::lock_guard lock(mutex_);
            released_ = true;
        }
        wakeup_.notify_all();
        heartbeat_.join();
        fences_->clear(workflow_, token_);
        --lease_counters().held;
        std::lock_guard lock(mutex_);
        if (lost_) return;
        try {
            // Released, then the advisory lock freed before the connection
            // closes, so the next run anywhere takes it at once.
            connection_->run("UPDATE workflow_leases SET holder = '', expires_at = now() "
                             "WHERE workflow = $1 AND token = $2",
                             {workflow_, std::to_string(token_)}, "release the workflow lease");
            free_advisory(*connection_, workflow_);
        } catch (const PostgresError&) {
            // The lease expires by itself; the session's end frees the lock.
        }
    }

private:
    void renew_until_released() {
        std::unique_lock lock(mutex_);
        while (!wakeup_.wait_for(lock, duration_ / 3, [this] { return released_; })) {
            bool renewed = false;
            try {
                renewed = connection_
                              ->run("UPDATE workflow_leases SET expires_at = now() + $3::bigint * interval '1 millisecond' "
                                    "WHERE workflow = $1 AND token = $2",
                                    {workflow_, std::to_string(token_), std::to_string(duration_.count())},
                                    "renew the workflow lease")
                              .affected() == 1;
                if (!renewed) lost_ = true;  // another holder took it over: the token moved
            } catch (const PostgresError&) {
                // Unreachable for now: the lease stands until it expires; try again.
                continue;
            }
            if (lost_) {
                // The fence keeps the stale token until the lease object
                // goes: this holder's writes are refused, not unfenced.
                ++lease_counters().lost;
                lock.unlock();
                if (on_lost_) on_lost_();
                return;
            }
        }
    }

    std::unique_ptr<Connection> connection_;
    const std::string workflow_;
    const std::int64_t token_;
    const std::chrono::milliseconds duration_;
    const std::function<void()> on_lost_;
    const std::shared_ptr<LeaseFences> fences_;
    std::mutex mutex_;  // guards connection_, released_, lost_
    std::condition_variable wakeup_;
    bool released_ = false;
    bool lost_ = false;
    std::thread heartbeat_;
};

std::string holder_description(Connection& connection, const std::string& workflow) {
    const Result r = connection.run("SELECT holder, " + postgres_iso_timestamp("acquired_at") + ", " +
                                        postgres_iso_timestamp("expires_at") +
                                        " FROM workflow_leases WHERE workflow = $1",
                                    {workflow}, "read the workflow lease");
    if (r.rows() == 0 || r.text(0, 0).empty()) return {};
    return r.text(0, 0) + ", since " + r.text(0, 1) + ", lease renewed until " + r.text(0, 2);
}

// The server process holding the workflow's advisory lock, 0 when none.
// A bigint advisory lock shows in pg_locks as classid (high 32 bits) and
// objid (low 32 bits) with objsubid 1.
std::int64_t advisory_holder_pid(Connection& connection, const std::string& workflow) {
    const Result r = connection.run(std::string("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
                                                "AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = ") +
                                        kAdvisoryKey,
                                    {workflow}, "find the workflow lease's session");
    return r.rows() ? r.integer(0, 0) : 0;
}

bool take_advisory(Connection& connection, const std::string& workflow) {
    return connection.run(std::string("SELECT pg_try_advisory_lock(") + kAdvisoryKey + ")", {workflow},
                          "take the workflow's advisory lock")
               .text(0, 0) == "t";
}

void free_advisory(Connection& connection, const std::string& workflow) {
    connection.run(std::string("SELECT pg_advisory_unlock(") + kAdvisoryKey + ")", {workflow},
                   "free the workflow's advisory lock");
}

// A holder whose lease expired while its session lives on (frozen, paused,
// cut off from its work but not from the server): its session is ended, so
// its advisory lock goes and the lease can be taken. True when the
// advisory lock was then taken.
bool end_expired_holder(Connection& connection, const std::string& workflow) {
    const Result expired = connection.run(
        "SELECT 1 FROM workflow_leases WHERE workflow = $1 AND holder <> '' AND expires_at < now()", {workflow},
        "read the workflow lease");
    if (expired.rows() == 0) return false;
    const std::int64_t pid = advisory_holder_pid(connection, workflow);
    if (pid == 0) return take_advisory(connection, workflow);
    try {
        connection.run("SELECT pg_terminate_backend($1::integer)", {std::to_string(pid)},
                       "end the session of an expired workflow lease");
    } catch (const PostgresError&) {
        return false;  // not allowed (another role): the lease waits for its holder's session to end
    }
    for (int i = 0; i < 50; ++i) {  // the server process exits within milliseconds
        if (take_advisory(connection, workflow)) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

// One attempt: the lease's token when taken, nullopt when a live holder has it.
std::optional<std::int64_t> try_take(Connection& connection, const std::string& workflow, const std::string& holder,
                                     std::chrono::milliseconds duration) {
    if (!take_advisory(connection, workflow) && !end_expired_holder(connection, workflow)) return std::nullopt;
    // The advisory lock is ours: whoever held the lease before has released
    // it, or its session ended (killed, or ended above).
    connection.run("INSERT INTO workflow_leases (workflow) VALUES ($1) ON CONFLICT (workflow) DO NOTHING", {workflow},
                   "create the workflow lease");
    const Result taken = connection.run(
        "UPDATE workflow_leases l SET holder = $2, token = l.token + 1, acquired_at = now(), "
        "expires_at = now() + $3::bigint * interval '1 millisecond' "
        "FROM (SELECT workflow, holder AS previous FROM workflow_leases WHERE workflow = $1 FOR UPDATE SKIP LOCKED) c "
        "WHERE l.workflow = c.workflow RETURNING l.token, c.previous",
        {workflow, holder, std::to_string(duration.count())}, "take the workflow lease");
    if (taken.rows() == 1) {
        if (!taken.text(0, 1).empty()) ++lease_counters().rescued;  // its holder never released it
        return taken.integer(0, 0);
    }
    free_advisory(connection, workflow);  // a write under the old lease holds the row: try again soon
    return std::nullopt;
}

}  // namespace

void LeaseFences::set(const std::string& workflow, std::int64_t token) {
    std::lock_guard lock(mutex_);
    tokens_[workflow] = token;
}

void LeaseFences::clear(const std::string& workflow, std::int64_t token) {
    std::lock_guard lock(mutex_);
    const auto it = tokens_.find(workflow);
    if (it != tokens_.end() && it->second == token) tokens_.erase(it);
}

std::optional<std::int64_t> LeaseFences::token(const std::string& workflow) const {
    std::lock_guard lock(mutex_);
    const auto it = tokens_.find(workflow);
    if (it == tokens_.end()) return std::nullopt;
    return it->second;
}

std::unique_ptr<WorkflowLock> take_workflow_lease(const std::string& uri, const std::string& workflow,
                                                  const std::string& holder, std::chrono::milliseconds duration,
                                                  const LockWait& wait, std::shared_ptr<LeaseFences> fences) {
    auto connection = std::make_unique<Connection>(uri, holder + " (workflow lease)");
    for (;;) {
        if (const auto token = try_take(*connection, workflow, holder, duration))
            return std::make_unique<WorkflowLease>(std::move(connection), workflow, *token, duration, wait.on_lost,
                                                   std::move(fences));
        if (!wait.wait || (wait.keep_waiting && !wait.keep_waiting()))
            throw WorkflowBusy(
                workflow_busy_message(workflow, connection->location(), holder_description(*connection, workflow)));
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

}  // namespace photobridge::state::postgres
