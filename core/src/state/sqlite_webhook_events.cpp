// SqliteStateStore's WebhookEventStore part: the webhook_events table
// (schema version 2, sqlite_schema.cpp) and the health probe row.
#include "state/sqlite_state_store.hpp"

#include "state/json_parameters.hpp"
#include "state/utc_timestamp.hpp"

#include <sqlite3.h>

#include <algorithm>

namespace photobridge::state {
namespace {

using sqlite::Statement;
using sqlite::StatementUse;
using sqlite::Transaction;

// The columns event_from_row reads, without FROM (a claim adds one).
constexpr const char* kEventColumns =
    "SELECT id, workflow, event_key, payload_json, received_at, status, attempts, error";

WebhookEvent event_from_row(const Statement& s) {
    WebhookEvent e;
    e.id = s.column_int(0);
    e.workflow = s.column_text(1);
    e.event_key = s.column_text(2);
    e.payload_json = s.column_text(3);
    e.received_at = s.column_text(4);
    e.status = webhook_event_status_from_name(s.column_text(5));
    e.attempts = static_cast<int>(s.column_int(6));
    e.error = s.column_text(7);
    return e;
}


}  // namespace

WebhookIntake SqliteStateStore::add_webhook_event(const std::string& workflow, const std::string& event_key,
                                                  const std::string& payload_json) {
    std::lock_guard lock(mutex_);
    const std::string now = utc_timestamp_now();
    Transaction transaction(*db_, Transaction::Kind::immediate);
    remember_workflow(workflow, now);
    WebhookIntake intake;
    {
        StatementUse find(statements_->get("SELECT id FROM webhook_events WHERE workflow = ?1 AND event_key = ?2"));
        find->bind(1, workflow);
        find->bind(2, event_key);
        if (find->step()) {
            intake.id = find->column_int(0);
            intake.duplicate = true;
        }
    }
    if (!intake.duplicate) {
        StatementUse insert(statements_->get(
            "INSERT INTO webhook_events (workflow, event_key, payload_json, received_at, status, updated_at) "
            "VALUES (?1, ?2, ?3, ?4, 'pending', ?4) RETURNING id"));
        insert->bind(1, workflow);
        insert->bind(2, event_key);
        insert->bind(3, payload_json);
        insert->bind(4, now);
        if (!insert->step()) db_->fail_with("add webhook event: the insert returned no id");
        intake.id = insert->column_int(0);
        insert->run();
    }
    transaction.commit();
    return intake;
}

std::vector<WebhookEvent> SqliteStateStore::pending_webhook_events(const std::optional<std::string>& workflow) {
    std::lock_guard lock(mutex_);
    std::vector<WebhookEvent> out;
    if (workflow) {
        StatementUse s(statements_->get(std::string(kEventColumns) +
                                        " FROM webhook_events WHERE status = 'pending' AND workflow = ?1 ORDER BY id"));
        s->bind(1, *workflow);
        while (s->step()) out.push_back(event_from_row(*s));
    } else {
        StatementUse s(statements_->get(std::string(kEventColumns) + " FROM webhook_events WHERE status = 'pending' ORDER BY id"));
        while (s->step()) out.push_back(event_from_row(*s));
    }
    return out;
}

void SqliteStateStore::finish_webhook_event(std::int64_t id, WebhookEventStatus status, const std::string& error) {
    std::lock_guard lock(mutex_);
    StatementUse s(statements_->get(
        "UPDATE webhook_events SET status = ?2, error = ?3, attempts = attempts + 1, updated_at = ?4, "
        "claimed_by = '', claimed_until = NULL WHERE id = ?1"));
    s->bind(1, id);
    s->bind(2, webhook_event_status_name(status));
    s->bind(3, error);
    s->bind(4, utc_timestamp_now());
    s->run();
}

std::vector<WebhookEvent> SqliteStateStore::webhook_events(const std::string& workflow) {
    std::lock_guard lock(mutex_);
    StatementUse s(statements_->get(std::string(kEventColumns) + " FROM webhook_events WHERE workflow = ?1 ORDER BY id"));
    s->bind(1, workflow);
    std::vector<WebhookEvent> out;
    while (s->step()) out.push_back(event_from_row(*s));
    return out;
}

std::vector<std::int64_t> SqliteStateStore::requeue_failed_webhook_events(const std::string& workflow,
                                                                         const std::vector<std::int64_t>& ids) {
    std::lock_guard lock(mutex_);
    Transaction transaction(*db_, Transaction::Kind::immediate);
    std::vector<std::int64_t> failed;
    {
        StatementUse s(statements_->get("SELECT id FROM webhook_events WHERE workflow = ?1 AND status = 'failed' ORDER BY id"));
        s->bind(1, workflow);
        while (s->step()) failed.push_back(s->column_int(0));
    }
    std::vector<std::int64_t> requeued;
    for (const std::int64_t id : failed) {
        if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) continue;
        StatementUse u(statements_->get("UPDATE webhook_events SET status = 'pending', updated_at = ?2 WHERE id = ?1"));
        u->bind(1, id);
        u->bind(2, utc_timestamp_now());
        u->run();
        requeued.push_back(id);
    }
    transaction.commit();
    return requeued;
}

