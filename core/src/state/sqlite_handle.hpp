// RAII wrappers over the SQLite C API: a connection, a prepared statement,
// a statement "use" that resets on scope exit, and a transaction that rolls
// back unless committed. Every failure throws SqliteError, whose message
// names the database file and carries SQLite's own message.
//
// Thread contract: none of these types is thread-safe. A Database and every
// Statement prepared on it must be used by one thread at a time; the owner
// (SqliteStateStore) serialises access with its mutex. The connection is
// opened with SQLITE_OPEN_NOMUTEX for that reason.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace photobridge::state::sqlite {

// what(): "state database PATH: WHAT: SQLITE MESSAGE (sqlite error CODE)".
class SqliteError : public std::runtime_error {
public:
    SqliteError(const std::string& message, int code) : std::runtime_error(message), code_(code) {}
    // The SQLite extended result code (SQLITE_BUSY, SQLITE_CORRUPT, ...).
    int code() const noexcept { return code_; }

private:
    int code_;
};

// One connection. Owns the sqlite3 handle; closes it in the destructor
// (statements prepared on it must be destroyed first).
class Database {
public:
    // Opens PATH read-write, creating the file if needed (not its folders).
    explicit Database(const std::filesystem::path& path);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    sqlite3* handle() const noexcept { return db_; }
    const std::string& path() const noexcept { return path_; }

    // Runs one or more SQL statements that return no rows we need.
    void exec(std::string_view sql, std::string_view what);
    // Runs a statement returning one row of one column; nullopt when no row
    // or the value is NULL. For PRAGMA reads and small queries.
    std::optional<std::string> query_text(std::string_view sql, std::string_view what);
    std::int64_t query_int(std::string_view sql, std::string_view what);

    // Throws SqliteError built from `rc` and the connection's last message
    // unless rc is SQLITE_OK, SQLITE_ROW or SQLITE_DONE.
    void check(int rc, std::string_view what) const;
    [[noreturn]] void fail(int rc, std::string_view what) const;
    // An error that is ours, not SQLite's (e.g. a refused schema version).
    [[noreturn]] void fail_with(std::string_view message) const;

private:
    sqlite3* db_ = nullptr;
    std::string path_;
};

// One prepared statement (SQLITE_PREPARE_PERSISTENT: meant to be kept and
// reused). Parameters are 1-based, like sqlite3_bind_*. Text is bound with
// SQLITE_TRANSIENT, so the caller's strings need not outlive the call.
class Statement {
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    void bind(int index, std::string_view text);
    void bind(int index, std::int64_t value);
    void bind_null(int index);
    void bind_optional(int index, const std::optional<std::string>& text);

    // Advances: true when a row is available, false when done.
    bool step();
    // Steps a statement that returns no rows (INSERT/UPDATE/DELETE).
    void run();
    // Ready for new bindings: sqlite3_reset + sqlite3_clear_bindings.
    void reset() noexcept;

    // Columns of the current row, 0-based. NULL text reads as "".
    std::string column_text(int column) const;
    std::optional<std::string> column_optional_text(int column) const;
    std::int64_t column_int(int column) const;

    std::string_view sql() const noexcept { return sql_; }

private:
    Database& db_;
    sqlite3_stmt* stmt_ = nullptr;
    std::string sql_;
};

// Resets a (usually cached) statement when the scope ends, even on an
// exception, so the next use starts clean and no read lock is held.
class StatementUse {
public:
    explicit StatementUse(Statement& statement) noexcept : statement_(statement) {}
    ~StatementUse() { statement_.reset(); }
    StatementUse(const StatementUse&) = delete;
    StatementUse& operator=(const StatementUse&) = delete;
    Statement* operator->() noexcept { return &statement_; }
    Statement& operator*() noexcept { return statement_; }

private:
    Statement& statement_;
};

// BEGIN on construction; ROLLBACK in the destructor unless commit() ran.
// `immediate` takes the write lock at BEGIN (waiting up to busy_timeout),
// which every write transaction should do: a deferred transaction that
// upgrades to a writer can fail with SQLITE_BUSY without waiting.
class Transaction {
public:
    enum class Kind { deferred, immediate };
    Transaction(Database& db, Kind kind);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();

private:
    Database& db_;
    bool open_ = false;
};

}  // namespace photobridge::state::sqlite
