#include "state/postgres_workflow_lock.hpp"

#include "state/postgres_connection.hpp"

#include <unistd.h>

#include <chrono>
#include <thread>

namespace photobridge::state::postgres {
namespace {

class AdvisoryLock final : public WorkflowLock {
public:
    explicit AdvisoryLock(std::unique_ptr<Connection> connection) : connection_(std::move(connection)) {}
    // Closing the session releases the lock: no unlock statement to fail.
    ~AdvisoryLock() override = default;

private:
    std::unique_ptr<Connection> connection_;
};

// The lock key of a workflow; the same expression in both statements.
constexpr const char* kKey = "hashtextextended($1, 0)";

std::string holder_of(Connection& connection, const std::string& workflow) {
    // A bigint advisory lock shows in pg_locks as classid (high 32 bits)
    // and objid (low 32 bits) with objsubid 1.
    const Result r = connection.run(
        std::string("SELECT coalesce(a.application_name, ''), coalesce(to_char(a.backend_start AT TIME ZONE 'UTC', "
                    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '') FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
                    "AND ((l.classid::bigint << 32) | l.objid::bigint) = ") + kKey,
        {workflow}, "read the workflow lock's holder");
    if (r.rows() == 0) return {};
    std::string holder = r.text(0, 0);
    if (holder.empty()) holder = "another session";
    if (!r.text(0, 1).empty()) holder += ", connected " + r.text(0, 1);
    return holder;
}

std::string busy_message(const std::string& workflow, const std::string& location, const std::string& holder) {
    std::string out = "workflow '" + workflow + "' is already running on state " + location;
    if (!holder.empty()) out += " (" + holder + ")";
    out += ": one run of a workflow at a time; wait for it to end, or pass --wait";
    return out;
}

}  // namespace

std::unique_ptr<WorkflowLock> lock_workflow_advisory(const std::string& uri, const std::string& workflow,
                                                     const LockWait& wait) {
    auto connection = std::make_unique<Connection>(uri, "photobridge pid " + std::to_string(::getpid()) +
                                                            " (workflow lock)");
    for (;;) {
        if (connection->run(std::string("SELECT pg_try_advisory_lock(") + kKey + ")", {workflow},
                            "take the workflow lock")
                .text(0, 0) == "t")
            return std::make_unique<AdvisoryLock>(std::move(connection));
        if (!wait.wait || (wait.keep_waiting && !wait.keep_waiting()))
            throw WorkflowBusy(busy_message(workflow, connection->location(), holder_of(*connection, workflow)));
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

}  // namespace photobridge::state::postgres
