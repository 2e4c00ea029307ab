#include "state/postgres_connection.hpp"

#include "state/postgres_location.hpp"

#include <libpq-fe.h>

#include <charconv>

namespace photobridge::state::postgres {

// --- Result -------------------------------------------------------------------

Result::~Result() {
    if (result_) PQclear(result_);
}

int Result::rows() const noexcept { return PQntuples(result_); }

bool Result::is_null(int row, int column) const noexcept { return PQgetisnull(result_, row, column) != 0; }

std::string Result::text(int row, int column) const {
    return std::string(PQgetvalue(result_, row, column), static_cast<std::size_t>(PQgetlength(result_, row, column)));
}

std::optional<std::string> Result::optional_text(int row, int column) const {
    if (is_null(row, column)) return std::nullopt;
    return text(row, column);
}

std::int64_t Result::integer(int row, int column) const {
    if (is_null(row, column)) return 0;
    const char* value = PQgetvalue(result_, row, column);
    const char* end = value + PQgetlength(result_, row, column);
    std::int64_t out = 0;
    const auto [stop, error] = std::from_chars(value, end, out);
    if (error != std::errc{} || stop != end)
        throw PostgresError(std::string("state: the server returned '") + value + "' where an integer was expected");
    return out;
}

bool Result::succeeded() const noexcept {
    const auto status = PQresultStatus(result_);
    return result_ && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK);
}

std::string Result::error(const std::string& fallback) const {
    std::string message = result_ ? PQresultErrorMessage(result_) : "";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    return message.empty() ? fallback : message;
}

std::string Result::sqlstate() const {
    const char* state = result_ ? PQresultErrorField(result_, PG_DIAG_SQLSTATE) : nullptr;
    return state ? state : "";
}

std::int64_t Result::affected() const noexcept {
    const char* count = PQcmdTuples(result_);
    std::int64_t out = 0;
    std::from_chars(count, count + std::char_traits<char>::length(count), out);
    return out;
}

// --- Connection ---------------------------------------------------------------

Connection::Connection(const std::string& uri, const std::string& application_name)
    : location_(redacted_postgresql_location(uri)) {
    // Later keywords override earlier ones, and the expanded dbname (the
    // URI) sits between: the URI may set connect_timeout and keepalives,
    // never the encoding the store relies on.
    // TCP keepalives: a server that vanished without a FIN is noticed in
    // about a minute (30 s idle, 3 probes 10 s apart), not never.
    const char* keywords[] = {"connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval",
                              "keepalives_count", "application_name", "dbname", "client_encoding", nullptr};
    const char* values[] = {"10", "1", "30", "10", "3", application_name.c_str(), uri.c_str(), "UTF8", nullptr};
    conn_ = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
    if (!conn_) throw PostgresError("state " + location_ + ": cannot connect: out of memory");
    if (PQstatus(conn_) != CONNECTION_OK) {
        const std::string message = error_message();
        PQfinish(conn_);
        conn_ = nullptr;
        throw PostgresError("state " + location_ + ": cannot connect: " + message);
    }
    try {
        configure_session();
    } catch (...) {
        PQfinish(conn_);
        conn_ = nullptr;
        throw;
    }
}

void Connection::configure_session() {
    // Not as the `options` keyword: that would replace the URI's own
    // options (a search_path, say).
    Result result(PQexec(conn_, "SET TimeZone = 'UTC'"));
    if (!result.succeeded()) fail("set the session's time zone", result.error(error_message()));
}

Connection::~Connection() {
    if (conn_) PQfinish(conn_);
}

std::string Connection::error_message() const {
    std::string message = conn_ ? PQerrorMessage(conn_) : "no connection";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    return message;
}

void Connection::fail(std::string_view what, std::string_view message) const {
    std::string text = "state " + location_ + ": ";
    text += what;
    text += ": ";
    text += message;
    throw PostgresError(text);
}

void Connection::ensure_connected() {
    if (PQstatus(conn_) == CONNECTION_OK) return;
    PQreset(conn_);
    prepared_.clear();
    if (PQstatus(conn_) != CONNECTION_OK) fail("reconnect", error_message());
    configure_session();
}

void Connection::exec(const std::string& sql, std::string_view what) {
    ensure_connected();
    Result result(PQexec(conn_, sql.c_str()));
    if (!result.succeeded()) fail(what, result.error(error_message()));
}

Result Connection::run(const std::string& sql, const std::vector<Param>& params, std::string_view what) {
    ensure_connected();
    auto found = prepared_.find(sql);
    if (found == prepared_.end()) {
        std::string name = "pb_" + std::to_string(prepared_.size() + 1);
        Result prepared(PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr));
        if (!prepared.succeeded()) fail(what, prepared.error(error_message()));
        found = prepared_.emplace(sql, std::move(name)).first;
    }
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const Param& p : params) values.push_back(p ? p->c_str() : nullptr);
    Result result(PQexecPrepared(conn_, found->second.c_str(), static_cast<int>(values.size()), values.data(),
                                 nullptr, nullptr, 0));
    if (!result.succeeded()) fail(what, result.error(error_message()));
    return result;
}

// --- Transaction ----------------------------------------------------------------

Transaction::Transaction(Connection& connection) : connection_(connection) { connection_.exec("BEGIN", "begin"); }

Transaction::~Transaction() {
    if (!open_) return;
    try {
        connection_.exec("ROLLBACK", "roll back");
    } catch (const PostgresError&) {
        // The connection is gone: the server rolls the transaction back.
    }
}

void Transaction::commit() {
    open_ = false;
    connection_.exec("COMMIT", "commit");
}

}  // namespace photobridge::state::postgres
