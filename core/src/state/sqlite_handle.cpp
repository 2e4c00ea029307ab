#include "state/sqlite_handle.hpp"

#include <sqlite3.h>

#include <climits>

namespace photobridge::state::sqlite {
namespace {

std::string message_for(const std::string& path, std::string_view what, std::string_view detail, int rc) {
    std::string out = "state database " + path + ": " + std::string(what) + ": " + std::string(detail);
    if (rc != SQLITE_OK) out += " (sqlite error " + std::to_string(rc) + ")";
    return out;
}

int length_of(std::string_view text, const std::string& path) {
    if (text.size() > static_cast<std::size_t>(INT_MAX))
        throw SqliteError(message_for(path, "bind", "text longer than 2 GiB", SQLITE_TOOBIG), SQLITE_TOOBIG);
    return static_cast<int>(text.size());
}

}  // namespace

Database::Database(const std::filesystem::path& path) : path_(path.string()) {
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    const int rc = sqlite3_open_v2(path_.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw SqliteError(message_for(path_, "cannot open", detail, rc), rc);
    }
    sqlite3_extended_result_codes(db_, 1);
}

Database::~Database() {
    // close_v2 defers the close if a statement leaked; never throws.
    sqlite3_close_v2(db_);
}

void Database::check(int rc, std::string_view what) const {
    if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
    fail(rc, what);
}

void Database::fail(int rc, std::string_view what) const {
    const char* detail = sqlite3_errmsg(db_);
    // errmsg reports the most recent API call; when it says "not an error"
    // the code is the better description.
    const std::string text = (detail && std::string_view(detail) != "not an error") ? detail : sqlite3_errstr(rc);
    throw SqliteError(message_for(path_, what, text, rc), rc);
}

void Database::fail_with(std::string_view message) const {
    throw SqliteError("state database " + path_ + ": " + std::string(message), SQLITE_ERROR);
}

void Database::exec(std::string_view sql, std::string_view what) {
    const std::string text(sql);
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        const std::string detail = error ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        throw SqliteError(message_for(path_, what, detail, rc), rc);
    }
}

std::optional<std::string> Database::query_text(std::string_view sql, std::string_view what) {
    sqlite3_stmt* stmt = nullptr;
    const int prepared = sqlite3_prepare_v2(db_, sql.data(), length_of(sql, path_), &stmt, nullptr);
    if (prepared != SQLITE_OK) fail(prepared, what);
    std::optional<std::string> out;
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        if (const unsigned char* text = sqlite3_column_text(stmt, 0))
            out.emplace(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(stmt, 0)));
    } else if (rc != SQLITE_DONE) {
        sqlite3_finalize(stmt);
        fail(rc, what);
    }
    sqlite3_finalize(stmt);
    return out;
}

std::int64_t Database::query_int(std::string_view sql, std::string_view what) {
    const auto text = query_text(sql, what);
    if (!text) return 0;
    try {
        return std::stoll(*text);
    } catch (const std::exception&) {
        fail_with(std::string(what) + ": expected an integer, got '" + *text + "'");
    }
}

Statement::Statement(Database& db, std::string_view sql) : db_(db), sql_(sql) {
    const int rc = sqlite3_prepare_v3(db_.handle(), sql_.c_str(), static_cast<int>(sql_.size() + 1),
                                      SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
    if (rc != SQLITE_OK) db_.fail(rc, "prepare \"" + sql_.substr(0, 80) + "\"");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::bind(int index, std::string_view text) {
    db_.check(sqlite3_bind_text(stmt_, index, text.data(), length_of(text, db_.path()), SQLITE_TRANSIENT), "bind");
}

void Statement::bind(int index, std::int64_t value) {
    db_.check(sqlite3_bind_int64(stmt_, index, value), "bind");
}

void Statement::bind_null(int index) { db_.check(sqlite3_bind_null(stmt_, index), "bind"); }

void Statement::bind_optional(int index, const std::optional<std::string>& text) {
    if (text) bind(index, std::string_view(*text));
    else bind_null(index);
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    db_.fail(rc, "run \"" + sql_.substr(0, 80) + "\"");
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() noexcept {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::string Statement::column_text(int column) const {
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    if (!text) return {};
    return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

std::optional<std::string> Statement::column_optional_text(int column) const {
    if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
    return column_text(column);
}

std::int64_t Statement::column_int(int column) const { return sqlite3_column_int64(stmt_, column); }

Transaction::Transaction(Database& db, Kind kind) : db_(db) {
    db_.exec(kind == Kind::immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED", "begin transaction");
    open_ = true;
}

Transaction::~Transaction() {
    if (!open_) return;
    // Never throws: a failed rollback leaves SQLite to roll back on close
    // or on the next open (the journal makes that safe).
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    db_.exec("COMMIT", "commit");
    open_ = false;
}

}  // namespace photobridge::state::sqlite
