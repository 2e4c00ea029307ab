// What is the PostgreSQL store's own (the rest of its behaviour is the
// generic store suite, store_postgresql): its schema and migrations, a
// write of a page being all rows or none, and its connection URI's
// password never showing in a message. Each case starts its own server.
#include "state/lease_counters.hpp"
#include "state/postgres_location.hpp"
#include "state/postgres_schema.hpp"
#include "state/postgres_state_store.hpp"
#include "state/state_backend.hpp"
#include "support/postgres_server.hpp"
#include "support/skip.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <functional>
#include <string>
#include <thread>
#include <vector>

using namespace photobridge::state;
using photobridge::testing::PostgresServer;

namespace {

bool server_missing() {
    if (const auto missing = PostgresServer::missing_binaries()) {
        photobridge::testing::skip("no PostgreSQL server to test against: " + *missing);
        return true;
    }
    return false;
}

// The first column of the first row of `sql`, on a connection of its own.
std::string query(const std::string& uri, const std::string& sql) {
    postgres::Connection connection(uri, "photobridge test");
    const auto result = connection.run(sql, {}, "test query");
    return result.rows() ? result.text(0, 0) : "";
}

// Runs `sql` (one or more statements) on a connection of its own.
void execute(const std::string& uri, const std::string& sql) {
    postgres::Connection connection(uri, "photobridge test");
    connection.exec(sql, "test statements");
}

std::string error_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

// `uri` with a password added after the user ("postgresql://photobridge:PASSWORD@...").
std::string with_password(std::string uri, const std::string& password) {
    const auto at = uri.find("photobridge@");
    REQUIRE(at != std::string::npos);
    uri.insert(at + std::string("photobridge").size(), ":" + password);
    return uri;
}

}  // namespace

TEST_CASE("postgres store: a fresh database gets every table at the latest schema version, once, by hosts opening it at once") {
    if (server_missing()) return;
    PostgresServer server;
    const std::string uri = server.create_database("fresh");
    CHECK(open_existing_state_backend(uri) == nullptr);  // inspecting creates nothing
    CHECK(query(uri, "SELECT to_regclass('photobridge_schema') IS NULL") == "t");

    std::vector<std::thread> hosts;
    std::vector<std::string> errors(4);
    for (std::size_t i = 0; i < errors.size(); ++i)
        hosts.emplace_back([&, i] { errors[i] = error_of([&] { PostgresStateStore store(uri); }); });
    for (auto& h : hosts) h.join();
    for (const auto& e : errors) CHECK(e == "");
    CHECK(query(uri, "SELECT count(*) FROM photobridge_schema") ==
          std::to_string(postgres::latest_state_schema_version()));
    CHECK(query(uri, "SELECT max(version) FROM photobridge_schema") ==
          std::to_string(postgres::latest_state_schema_version()));
    for (const char* table : {"workflows", "checkpoints", "ledger", "dead_letters", "runs", "webhook_events",
                              "health_probe", "step_marks"}) {
        CAPTURE(table);
        CHECK(query(uri, std::string("SELECT to_regclass('") + table + "') IS NOT NULL") == "t");
    }
    CHECK(open_existing_state_backend(uri) != nullptr);
}

TEST_CASE("postgres store: migrations are an ordered list without gaps") {
    int expected = 1;
    for (const auto& m : postgres::state_migrations()) {
        CHECK(m.version == expected);
        CHECK(std::string(m.description) != "");
        ++expected;
    }
    CHECK(postgres::latest_state_schema_version() == expected - 1);
}

TEST_CASE("postgres store: a schema written by a newer photobridge is refused naming the store and both versions") {
    if (server_missing()) return;
    PostgresServer server;
    const std::string uri = server.create_database("newer");
    { PostgresStateStore create(uri); }
    const int newer = postgres::latest_state_schema_version() + 1;
    query(uri, "INSERT INTO photobridge_schema (version, description) VALUES (" + std::to_string(newer) +
                   ", 'from the future') RETURNING version");
    const std::string error = error_of([&] { PostgresStateStore store(uri); });
    CHECK(error.find("state postgresql://photobridge@") != std::string::npos);
    CHECK(error.find("/newer") != std::string::npos);
    CHECK(error.find("newer photobridge (schema version " + std::to_string(newer)) != std::string::npos);
    CHECK(error.find("versions up to " + std::to_string(newer - 1)) != std::string::npos);
    CHECK(error_of([&] { open_existing_state_backend(uri); }) != "");
}

