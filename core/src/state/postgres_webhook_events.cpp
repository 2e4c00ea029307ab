// PostgresStateStore's WebhookEventStore part: the webhook_events table and
// the health probe row (postgres_schema.cpp).
#include "state/postgres_state_store.hpp"

#include "state/json_parameters.hpp"

#include <algorithm>

namespace photobridge::state {
namespace {

using postgres::Result;
using postgres::Transaction;

// The columns events_from reads, of `table` ("e." in a join, "" alone).
std::string event_columns(const std::string& table = "") {
    return table + "id, " + table + "workflow, " + table + "event_key, " + table + "payload_json, " +
           postgres_iso_timestamp(table + "received_at") + ", " + table + "status, " + table + "attempts, " + table +
           "error";
}

std::string event_select() { return "SELECT " + event_columns() + " FROM webhook_events "; }

std::vector<WebhookEvent> events_from(const Result& r) {
    std::vector<WebhookEvent> out;
    for (int i = 0; i < r.rows(); ++i) {
        WebhookEvent e;
        e.id = r.integer(i, 0);
        e.workflow = r.text(i, 1);
        e.event_key = r.text(i, 2);
        e.payload_json = r.text(i, 3);
        e.received_at = r.text(i, 4);
        e.status = webhook_event_status_from_name(r.text(i, 5));
        e.attempts = static_cast<int>(r.integer(i, 6));
        e.error = r.text(i, 7);
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace

WebhookIntake PostgresStateStore::add_webhook_event(const std::string& workflow, const std::string& event_key,
                                                    const std::string& payload_json) {
    std::lock_guard lock(mutex_);
    // The insert, or nothing on a duplicate key. ON CONFLICT waits for a
    // concurrent insert of the same key to commit, so the lookup that
    // follows (a new statement, a new snapshot) sees that row.
    const Result inserted =
        db_->run(std::string(kPostgresRememberWorkflow) +
                     "INSERT INTO webhook_events (workflow, event_key, payload_json, received_at, status, updated_at) "
                 "VALUES ($1, $2, $3, now(), 'pending', now()) ON CONFLICT (workflow, event_key) DO NOTHING "
                 "RETURNING id",
                 {workflow, event_key, payload_json}, "add webhook event");
    if (inserted.rows() == 1) return {inserted.integer(0, 0), false};
    const Result existing = db_->run("SELECT id FROM webhook_events WHERE workflow = $1 AND event_key = $2",
                                     {workflow, event_key}, "find webhook event");
    if (existing.rows() != 1) db_->fail("add webhook event", "the event was neither inserted nor found");
    return {existing.integer(0, 0), true};
}

std::vector<WebhookEvent> PostgresStateStore::pending_webhook_events(const std::optional<std::string>& workflow) {
    std::lock_guard lock(mutex_);
    if (workflow)
        return events_from(db_->run(event_select() + "WHERE status = 'pending' AND workflow = $1 ORDER BY id",
                                    {*workflow}, "read pending webhook events"));
    return events_from(db_->run(event_select() + "WHERE status = 'pending' ORDER BY id", {},
                                "read pending webhook events"));
}

void PostgresStateStore::finish_webhook_event(std::int64_t id, WebhookEventStatus status, const std::string& error) {
    std::lock_guard lock(mutex_);
    db_->run("UPDATE webhook_events SET status = $2, error = $3, attempts = attempts + 1, updated_at = now(), "
             "claimed_by = '', claimed_until = NULL WHERE id = $1",
             {std::to_string(id), std::string(webhook_event_status_name(status)), error}, "finish webhook event");
}

std::vector<WebhookEvent> PostgresStateStore::webhook_events(const std::string& workflow) {
    std::lock_guard lock(mutex_);
    return events_from(
        db_->run(event_select() + "WHERE workflow = $1 ORDER BY id", {workflow}, "read webhook events"));
}

std::vector<std::int64_t> PostgresStateStore::requeue_failed_webhook_events(const std::string& workflow,
                                                                           const std::vector<std::int64_t>& ids) {
    std::lock_guard lock(mutex_);
    Transaction transaction(*db_);
    const Result failed = db_->run("SELECT id FROM webhook_events WHERE workflow = $1 AND status = 'failed' "
                                   "ORDER BY id FOR UPDATE",
                                   {workflow}, "read failed webhook events");
    std::vector<std::int64_t> requeued;
    for (int i = 0; i < failed.rows(); ++i) {
        const std::int64_t id = failed.integer(i, 0);
        if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) continue;
        db_->run("UPDATE webhook_events SET status = 'pending', updated_at = now() WHERE id = $1",
                 {std::to_string(id)}, "requeue webhook event");
        requeued.push_back(id);
    }
    transaction.commit();
    return requeued;
}

std::vector<WebhookEventCount> PostgresStateStore::webhook_event_counts() {
    std::lock_guard lock(mutex_);
    const Result r = db_->run("SELECT workflow, status, count(*) FROM webhook_events GROUP BY workflow, status "
                              "ORDER BY workflow COLLATE \"C\", status COLLATE \"C\"",
                              {}, "count webhook events");
    std::vector<WebhookEventCount> out;
    for (int i = 0; i < r.rows(); ++i)
        out.push_back(WebhookEventCount{r.text(i, 0), webhook_event_status_from_name(r.text(i, 1)), r.integer(i, 2)});
    return out;
}

std::int64_t PostgresStateStore::pending_webhook_event_count() {
    std::lock_guard lock(mutex_);
    return db_->run("SELECT count(*) FROM webhook_events WHERE status = 'pending'", {}, "count pending webhook events")
        .integer(0, 0);
}

std::vector<ClaimedWebhookEvent> PostgresStateStore::claim_webhook_events(
    const std::string& holder, std::chrono::milliseconds lease, int limit, const std::optional<std::string>& workflow,
    const std::vector<std::string>& skip_workflows) {
    std::lock_guard lock(mutex_);
    // SKIP LOCKED: hosts claiming at the same moment take different rows
    // instead of waiting for each other.
    const Result r = db_->run(
        "UPDATE webhook_events e SET claimed_by = $1, claimed_until = now() + $2::bigint * interval '1 millisecond' "
        "FROM (SELECT id, claimed_by AS previous FROM webhook_events "
        "      WHERE status = 'pending' AND (claimed_until IS NULL OR claimed_until < now()) "
        "      AND ($3::text IS NULL OR workflow = $3::text) "
        "      AND workflow <> ALL (ARRAY(SELECT jsonb_array_elements_text($4::jsonb))) "
        "      ORDER BY id LIMIT $5::bigint FOR UPDATE SKIP LOCKED) c "
        "WHERE e.id = c.id RETURNING " +
            event_columns("e.") + ", c.previous",
        {holder, std::to_string(lease.count()), workflow, json_text_array(skip_workflows), std::to_string(limit)},
        "claim webhook events");
    std::vector<ClaimedWebhookEvent> claimed;
    const auto events = events_from(r);
    for (std::size_t i = 0; i < events.size(); ++i) claimed.push_back({events[i], r.text(static_cast<int>(i), 8)});
    std::sort(claimed.begin(), claimed.end(), [](const auto& a, const auto& b) { return a.event.id < b.event.id; });
    return claimed;
}

std::int64_t PostgresStateStore::renew_webhook_event_claims(const std::string& holder, std::chrono::milliseconds lease) {
    std::lock_guard lock(mutex_);
    return db_
        ->run("UPDATE webhook_events SET claimed_until = now() + $2::bigint * interval '1 millisecond' "
              "WHERE claimed_by = $1 AND status = 'pending'",
              {holder, std::to_string(lease.count())}, "renew webhook event claims")
        .affected();
}

void PostgresStateStore::release_webhook_event(std::int64_t id) {
    std::lock_guard lock(mutex_);
    db_->run("UPDATE webhook_events SET claimed_by = '', claimed_until = NULL WHERE id = $1 AND status = 'pending'",
             {std::to_string(id)}, "release webhook event");
}

std::vector<std::string> PostgresStateStore::webhook_claim_holders() {
    std::lock_guard lock(mutex_);
    const Result r = db_->run("SELECT DISTINCT claimed_by FROM webhook_events WHERE status = 'pending' "
                              "AND claimed_by <> '' ORDER BY 1",
                              {}, "read webhook event claims");
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(r.text(i, 0));
    return out;
}

std::int64_t PostgresStateStore::release_webhook_claims_of(const std::string& holder) {
    std::lock_guard lock(mutex_);
    return db_
        ->run("UPDATE webhook_events SET claimed_by = '', claimed_until = NULL WHERE claimed_by = $1 "
              "AND status = 'pending'",
              {holder}, "release webhook event claims")
        .affected();
}

bool PostgresStateStore::claim_schedule_slot(const std::string& workflow, std::int64_t slot, const std::string& holder) {
    std::lock_guard lock(mutex_);
    return db_
               ->run("INSERT INTO schedule_slots (workflow, slot, holder, claimed_at) VALUES ($1, $2, $3, now()) "
                     "ON CONFLICT (workflow, slot) DO NOTHING",
                     {workflow, std::to_string(slot), holder}, "claim schedule slot")
               .affected() == 1;
}

void PostgresStateStore::probe_write() {
    std::lock_guard lock(mutex_);
    db_->run("INSERT INTO health_probe (id, checked_at) VALUES (1, now()) "
             "ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at",
             {}, "probe a write");
}

}  // namespace photobridge::state
