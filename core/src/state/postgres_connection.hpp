// One libpq connection for the PostgreSQL state store: results as RAII
// objects, statements prepared once per connection (keyed by their SQL),
// transactions that roll back unless committed, and errors that name the
// store by its redacted location (postgres_location.hpp), never by a URI
// that may hold a password.
//
// Thread contract: none of its own. A Connection is used by one thread at
// a time (PostgresStateStore holds its mutex around every use).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;

namespace photobridge::state::postgres {

// A libpq failure. what() starts with "state <redacted location>: ".
struct PostgresError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A statement parameter: text, or SQL NULL.
using Param = std::optional<std::string>;

// The rows of one statement (text format). Owns the PGresult.
class Result {
public:
    explicit Result(pg_result* result) noexcept : result_(result) {}
    ~Result();
    Result(Result&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
    Result& operator=(Result&&) = delete;
    Result(const Result&) = delete;

    // The statement ran (a command, or rows); false: error() says why.
    bool succeeded() const noexcept;
    // The server's message, or `fallback` when there is none (no result).
    std::string error(const std::string& fallback) const;
    std::string sqlstate() const;  // "" when none

    int rows() const noexcept;
    bool is_null(int row, int column) const noexcept;
    std::string text(int row, int column) const;                  // "" for NULL
    std::optional<std::string> optional_text(int row, int column) const;
    std::int64_t integer(int row, int column) const;              // 0 for NULL
    // Rows changed by an INSERT, UPDATE or DELETE.
    std::int64_t affected() const noexcept;

private:
    pg_result* result_;
};

class Connection {
public:
    // Connects to `uri` (a libpq connection URI or key=value string) with
    // connect_timeout 10 s and TCP keepalives (30 s idle, 3 probes 10 s
    // apart) unless the URI sets them, client_encoding UTF8, TimeZone UTC
    // and `application_name`. Throws PostgresError.
    Connection(const std::string& uri, const std::string& application_name);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // The location for messages: postgresql://user@host:port/db, no password.
    const std::string& location() const noexcept { return location_; }

    // Runs one or more statements without parameters.
    void exec(const std::string& sql, std::string_view what);
    // Runs `sql` (prepared on first use on this connection) with `params`
    // as text ($1, $2, ...). `what` names the operation in errors.
    Result run(const std::string& sql, const std::vector<Param>& params, std::string_view what);

    // Throws PostgresError "state LOCATION: WHAT: MESSAGE".
    [[noreturn]] void fail(std::string_view what, std::string_view message) const;

private:
    // Reconnects when the server closed the connection (restart, idle
    // timeout); prepared statements are prepared again. Never replays a
    // statement: a failure during one is reported.
    void ensure_connected();
    // What every session of the store needs (the UTC time zone).
    void configure_session();
    std::string error_message() const;

    pg_conn* conn_ = nullptr;
    std::string location_;
    std::map<std::string, std::string, std::less<>> prepared_;  // SQL -> statement name
};

// BEGIN on construction; ROLLBACK in the destructor unless commit() ran.
class Transaction {
public:
    explicit Transaction(Connection& connection);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Connection& connection_;
    bool open_ = true;
};

}  // namespace photobridge::state::postgres