TEST_CASE("postgres store: a database with tables of the same names but no photobridge_schema is refused and left untouched") {
    if (server_missing()) return;
    PostgresServer server;
    const std::string uri = server.create_database("foreign");
    execute(uri, "CREATE TABLE ledger (account text, amount numeric); INSERT INTO ledger VALUES ('a', 1)");
    const std::string error = error_of([&] { PostgresStateStore store(uri); });
    CHECK(error.find("not a photobridge state store") != std::string::npos);
    CHECK(query(uri, "SELECT count(*) FROM ledger") == "1");
    CHECK(query(uri, "SELECT to_regclass('photobridge_schema') IS NULL") == "t");
}

TEST_CASE("postgres store: a ledger write of 200 updates is all or nothing when the 150th fails") {
    if (server_missing()) return;
    PostgresServer server;
    const std::string uri = server.create_database("atomic");
    PostgresStateStore store(uri);
    // A trigger refuses one key, as a full disk or a constraint would.
    execute(uri, "CREATE FUNCTION refuse_k149() RETURNS trigger AS $$ BEGIN IF NEW.key = 'k149' THEN "
               "RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql; "
               "CREATE TRIGGER refuse BEFORE INSERT ON ledger FOR EACH ROW EXECUTE FUNCTION refuse_k149()");
    std::vector<LedgerUpdate> page;
    for (int i = 0; i < 200; ++i) page.push_back({"sb", "k" + std::to_string(i), "h", LedgerStatus::done, "r"});
    const std::string error = error_of([&] { store.ledger_write("wf", page); });
    CHECK(error.find("write ledger entries") != std::string::npos);
    CHECK(error.find("refused by the test") != std::string::npos);
    CHECK(store.ledger_count("wf") == 0);
    CHECK(store.workflows().empty());  // the workflow's row went with the write
    page.erase(page.begin() + 149);
    store.ledger_write("wf", page);  // the connection is usable after the failure
    CHECK(store.ledger_count("wf") == 199);
}

TEST_CASE("postgres store: the URI's password is in no message, location or error") {
    if (server_missing()) return;
    PostgresServer server;
    const std::string uri = server.create_database("secret");
    const std::string password = "pw-Zq81-never-shown";
    // Trust on the socket: the password is sent and not needed.
    const auto store = open_state_backend(with_password(uri, password));
    CHECK(store->location().find(password) == std::string::npos);
    CHECK(store->location().find("/secret") != std::string::npos);
    CHECK(state_location_for_people(with_password(uri, password)).find(password) == std::string::npos);

    const std::string missing_db = error_of([&] {
        open_state_backend(with_password(server.uri("no_such_database"), password));
    });
    CHECK(missing_db.find("no_such_database") != std::string::npos);
    CHECK(missing_db.find(password) == std::string::npos);
    // A statement error carries the location, not the URI.
    const std::string bad = error_of([&] { store->finish_run(1, "not an outcome", "{}"); });
    CHECK(bad.find(password) == std::string::npos);
    CHECK(redacted_postgresql_location("postgresql://u:" + password + "@db.example:6543/x?sslmode=require") ==
          "postgresql://u@db.example:6543/x");
    CHECK(redacted_postgresql_location("postgresql://u:" + password + "@[::1") == "postgresql://(unparsable URI)");
}

