// Everything the stages of one run share: the workflow, the connections, the
// state, the counters, the stop/abort tokens, and the rules for settling a
// record (success, skip, failure under on_error, abandonment on stop).
#pragma once

#include "engine/connections.hpp"
#include "engine/ledger_writer.hpp"
#include "engine/page_tracker.hpp"
#include "engine/record_work.hpp"
#include "engine/retry.hpp"
#include "engine/run_counters.hpp"
#include "engine/sink_contract.hpp"
#include "model/workflow.hpp"
#include "host/cancellation.hpp"
#include "state/state_store.hpp"

#include <cstdint>
#include <map>
#include <chrono>
#include <mutex>
#include <unordered_set>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace photobridge::engine {
using namespace photobridge::model;  // the run and the parser speak the model's types

// Why a record (or one of its sink writes) failed.
struct Failure {
    std::int32_t code = PB_ERR_INTERNAL;  // pb_status
    int http_status = 0;
    std::string message;                  // redacted
    int attempts = 1;
    std::uint32_t retry_after_ms = 0;     // a rate limit's reset time, 0 when none

    // A plugin call's failure. The provider's own error code (e.g.
    // generative.photos' task error code, a Laravel field name) goes into
    // the message, which is what a dead letter keeps; `context` (e.g.
    // "lookup: ") is put in front.
    static Failure from(const host::InvokeError& e, int attempts, std::string_view context = {});
};

// Thread contract: constructed on the main thread before any worker starts;
// every member function is [any-thread].
class RunContext {
public:
    RunContext(const Workflow& workflow, Connections& connections, state::StateStore& store, LedgerWriter* ledger,
               PageTracker& tracker, RunCounters& counters, host::CancellationTokenPtr stop,
               host::CancellationTokenPtr abort, bool dry_run);

    const Workflow& workflow;
    Connections& connections;
    state::StateStore& store;
    LedgerWriter* const ledger;  // null in a dry run
    PageTracker& tracker;
    RunCounters& counters;
    const host::CancellationTokenPtr stop;   // stop reading, abandon queued work
    const host::CancellationTokenPtr abort;  // cancel in-flight requests too
    const bool dry_run;
    // Set by the reader thread before it ends when [policy] max_pages stopped
    // the pass (why, and the cursor the next run starts from); read after
    // the reader has been joined.
    std::string bounded_pass;

    const SinkContract& contract(std::size_t sink) const { return contracts_.at(sink); }
    // The connection a download step reads from: the source's.
    const host::PluginInstance& source_instance() const { return connections.instance(workflow.source.connection); }

    // Stops the run as failed (on_error = "fail", a source that cannot be
    // read, a state store that cannot be written). The first message wins.
    void fail_run(const std::string& message);
    std::optional<std::string> run_failure() const;
    // Stops the run as deferred: a rate limit resets after [policy] max_wait
    // (`wait` from now; `why` names the call). The latest reset time wins.
    // Work in flight is left for the next run, which resumes at the checkpoint.
    void defer_run(std::chrono::milliseconds wait, const std::string& why);
    // When the run may go on (UTC), and why; nullopt unless deferred.
    struct Deferral {
        std::chrono::system_clock::time_point resume_at;
        std::string why;
    };
    std::optional<Deferral> deferral() const;
    // True for a failure that defers the run rather than failing the record.
    bool defers(const Failure& failure) const noexcept {
        return failure.code == PB_ERR_RATE_LIMITED && failure.retry_after_ms > workflow.policy.retry.max_wait_ms;
    }
    bool stopping() const noexcept { return stop->cancelled(); }

    // --- settling (each plan of a RecordWork exactly once) ---
    // The write happened (or the lookup found it) and its done mark is committed.
    void plan_succeeded(RecordWork& work, std::size_t plan);
    // Nothing to write after all: a filter step dropped the record or `when` routed it away.
    void plan_routed_away(RecordWork& work, std::size_t plan);
    // The write failed for good: applies on_error (dead letter, skip or fail).
    void plan_failed(RecordWork& work, std::size_t plan, const Failure& failure);
    // A step failed: one dead letter for the record (sink ""), every plan failed.
    void steps_failed(RecordWork& work, const Failure& failure);
    // The run is stopping: the plan is dropped unsettled (read again next run).
    void plan_abandoned(RecordWork& work, std::size_t plan);
    // A record the reader settled itself (nothing to write), without a RecordWork.
    void record_skipped(std::uint64_t page, bool filtered);
    // A record that failed before it became a RecordWork (e.g. its key cannot be rendered).
    void record_failed_early(std::uint64_t page, const std::string& key, const boost::json::value& record,
                             const Failure& failure);

    // Records with one key in flight at a time: a key read again while its
    // first record is still being written (a provider that repeats a record
    // on a later page) is skipped instead of written twice, since the
    // ledger cannot know about a write that has not settled yet. claim_key
    // is false when the key is already in flight; the key is released when
    // its record is settled. [any-thread]
    bool claim_key(const std::string& key);

    // A retry observer that counts and logs retries of `what`.
    RetryObserver retry_observer(std::string what) const;
    // Redacts every connection's secrets.
    std::string redact(const std::string& text) const { return connections.redactor().redact(text); }
    // The record's letters from before this run for these sinks ("" for its
    // steps) are obsolete: removes them. [any-thread]
    void forget_dead_letters(const std::string& key, const std::vector<std::string>& sinks);

private:
    void settle_plan(RecordWork& work);
    void finish_record(RecordWork& work);
    // Writes (or, for a repeated failure, updates) a dead letter. False when
    // the store refused it (the run then fails).
    bool write_dead_letter(const std::string& sink, const std::string& key, const boost::json::value& record,
                           const Failure& failure);
    // Logs one failed record line.
    void log_failure(const std::string& key, const std::string& where, const Failure& failure,
                     const char* outcome) const;

    std::vector<SinkContract> contracts_;
    std::mutex keys_mutex_;
    std::unordered_set<std::string> keys_in_flight_;
    mutable std::mutex mutex_;
    std::optional<std::string> failure_;
    std::optional<Deferral> deferral_;
    // Dead letters that existed when the run started: (sink, key) -> id. A
    // record that now syncs has its old letters removed.
    std::map<std::pair<std::string, std::string>, std::int64_t> old_letters_;
};

}  // namespace photobridge::engine
