// `photobridge state show|reset|dead-letters`, run as a child process
// against a state database the test fills through the store: SQLite, and
// PostgreSQL given as --state URI or PHOTOBRIDGE_STATE.
#include "state/sqlite_state_store.hpp"
#include "support/postgres_server.hpp"
#include "support/skip.hpp"
#include "temp_folder.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <sys/wait.h>

using namespace photobridge::state;
using photobridge::testing::TempFolder;

namespace {

struct Run {
    int exit_code = -1;
    std::string out;  // stdout
    std::string all;  // stdout and stderr
};

// stdin is /dev/null: never a terminal, so confirmations are refused.
Run cli_in_shell(const std::string& program, const std::string& args) {
    Run r;
    TempFolder capture;
    const std::string err_file = (capture / "stderr").string();
    const std::string command = program + " " + args + " </dev/null 2>" + err_file;
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 4096> buffer{};
    while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) r.out.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream err(err_file);
    r.all = r.out + std::string(std::istreambuf_iterator<char>(err), {});
    return r;
}

Run cli(const std::string& args) { return cli_in_shell(PHOTOBRIDGE_CLI, args); }

// `env` is "NAME='value' ..." put before the command.
Run cli_with_env(const std::string& env, const std::string& args) {
    return cli_in_shell(env + std::string(PHOTOBRIDGE_CLI), args);
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Two workflows with checkpoints, ledger entries, dead letters and runs.
void fill(StateBackend& store) {
    for (const std::string wf : {"favorites-to-review", "cards"}) {
        Checkpoint c;
        c.cursor = "cursor-3";
        c.pages = 2;
        c.records = 400;
        c.high_water = "2024-05-01T00:00:00Z";
        store.save_checkpoint(wf, "org_favorites", c);
        std::vector<LedgerUpdate> updates;
        for (int i = 0; i < 5; ++i)
            updates.push_back({"sb.upload_photo", "hp:" + std::to_string(i), "h", i < 4 ? LedgerStatus::done : LedgerStatus::pending,
                               i < 4 ? "photo-" + std::to_string(i) : ""});
        store.ledger_write(wf, updates);
        const auto run = store.begin_run(wf);
        store.finish_run(run, "ok", R"({"read":5,"synced":4,"skipped":0,"failed":1})");
        store.begin_run(wf);
    }
    DeadLetter d;
    d.workflow = "favorites-to-review";
    d.sink = "sb.upload_photo";
    d.key = "hp:9";
    d.code = 10;  // a pb_status
    d.http_status = 503;
    d.error = "upstream unavailable\nafter 5 attempts";
    d.record_json = R"({"kind":"photo","id":"9","provider":"headshotpro"})";
    d.attempts = 5;
    store.add_dead_letter(d);
    d.key = "hp:10";
    d.record_json = "not json at all";
    store.add_dead_letter(d);
}

void fill(const std::filesystem::path& path) {
    SqliteStateStore store(path);
    fill(store);
}

std::string state_arg(const std::filesystem::path& path) { return " --state '" + path.string() + "'"; }

}  // namespace

TEST_CASE("state show lists every workflow or one and prints JSON and never creates a missing database") {
    TempFolder dir;
    const auto path = dir / "state.db";

    const auto missing = cli("state show" + state_arg(path));
    CHECK(missing.exit_code == 0);
    CHECK(has(missing.out, "does not exist yet"));
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK(cli("state show --json" + state_arg(path)).exit_code == 0);
    const auto missing_named = cli("state show favorites-to-review" + state_arg(path));
    CHECK(missing_named.exit_code == 2);
    CHECK(has(missing_named.all, "no state database there yet"));
    CHECK_FALSE(std::filesystem::exists(path));

    fill(path);
    const auto all = cli("state show" + state_arg(path));
    CHECK(all.exit_code == 0);
    CHECK(has(all.out, "Workflow cards"));
    CHECK(has(all.out, "Workflow favorites-to-review"));
    CHECK(has(all.out, "org_favorites: 2 pages, 400 records, in progress"));
    CHECK(has(all.out, "sb.upload_photo: 4 done, 1 pending"));
    CHECK(has(all.out, "dead letters: 2"));
    CHECK(has(all.out, "(still running, or killed)"));
    CHECK(has(all.out, R"("synced":4)"));

    const auto one = cli("state show cards --json" + state_arg(path));
    CHECK(one.exit_code == 0);
    const auto json = boost::json::parse(one.out);
    const auto& workflows = json.at("workflows").as_array();
    REQUIRE(workflows.size() == 1);
    const auto& wf = workflows[0].as_object();
    CHECK(wf.at("name").as_string() == "cards");
    CHECK(wf.at("checkpoints").as_array()[0].at("cursor").as_string() == "cursor-3");
    CHECK(wf.at("ledger").as_array()[0].at("done").as_int64() == 4);
    CHECK(wf.at("dead_letters").as_int64() == 0);
    CHECK(wf.at("runs").as_array().size() == 2);
    CHECK(wf.at("runs").as_array()[1].at("counts").at("failed").as_int64() == 1);
    CHECK(wf.at("runs").as_array()[0].at("finished_at").is_null());
    CHECK(cli("state show cards --runs 1 --json" + state_arg(path)).out.find("\"id\": 3") == std::string::npos);

    const auto typo = cli("state show favourites" + state_arg(path));
    CHECK(typo.exit_code == 2);
    CHECK(has(typo.all, "no state for workflow 'favourites'"));
    CHECK(has(typo.all, "known: cards favorites-to-review"));
}