TEST_CASE("postgres lease: a holder that stops renewing loses the lease to another host and its writes are refused") {
    if (server_missing()) return;
    PostgresServer server;
    const std::string uri = server.create_database("fencing");
    PostgresStoreOptions short_lease;
    short_lease.lease_duration = std::chrono::milliseconds(600);
    { PostgresStateStore create(uri); }

    int to_parent[2];
    int to_child[2];
    REQUIRE(::pipe(to_parent) == 0);
    REQUIRE(::pipe(to_child) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {  // the first host: takes the lease, is frozen, wakes up, tries to write
        try {
            PostgresStateStore store(uri, short_lease);
            LockWait wait;
            wait.on_lost = [&] { (void)!::write(to_parent[1], "L", 1); };
            auto lease = store.lock_workflow("wf", wait);
            store.ledger_write("wf", {{"sb", "before-freeze", "h", LedgerStatus::done, "r0"}});
            (void)!::write(to_parent[1], "H", 1);
            char go = 0;
            if (::read(to_child[0], &go, 1) != 1) ::_exit(2);
            try {
                store.ledger_write("wf", {{"sb", "after-wake", "h", LedgerStatus::done, "r1"}});
                (void)!::write(to_parent[1], "W", 1);
            } catch (const LeaseLost&) {
                (void)!::write(to_parent[1], "F", 1);
            }
            ::_exit(0);
        } catch (...) {
            ::_exit(3);
        }
    }
    char byte = 0;
    REQUIRE(::read(to_parent[0], &byte, 1) == 1);
    REQUIRE(byte == 'H');
    ::kill(child, SIGSTOP);  // frozen: its session (and advisory lock) lives on, its heartbeat stops
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));

    PostgresStateStore second(uri, short_lease);
    const auto rescued_before = lease_counters().rescued.load();
    {
        auto lease = second.lock_workflow("wf", LockWait{});  // the expired lease is taken over
        CHECK(lease_counters().rescued.load() == rescued_before + 1);
        second.ledger_write("wf", {{"sb", "second-host", "h", LedgerStatus::done, "r2"}});

        ::kill(child, SIGCONT);
        REQUIRE(::read(to_parent[0], &byte, 1) == 1);
        CHECK(byte == 'L');  // its heartbeat found the lease gone
        REQUIRE(::write(to_child[1], "g", 1) == 1);
        REQUIRE(::read(to_parent[0], &byte, 1) == 1);
        CHECK(byte == 'F');  // and its write was refused
        int status = 0;
        REQUIRE(::waitpid(child, &status, 0) == child);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    const auto entries = second.ledger_lookup("wf", "sb", {"before-freeze", "after-wake", "second-host"});
    CHECK(entries.size() == 2);
    CHECK(entries.count("after-wake") == 0);
    // Released: the next run anywhere takes it at once.
    PostgresStateStore third(uri);
    CHECK_NOTHROW(third.lock_workflow("wf", LockWait{}));
    for (int fd : {to_parent[0], to_parent[1], to_child[0], to_child[1]}) ::close(fd);
}

TEST_CASE("postgres store: two stores in one database, each in its own schema chosen by the URI's search_path") {
    if (server_missing()) return;
    PostgresServer server;
    const std::string uri = server.create_database("tenants");
    execute(uri, "CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b");
    const std::string a = uri + (uri.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3Dtenant_a";
    const std::string b = uri + (uri.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3Dtenant_b";
    open_state_backend(a)->ledger_write("wf", {{"sb", "k", "h", LedgerStatus::done, "from-a"}});
    open_state_backend(b)->ledger_write("wf", {{"sb", "k", "h", LedgerStatus::done, "from-b"}});
    CHECK(open_state_backend(a)->ledger_lookup("wf", "sb", {"k"}).at("k").result_id == "from-a");
    CHECK(open_state_backend(b)->ledger_lookup("wf", "sb", {"k"}).at("k").result_id == "from-b");
    CHECK(query(uri, "SELECT count(*) FROM tenant_a.ledger") == "1");
    CHECK(query(uri, "SELECT to_regclass('public.ledger') IS NULL") == "t");
    // Timestamps are UTC whatever the server's zone.
    execute(uri, "ALTER DATABASE tenants SET TimeZone = 'America/New_York'");
    const auto runs_store = open_state_backend(a);
    runs_store->finish_run(runs_store->begin_run("wf"), "ok", "{}");
    const std::string started = runs_store->runs("wf", 1).at(0).started_at;
    CHECK(started.back() == 'Z');
    const int written_hour = std::stoi(started.substr(11, 2));
    const int utc_hour = std::stoi(query(uri, "SELECT to_char(now() AT TIME ZONE 'UTC', 'HH24')"));
    CHECK((utc_hour - written_hour + 24) % 24 <= 1);  // New York is 4 or 5 hours off
}