std::vector<WebhookEventCount> SqliteStateStore::webhook_event_counts() {
    std::lock_guard lock(mutex_);
    StatementUse s(statements_->get(
        "SELECT workflow, status, count(*) FROM webhook_events GROUP BY workflow, status ORDER BY workflow, status"));
    std::vector<WebhookEventCount> out;
    while (s->step()) out.push_back(WebhookEventCount{s->column_text(0), webhook_event_status_from_name(s->column_text(1)), s->column_int(2)});
    return out;
}

std::int64_t SqliteStateStore::pending_webhook_event_count() {
    std::lock_guard lock(mutex_);
    StatementUse s(statements_->get("SELECT count(*) FROM webhook_events WHERE status = 'pending'"));
    return s->step() ? s->column_int(0) : 0;
}

std::vector<ClaimedWebhookEvent> SqliteStateStore::claim_webhook_events(
    const std::string& holder, std::chrono::milliseconds lease, int limit, const std::optional<std::string>& workflow,
    const std::vector<std::string>& skip_workflows) {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::system_clock::now();
    const std::string now_text = utc_timestamp(now);
    const std::string until = utc_timestamp(now + lease);
    // One write transaction: SQLite serialises writers, so no two holders
    // read the same unclaimed rows.
    Transaction transaction(*db_, Transaction::Kind::immediate);
    std::vector<ClaimedWebhookEvent> claimed;
    {
        StatementUse s(statements_->get(
            std::string(kEventColumns) + ", claimed_by FROM webhook_events "
                                         "WHERE status = 'pending' AND (claimed_until IS NULL OR claimed_until < ?1) "
                                         "AND (?2 IS NULL OR workflow = ?2) "
                                         "AND workflow NOT IN (SELECT value FROM json_each(?3)) ORDER BY id LIMIT ?4"));
        s->bind(1, now_text);
        if (workflow) s->bind(2, *workflow);
        s->bind(3, json_text_array(skip_workflows));
        s->bind(4, std::int64_t{limit});
        while (s->step()) claimed.push_back({event_from_row(*s), s->column_text(8)});
    }
    for (const auto& c : claimed) {
        StatementUse u(statements_->get(
            "UPDATE webhook_events SET claimed_by = ?2, claimed_until = ?3, updated_at = ?4 WHERE id = ?1"));
        u->bind(1, c.event.id);
        u->bind(2, holder);
        u->bind(3, until);
        u->bind(4, now_text);
        u->run();
    }
    transaction.commit();
    return claimed;
}

std::int64_t SqliteStateStore::renew_webhook_event_claims(const std::string& holder, std::chrono::milliseconds lease) {
    std::lock_guard lock(mutex_);
    StatementUse s(statements_->get(
        "UPDATE webhook_events SET claimed_until = ?2 WHERE claimed_by = ?1 AND status = 'pending'"));
    s->bind(1, holder);
    s->bind(2, utc_timestamp(std::chrono::system_clock::now() + lease));
    s->run();
    return sqlite3_changes64(db_->handle());
}

void SqliteStateStore::release_webhook_event(std::int64_t id) {
    std::lock_guard lock(mutex_);
    StatementUse s(statements_->get(
        "UPDATE webhook_events SET claimed_by = '', claimed_until = NULL WHERE id = ?1 AND status = 'pending'"));
    s->bind(1, id);
    s->run();
}

std::vector<std::string> SqliteStateStore::webhook_claim_holders() {
    std::lock_guard lock(mutex_);
    StatementUse s(statements_->get(
        "SELECT DISTINCT claimed_by FROM webhook_events WHERE status = 'pending' AND claimed_by <> '' ORDER BY 1"));
    std::vector<std::string> out;
    while (s->step()) out.push_back(s->column_text(0));
    return out;
}

std::int64_t SqliteStateStore::release_webhook_claims_of(const std::string& holder) {
    std::lock_guard lock(mutex_);
    StatementUse s(statements_->get(
        "UPDATE webhook_events SET claimed_by = '', claimed_until = NULL WHERE claimed_by = ?1 AND status = 'pending'"));
    s->bind(1, holder);
    s->run();
    return sqlite3_changes64(db_->handle());
}

bool SqliteStateStore::claim_schedule_slot(const std::string& workflow, std::int64_t slot, const std::string& holder) {
    std::lock_guard lock(mutex_);
    StatementUse s(statements_->get(
        "INSERT INTO schedule_slots (workflow, slot, holder, claimed_at) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (workflow, slot) DO NOTHING"));
    s->bind(1, workflow);
    s->bind(2, slot);
    s->bind(3, holder);
    s->bind(4, utc_timestamp_now());
    s->run();
    return sqlite3_changes64(db_->handle()) == 1;
}

void SqliteStateStore::probe_write() {
    std::lock_guard lock(mutex_);
    Transaction transaction(*db_, Transaction::Kind::immediate);
    StatementUse s(statements_->get(
        "INSERT INTO health_probe (id, checked_at) VALUES (1, ?1) "
        "ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at"));
    s->bind(1, utc_timestamp_now());
    s->run();
    transaction.commit();
}

}  // namespace photobridge::state