TEST_CASE("WORKFLOW may be a workflow file whose workflow name is used and a broken file is FILE:LINE:COLUMN") {
    TempFolder dir;
    const auto path = dir / "state.db";
    fill(path);
    const auto file = dir / "review.toml";
    std::ofstream(file) << "# a workflow\n[workflow]\nname = \"favorites-to-review\"\n\n[source]\nconnection = \"hp\"\n";
    const auto shown = cli("state show '" + file.string() + "'" + state_arg(path));
    CHECK(shown.exit_code == 0);
    CHECK(has(shown.out, "Workflow favorites-to-review"));

    const auto broken = dir / "broken.toml";
    std::ofstream(broken) << "[workflow]\nname = \"x\"\nname = = 3\n";
    const auto bad = cli("state show '" + broken.string() + "'" + state_arg(path));
    CHECK(bad.exit_code == 2);
    CHECK(has(bad.all, broken.string() + ":3:"));

    const auto nameless = dir / "nameless.toml";
    std::ofstream(nameless) << "[workflow]\ndescription = \"x\"\n";
    const auto no_name = cli("state show '" + nameless.string() + "'" + state_arg(path));
    CHECK(no_name.exit_code == 2);
    CHECK(has(no_name.all, "[workflow] name is missing"));

    const auto numeric = dir / "numeric.toml";
    std::ofstream(numeric) << "[workflow]\nname = 42\n";
    const auto not_string = cli("state show '" + numeric.string() + "'" + state_arg(path));
    CHECK(not_string.exit_code == 2);
    CHECK(has(not_string.all, numeric.string() + ":2:8: [workflow] name must be a string"));

    const auto absent = cli("state show nosuch.toml" + state_arg(path));
    CHECK(absent.exit_code == 2);
    CHECK(has(absent.all, "workflow file 'nosuch.toml' not found"));
}

TEST_CASE("state reset refuses without --yes when not on a terminal and then forgets one workflow") {
    TempFolder dir;
    const auto path = dir / "state.db";
    fill(path);
    const auto refused = cli("state reset cards" + state_arg(path));
    CHECK(refused.exit_code == 2);
    CHECK(has(refused.all, "pass --yes"));
    CHECK(has(refused.all, "5 ledger entries"));
    {
        SqliteStateStore store(path);
        CHECK(store.ledger_count("cards") == 5);
    }
    const auto done = cli("state reset cards --yes" + state_arg(path));
    CHECK(done.exit_code == 0);
    CHECK(has(done.out, "removed 5 ledger entries, 0 dead letters, 2 runs"));
    {
        SqliteStateStore store(path);
        CHECK(store.workflows() == std::vector<std::string>{"favorites-to-review"});
        CHECK(store.ledger_count("favorites-to-review") == 5);
    }
    const auto again = cli("state reset cards --yes" + state_arg(path));
    CHECK(again.exit_code == 0);
    CHECK(has(again.out, "nothing to reset"));
    CHECK(cli("state reset" + state_arg(path)).exit_code == 2);  // WORKFLOW is required
}

