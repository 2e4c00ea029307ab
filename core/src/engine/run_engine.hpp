// `photobridge run`: executes a validated workflow. Pages stream from the
// source through bounded queues to `concurrency` step workers and
// `concurrency` sink workers:
//
//   reader ──[queue_capacity]──► step workers ──[queue_capacity]──► sink workers
//     │ ledger lookup per page                                        │ pending/done marks
//     └──────────────── PageTracker ◄── records settle ◄── LedgerWriter (group commit)
//                           └─► checkpoint (oldest page not fully settled)
//
// Memory is bounded by the queue capacities and the pages in flight, not by
// the number of records. Guarantees: sdk-docs/workflows.md, "State and
// guarantees".
#pragma once

#include "engine/run_counters.hpp"
#include "model/workflow.hpp"
#include "host/cancellation.hpp"
#include "host/plugin_registry.hpp"
#include "state/state_store.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>

namespace photobridge::engine {
using namespace photobridge::model;  // the run and the parser speak the model's types

// Watches a run from outside (the CLI draws a progress line with it).
// Threads: called only on the thread that called run_workflow(); the
// counters are the run's own and stay valid during the call.
class RunObserver {
public:
    virtual ~RunObserver() = default;
    // Every ~50 ms while the run works, and once after its last record settled.
    virtual void progress(const RunCounters& counters) = 0;
    // Once, after the last progress() and before run_workflow() returns.
    virtual void finished() = 0;
};

// The exit code of a deferred run (EX_TEMPFAIL of sysexits.h): try again later.
inline constexpr int kExitDeferred = 75;

struct RunOptions {
    bool dry_run = false;                 // print what would be written; write nothing anywhere
    bool json = false;                    // dry-run lines as JSON lines (the summary is the caller's)
    std::ostream* out = &std::cout;       // dry-run lines
    // Told about progress; not owned, outlives the call; null: nobody.
    class RunObserver* observer = nullptr;
    // After a stop (signal, on_error = "fail"), in-flight requests get this
    // long to finish before they are cancelled.
    std::chrono::milliseconds shutdown_grace{10000};
    // Cancelled by signal handling or a test; null: the engine makes its own.
    host::CancellationTokenPtr stop;
    host::CancellationTokenPtr abort;
    // Records to run instead of reading the source (`photobridge serve`: the
    // records a webhook names), as the source's plugin maps them (canonical).
    // They go through source.where, the ledger, steps, sinks and dead letters
    // exactly like one page read from the stream; the source's checkpoint and
    // `since` are neither read nor written.
    std::optional<boost::json::array> given_records;
    // When another run of this workflow holds its lock on this state
    // (state::WorkflowLock): false refuses at once, true waits for it to end
    // (until `stop` is cancelled). Either way a run that cannot take the
    // lock throws state::WorkflowBusy before it reads or writes anything.
    bool wait_for_lock = false;
};

struct SinkSummary {
    std::string id;
    std::int64_t written = 0, found = 0, unchanged = 0, routed = 0, failed = 0;
};

struct RunSummary {
    std::string workflow;
    std::string outcome;       // state::run_outcome: ok, partial (some records failed), failed, interrupted, deferred
    int exit_code = 0;         // 0 ok, 1 partial/failed, 75 deferred (kExitDeferred), 130 interrupted
    std::string failure;       // why the run failed ("" unless outcome == "failed")
    bool dry_run = false;
    std::int64_t run_id = 0;   // run history id (0 in a dry run)
    double seconds = 0;
    std::int64_t read = 0, synced = 0, skipped = 0, failed = 0, dead_lettered = 0, filtered = 0, abandoned = 0;
    std::int64_t retries = 0, pages = 0, http_requests = 0;
    std::int64_t would_write = 0, would_skip = 0;  // dry run
    bool resumed = false;      // continued an interrupted pass
    bool pass_complete = false;
    std::string pass_bounded;  // why the pass stopped early at [policy] max_pages ("" when it did not)
    std::string resume_at;     // outcome "deferred": when the rate limit resets (ISO 8601 UTC); else ""
    std::chrono::system_clock::time_point resume_time{};  // the same as a time point (deferred only)
    std::vector<SinkSummary> sinks;

    boost::json::object to_json() const;
    // The few lines printed at the end of a run.
    std::string to_text() const;
};

// Runs `workflow`. `store` may be null only for a dry run (nothing known:
// every record is new). Throws std::runtime_error / host::InvokeError when
// the run cannot start (a plugin refuses its config, the store cannot be
// read); once started, failures end up in the summary.
// Threads: call from one thread; starts and joins its own workers.
RunSummary run_workflow(const Workflow& workflow, const host::PluginRegistry& registry, state::StateStore* store,
                        const RunOptions& options);

// The checkpoint name under which a workflow's source position is kept.
std::string checkpoint_stream(const Workflow& workflow);

}  // namespace photobridge::engine
