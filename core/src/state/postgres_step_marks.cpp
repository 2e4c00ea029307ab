// PostgresStateStore's step marks: the step_marks table (postgres_schema.cpp).
#include "state/postgres_state_store.hpp"

namespace photobridge::state {
namespace {

using postgres::Result;

std::string mark_columns() {
    return "SELECT key, step, content_hash, status, connection, operation, result_json, handle_json, provider_id, "
           "provider_status, next_check_unix_ms, " +
           postgres_iso_timestamp("updated_at") + " FROM step_marks ";
}

StepMark mark_from_row(const Result& r, int row) {
    StepMark m;
    m.key = r.text(row, 0);
    m.step = r.text(row, 1);
    m.content_hash = r.text(row, 2);
    m.status = step_mark_status_from_name(r.text(row, 3));
    m.connection = r.text(row, 4);
    m.operation = r.text(row, 5);
    m.result_json = r.text(row, 6);
    m.handle_json = r.text(row, 7);
    m.provider_id = r.text(row, 8);
    m.provider_status = r.text(row, 9);
    m.next_check_unix_ms = r.integer(row, 10);
    m.updated_at = r.text(row, 11);
    return m;
}

std::vector<StepMark> marks_from(const Result& r) {
    std::vector<StepMark> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(mark_from_row(r, i));
    return out;
}

}  // namespace

std::vector<StepMark> PostgresStateStore::load_step_marks(const std::string& workflow, const std::string& key) {
    std::lock_guard lock(mutex_);
    return marks_from(db_->run(mark_columns() + "WHERE workflow = $1 AND key = $2 ORDER BY step COLLATE \"C\"",
                               {workflow, key}, "load step marks"));
}

void PostgresStateStore::save_step_mark(const std::string& workflow, const StepMark& mark) {
    std::lock_guard lock(mutex_);
    db_->run(std::string(kPostgresRememberWorkflow) +
                 "INSERT INTO step_marks (workflow, key, step, content_hash, status, connection, operation, "
             "result_json, handle_json, provider_id, provider_status, next_check_unix_ms, updated_at) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now()) "
             "ON CONFLICT (workflow, key, step) DO UPDATE SET content_hash = excluded.content_hash, "
             "status = excluded.status, connection = excluded.connection, operation = excluded.operation, "
             "result_json = excluded.result_json, handle_json = excluded.handle_json, "
             "provider_id = excluded.provider_id, provider_status = excluded.provider_status, "
             "next_check_unix_ms = excluded.next_check_unix_ms, updated_at = excluded.updated_at",
             {workflow, mark.key, mark.step, mark.content_hash, std::string(step_mark_status_name(mark.status)),
              mark.connection, mark.operation, mark.result_json, mark.handle_json, mark.provider_id,
              mark.provider_status, std::to_string(mark.next_check_unix_ms)},
             "save step mark");
}

std::vector<StepMark> PostgresStateStore::open_step_marks(const std::string& workflow) {
    std::lock_guard lock(mutex_);
    return marks_from(db_->run(mark_columns() +
                                   "WHERE workflow = $1 AND status IN ('pending', 'parked') "
                                   "ORDER BY updated_at, key COLLATE \"C\", step COLLATE \"C\"",
                               {workflow}, "read open step marks"));
}

}  // namespace photobridge::state