TEST_CASE("state dead-letters lists as a table or JSON and selects with --id and removes and --retry needs the file") {
    TempFolder dir;
    const auto path = dir / "state.db";
    fill(path);
    const auto table = cli("state dead-letters favorites-to-review" + state_arg(path));
    CHECK(table.exit_code == 0);
    CHECK(has(table.out, "ID"));
    CHECK(has(table.out, "hp:9"));
    CHECK(has(table.out, "503"));
    CHECK(has(table.out, "upstream unavailable after 5 attempts"));  // one line per letter

    const auto json = cli("state dead-letters favorites-to-review --json" + state_arg(path));
    CHECK(json.exit_code == 0);
    const auto parsed = boost::json::parse(json.out);
    const auto& letters = parsed.at("dead_letters").as_array();
    REQUIRE(letters.size() == 2);
    CHECK(letters[0].at("record").at("provider").as_string() == "headshotpro");
    CHECK(letters[1].at("record").as_string() == "not json at all");
    CHECK(letters[0].at("attempts").as_int64() == 5);
    const auto first_id = letters[0].at("id").as_int64();
    const auto second_id = letters[1].at("id").as_int64();

    CHECK(cli("state dead-letters cards" + state_arg(path)).out.find("No dead letters") != std::string::npos);
    const auto unknown_id = cli("state dead-letters favorites-to-review --id 999" + state_arg(path));
    CHECK(unknown_id.exit_code == 2);
    CHECK(has(unknown_id.all, "no dead letter with id 999"));

    const auto removed = cli("state dead-letters favorites-to-review --remove --id " + std::to_string(first_id) +
                             state_arg(path));
    CHECK(removed.exit_code == 0);
    CHECK(has(removed.out, "Removed 1 dead letter"));
    {
        SqliteStateStore store(path);
        const auto left = store.dead_letters("favorites-to-review");
        REQUIRE(left.size() == 1);
        CHECK(left[0].id == second_id);
    }
    const auto remove_all_refused = cli("state dead-letters favorites-to-review --remove" + state_arg(path));
    CHECK(remove_all_refused.exit_code == 2);
    CHECK(has(remove_all_refused.all, "pass --yes"));
    CHECK(cli("state dead-letters favorites-to-review --remove --yes" + state_arg(path)).exit_code == 0);
    {
        SqliteStateStore store(path);
        CHECK(store.dead_letter_count("favorites-to-review") == 0);
    }

    // --retry hands the file to the engine, which validates it first: an
    // invalid workflow is reported as FILE:LINE:COLUMN, exit 2, nothing touched.
    DeadLetter letter;
    letter.workflow = "favorites-to-review";
    letter.key = "hp:11";
    letter.record_json = "{}";
    {
        SqliteStateStore store(path);
        store.add_dead_letter(letter);
    }
    const auto invalid = dir / "invalid.toml";
    std::ofstream(invalid) << "[workflow]\nname = \"favorites-to-review\"\n\n[source]\nconnection = \"nosuch\"\n"
                              "stream = \"photos\"\n";
    const auto retry_invalid = cli("state dead-letters '" + invalid.string() + "' --retry" + state_arg(path));
    CHECK(retry_invalid.exit_code == 2);
    CHECK(has(retry_invalid.all, invalid.string() + ":"));
    {
        SqliteStateStore store(path);
        CHECK(store.dead_letter_count("favorites-to-review") == 1);
    }

    const auto retry_by_name = cli("state dead-letters favorites-to-review --retry" + state_arg(path));
    CHECK(retry_by_name.exit_code == 2);
    CHECK(has(retry_by_name.all, "--retry needs the workflow file"));
    CHECK(cli("state dead-letters favorites-to-review --retry --remove" + state_arg(path)).exit_code == 2);
}

TEST_CASE("a --state that is not a state database fails with exit 1 naming it") {
    TempFolder dir;
    const auto path = dir / "notes.txt";
    std::ofstream(path) << "these are notes, not a database, and long enough for SQLite to look at the header.....\n";
    const auto r = cli("state show" + state_arg(path));
    CHECK(r.exit_code == 1);
    CHECK(has(r.all, path.string()));
    CHECK(has(r.all, "file is not a database"));
}

TEST_CASE("state commands read a PostgreSQL store given as --state URI or PHOTOBRIDGE_STATE and never print its password") {
    if (const auto missing = photobridge::testing::PostgresServer::missing_binaries()) {
        photobridge::testing::skip("no PostgreSQL server to test against: " + *missing);
        return;
    }
    photobridge::testing::PostgresServer server;
    const std::string uri = server.create_database("cli");
    const std::string password = "pw-cli-Hq7-never-shown";
    std::string with_password = uri;
    with_password.insert(with_password.find("photobridge@") + std::string("photobridge").size(), ":" + password);
    const std::string state = " --state '" + with_password + "'";

    const auto missing = cli("state show" + state);
    CHECK(missing.exit_code == 0);
    CHECK(has(missing.out, "does not exist yet"));
    CHECK(has(missing.out, "postgresql://photobridge@"));
    CHECK_FALSE(has(missing.all, password));
    CHECK(open_existing_state_backend(uri) == nullptr);  // showing created nothing

    fill(*open_state_backend(uri));
    const auto all = cli("state show" + state);
    CHECK(all.exit_code == 0);
    CHECK(has(all.out, "Workflow cards"));
    CHECK(has(all.out, "org_favorites: 2 pages, 400 records, in progress"));
    CHECK(has(all.out, "sb.upload_photo: 4 done, 1 pending"));
    CHECK(has(all.out, "dead letters: 2"));
    CHECK_FALSE(has(all.all, password));

    const std::string env = "PHOTOBRIDGE_STATE='" + with_password + "' ";
    const auto json_run = cli_with_env(env, "state show cards --json");
    CHECK(json_run.exit_code == 0);
    const auto json = boost::json::parse(json_run.out);
    CHECK(json.at("workflows").as_array().size() == 1);
    CHECK(json.at("state").as_string().find(password) == std::string::npos);

    const auto letters = cli_with_env(env, "state dead-letters favorites-to-review");
    CHECK(letters.exit_code == 0);
    CHECK(has(letters.out, "hp:9"));
    const auto reset = cli_with_env(env, "state reset cards --yes");
    CHECK(reset.exit_code == 0);
    CHECK_FALSE(has(reset.all, password));
    CHECK(open_state_backend(uri)->workflows() == std::vector<std::string>{"favorites-to-review"});

    const auto unreachable = cli("state show --state 'postgresql://photobridge:" + password +
                                 "@/cli?host=" + (server.folder() / "nowhere").string() + "'");
    CHECK(unreachable.exit_code == 1);
    CHECK(has(unreachable.all, "cannot connect"));
    CHECK_FALSE(has(unreachable.all, password));
}
