// The durable intake of `photobridge serve`: webhook events as they were
// accepted, kept until a worker has run the workflow over them.
// Implemented by SqliteStateStore (table webhook_events, schema version 2).
//
// Thread contract: as for StateStore (any thread, serialised internally).
// Payloads are the provider's JSON as received; tokens and secrets are never
// stored (the caller passes the body, never the header).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace photobridge::state {

enum class WebhookEventStatus { pending, done, failed };

const char* webhook_event_status_name(WebhookEventStatus status) noexcept;

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
    // Attempts are incremented.
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
    virtual std::vector<WebhookEventCount> webhook_event_counts() = 0;

    // Writes one row in its own transaction and commits: proves the store
    // accepts writes right now. Throws std::runtime_error when it does not.
    virtual void probe_write() = 0;
};

}  // namespace photobridge::state
