// SqliteStateStore's step marks: the step_marks table (schema version 3,
// sqlite_schema.cpp).
#include "state/sqlite_state_store.hpp"

#include "state/utc_timestamp.hpp"

namespace photobridge::state {
namespace {

using sqlite::Statement;
using sqlite::StatementUse;
using sqlite::Transaction;

constexpr const char* kMarkColumns =
    "SELECT key, step, content_hash, status, connection, operation, result_json, handle_json, provider_id, "
    "provider_status, next_check_unix_ms, updated_at FROM step_marks ";

StepMark mark_from_row(const Statement& s) {
    StepMark m;
    m.key = s.column_text(0);
    m.step = s.column_text(1);
    m.content_hash = s.column_text(2);
    m.status = step_mark_status_from_name(s.column_text(3));
    m.connection = s.column_text(4);
    m.operation = s.column_text(5);
    m.result_json = s.column_text(6);
    m.handle_json = s.column_text(7);
    m.provider_id = s.column_text(8);
    m.provider_status = s.column_text(9);
    m.next_check_unix_ms = s.column_int(10);
    m.updated_at = s.column_text(11);
    return m;
}

}  // namespace

std::vector<StepMark> SqliteStateStore::load_step_marks(const std::string& workflow, const std::string& key) {
    std::lock_guard lock(mutex_);
    StatementUse s(statements_->get(std::string(kMarkColumns) + "WHERE workflow = ?1 AND key = ?2 ORDER BY step"));
    s->bind(1, workflow);
    s->bind(2, key);
    std::vector<StepMark> out;
    while (s->step()) out.push_back(mark_from_row(*s));
    return out;
}

void SqliteStateStore::save_step_mark(const std::string& workflow, const StepMark& mark) {
    std::lock_guard lock(mutex_);
    const std::string now = utc_timestamp_now();
    Transaction transaction(*db_, Transaction::Kind::immediate);
    remember_workflow(workflow, now);
    StatementUse s(statements_->get(
        "INSERT OR REPLACE INTO step_marks (workflow, key, step, content_hash, status, connection, operation, "
        "result_json, handle_json, provider_id, provider_status, next_check_unix_ms, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"));
    s->bind(1, workflow);
    s->bind(2, mark.key);
    s->bind(3, mark.step);
    s->bind(4, mark.content_hash);
    s->bind(5, std::string_view(step_mark_status_name(mark.status)));
    s->bind(6, mark.connection);
    s->bind(7, mark.operation);
    s->bind(8, mark.result_json);
    s->bind(9, mark.handle_json);
    s->bind(10, mark.provider_id);
    s->bind(11, mark.provider_status);
    s->bind(12, mark.next_check_unix_ms);
    s->bind(13, now);
    s->run();
    transaction.commit();
}

std::vector<StepMark> SqliteStateStore::open_step_marks(const std::string& workflow) {
    std::lock_guard lock(mutex_);
    StatementUse s(statements_->get(std::string(kMarkColumns) +
                                    "WHERE workflow = ?1 AND status IN ('pending', 'parked') ORDER BY updated_at, key, step"));
    s->bind(1, workflow);
    std::vector<StepMark> out;
    while (s->step()) out.push_back(mark_from_row(*s));
    return out;
}

}  // namespace photobridge::state
