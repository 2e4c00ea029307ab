// Processes the durable intake: each pending webhook event, oldest first,
// becomes one run of its workflow over the record the event names, fetched
// with the source plugin's fetch operation (retried like the workflow's
// other calls) so it is mapped exactly like the stream's records. Then the
// event is marked done (synced, or failed records are in the dead letters
// like any run's) or failed (the record could not be fetched, the run could
// not start or failed as a whole). An event whose run was interrupted by a
// stop stays pending and is processed at the next start: the ledger makes
// the second attempt write only what the first did not. An event whose run
// was deferred (a rate limit resetting after [policy] max_wait) stays
// pending too, and the worker processes it again at the reset time.
//
// Several serve processes may share one store (sdk-docs/serve.md, "Running
// several hosts"): the worker claims the events it processes, a few at a
// time, under the name `holder`, renews its claims while it works, and
// gives back what it does not settle; another host's expired claims are
// claimed like unclaimed events (a rescue, counted), and the claims of a
// process of this machine that no longer runs are given back at once. Events accepted by
// another host are noticed at the next poll (`poll_interval`).
//
// Thread contract: start(), wake() and stop() from any thread; the events are
// processed on the worker's one thread (process_pending() on the caller's).
#pragma once

#include "serve/metrics_registry.hpp"
#include "serve/served_workflows.hpp"
#include "serve/workflow_runner.hpp"
#include "state/webhook_event_store.hpp"

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

namespace photobridge::serve {

// How the worker shares the store with other hosts.
struct EventClaims {
    std::string holder;                            // this process (state/process_holder.hpp)
    std::chrono::milliseconds lease{30000};        // a claim stands this long unless renewed (every third of it)
    int batch = 16;                                // events claimed per statement
    std::chrono::milliseconds poll_interval{1000};  // look for other hosts' events this often
};

class EventWorker {
public:
    EventWorker(const std::map<std::string, ServedWorkflow>& workflows, state::WebhookEventStore& store,
                WorkflowRunner& runner, MetricsRegistry& metrics, host::CancellationTokenPtr stop,
                EventClaims claims);
    ~EventWorker();  // stop()
    EventWorker(const EventWorker&) = delete;
    EventWorker& operator=(const EventWorker&) = delete;

    // Starts the thread; it processes what is pending at once (events left
    // by a previous process included), then waits for wake().
    void start();
    // New events were stored.
    void wake();
    // Returns after the event under way (its run interrupted by the shared
    // stop token, which the owner cancels first) has been settled or left
    // pending.
    void stop();

    // Processes every pending event no other host holds, on the calling
    // thread; returns how many were settled (done or failed). Reads the
    // store's pending events once to set the queue depth gauge, then counts
    // it down as events settle; claims events `claims.batch` at a time until
    // none is left. `only`: the events of this workflow alone (others stay
    // as they are).
    int process_pending(const std::optional<std::string>& only = std::nullopt);

private:
    void loop();
    // False when the event was left pending (stopping).
    bool process(const state::WebhookEvent& event);
    // Extends this host's claims when a third of their lease has passed.
    void renew_claims_when_due();
    // Claims of processes of this machine that are gone (a serve killed and
    // restarted) are given back at once rather than when they expire.
    void release_claims_of_dead_local_holders();

    const std::map<std::string, ServedWorkflow>& workflows_;
    state::WebhookEventStore& store_;
    WorkflowRunner& runner_;
    MetricsRegistry& metrics_;
    host::CancellationTokenPtr stop_;
    const EventClaims claims_;
    std::chrono::steady_clock::time_point claims_renewed_at_;  // the processing thread only

    std::mutex mutex_;
    std::condition_variable wakeup_;
    bool woken_ = false;
    // Set when a run was deferred by a rate limit: the worker wakes on its
    // own then, to process the events left pending. Guarded by mutex_.
    std::optional<std::chrono::system_clock::time_point> retry_at_;
    // Workflows whose run was deferred during this process_pending(): their
    // later events stay pending without a run. The processing thread only.
    std::set<std::string> deferred_workflows_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace photobridge::serve
