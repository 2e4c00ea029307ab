// The durable intake of `photobridge serve`: webhook events as they were
// accepted, kept until a worker has run the workflow over them.
// Implemented by SqliteStateStore (table webhook_events, schema version 2).
//
// Thread contract: as for StateStore (any thread, serialised internally).
// Payloads are the provider's JSON as received; tokens and secrets are never
// stored (the caller passes the body, never the header).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace photobridge::state {

enum class WebhookEventStatus { pending, done, failed };

// The status as the schemas write it, and back (anything else reads as
// pending). Defined in status_names.cpp.
const char* webhook_event_status_name(WebhookEventStatus status) noexcept;
WebhookEventStatus webhook_event_status_from_name(std::string_view name) noexcept;

struct WebhookEvent {
    std::int64_t id = 0;
    std::string workflow;
    std::string event_key;     // de-duplication key, unique per workflow
    std::string payload_json;  // the body as received (verified JSON)
    std::string received_at;   // ISO 8601 UTC
    WebhookEventStatus status = WebhookEventStatus::pending;
    int attempts = 0;          // times a worker finished processing it
    std::string error;         // redacted; "" unless failed
};

// How many events of one workflow are in one status.
struct WebhookEventCount {
    std::string workflow;
    WebhookEventStatus status = WebhookEventStatus::pending;
    std::int64_t events = 0;
};

// A pending event claimed by one host for a while (claim_webhook_events).
struct ClaimedWebhookEvent {
    WebhookEvent event;
    std::string previous_holder;  // "" unless the event was rescued from a claim that expired
};

struct WebhookIntake {
    std::int64_t id = 0;       // the event's row (the existing one for a duplicate)
    bool duplicate = false;    // (workflow, event_key) was already there: nothing was written
};

class WebhookEventStore {
public:
    virtual ~WebhookEventStore() = default;

    // Inserts a pending event, or finds the one with the same (workflow,
    // event_key). Returns only after the insert is committed, so an event
    // acknowledged after this call survives a process crash.
    // Throws std::runtime_error when the store cannot be written.
    virtual WebhookIntake add_webhook_event(const std::string& workflow, const std::string& event_key,
                                            const std::string& payload_json) = 0;
    // Pending events, oldest first (all workflows when `workflow` is nullopt).
    virtual std::vector<WebhookEvent> pending_webhook_events(const std::optional<std::string>& workflow) = 0;
    // Marks an event processed: done, or failed with a (redacted) reason.
    // Attempts are incremented and its claim, if any, is cleared.
    virtual void finish_webhook_event(std::int64_t id, WebhookEventStatus status, const std::string& error) = 0;
    // Every event of a workflow, oldest first (for tests and `state`).
    virtual std::vector<WebhookEvent> webhook_events(const std::string& workflow) = 0;
    // Puts failed events of `workflow` back to pending (their error kept
    // until they are processed again): those in `ids`, or every failed one
    // when `ids` is empty. Events that are not failed are left alone.
    // Returns the ids put back, oldest first.
    virtual std::vector<std::int64_t> requeue_failed_webhook_events(const std::string& workflow,
                                                                    const std::vector<std::int64_t>& ids) = 0;
    // Events per workflow and status (every workflow; statuses with none left out).
    // Reads every event: for a scrape, not for a health probe.
    virtual std::vector<WebhookEventCount> webhook_event_counts() = 0;
    // Pending events of every workflow; reads only those (their index).
    virtual std::int64_t pending_webhook_event_count() = 0;

    // --- Several hosts (sdk-docs/serve.md, "Running several hosts") ---
    // Processes sharing one store claim the events they process. Claims
    // for `holder` (a host's name, unique per process) at most `limit` of
    // the oldest pending events that no live claim holds (never claimed,
    // released, or claimed until a time now past), until now + `lease`;
    // only those of `workflow` when set, none of `skip_workflows`. Claimed
    // events are invisible to other holders' claims until finished,
    // released or expired.
    virtual std::vector<ClaimedWebhookEvent> claim_webhook_events(const std::string& holder,
                                                                  std::chrono::milliseconds lease, int limit,
                                                                  const std::optional<std::string>& workflow,
                                                                  const std::vector<std::string>& skip_workflows) = 0;
    // Extends every claim of `holder` on a pending event to now + `lease`;
    // returns how many (a heartbeat).
    virtual std::int64_t renew_webhook_event_claims(const std::string& holder, std::chrono::milliseconds lease) = 0;
    // Gives a claimed event back: it stays pending, claimable by anyone.
    virtual void release_webhook_event(std::int64_t id) = 0;
    // Every holder of a claim on a pending event (expired claims included).
    virtual std::vector<std::string> webhook_claim_holders() = 0;
    // Gives back every claim of `holder` (a process known to be gone);
    // returns how many.
    virtual std::int64_t release_webhook_claims_of(const std::string& holder) = 0;
    // A schedule's run of `workflow` in time slot `slot` (the Unix time
    // divided by its period) is started by one host: true for the first
    // holder that asks, false for every later one. Durable when it returns.
    virtual bool claim_schedule_slot(const std::string& workflow, std::int64_t slot, const std::string& holder) = 0;

    // Writes one row in its own transaction and commits: proves the store
    // accepts writes right now. Throws std::runtime_error when it does not.
    virtual void probe_write() = 0;
};

}  // namespace photobridge::state
