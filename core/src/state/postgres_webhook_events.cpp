// PostgresStateStore's WebhookEventStore part: the webhook_events table and
// the health probe row (postgres_schema.cpp).
#include "state/postgres_state_store.hpp"

#include <algorithm>

namespace photobridge::state {
namespace {

using postgres::Result;
using postgres::Transaction;

WebhookEventStatus event_status_from(const std::string& text) {
    if (text == "done") return WebhookEventStatus::done;
    if (text == "failed") return WebhookEventStatus::failed;
    return WebhookEventStatus::pending;
}

std::string event_columns() {
    return "SELECT id, workflow, event_key, payload_json, " + postgres_iso_timestamp("received_at") +
           ", status, attempts, error FROM webhook_events ";
}

std::vector<WebhookEvent> events_from(const Result& r) {
    std::vector<WebhookEvent> out;
    for (int i = 0; i < r.rows(); ++i) {
        WebhookEvent e;
        e.id = r.integer(i, 0);
        e.workflow = r.text(i, 1);
        e.event_key = r.text(i, 2);
        e.payload_json = r.text(i, 3);
        e.received_at = r.text(i, 4);
        e.status = event_status_from(r.text(i, 5));
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
        return events_from(db_->run(event_columns() + "WHERE status = 'pending' AND workflow = $1 ORDER BY id",
                                    {*workflow}, "read pending webhook events"));
    return events_from(db_->run(event_columns() + "WHERE status = 'pending' ORDER BY id", {},
                                "read pending webhook events"));
}

void PostgresStateStore::finish_webhook_event(std::int64_t id, WebhookEventStatus status, const std::string& error) {
    std::lock_guard lock(mutex_);
    db_->run("UPDATE webhook_events SET status = $2, error = $3, attempts = attempts + 1, updated_at = now() "
             "WHERE id = $1",
             {std::to_string(id), std::string(webhook_event_status_name(status)), error}, "finish webhook event");
}

std::vector<WebhookEvent> PostgresStateStore::webhook_events(const std::string& workflow) {
    std::lock_guard lock(mutex_);
    return events_from(
        db_->run(event_columns() + "WHERE workflow = $1 ORDER BY id", {workflow}, "read webhook events"));
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
        out.push_back(WebhookEventCount{r.text(i, 0), event_status_from(r.text(i, 1)), r.integer(i, 2)});
    return out;
}

void PostgresStateStore::probe_write() {
    std::lock_guard lock(mutex_);
    db_->run("INSERT INTO health_probe (id, checked_at) VALUES (1, now()) "
             "ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at",
             {}, "probe a write");
}

}  // namespace photobridge::state
