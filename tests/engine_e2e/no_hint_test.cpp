// Exactly once without hints: the workflow a new user writes first, whose
// Shootbin sink sets no client_original_filename, under the faults of the
// issue (HeadshotPro: 10% 500s, 5% 429s; Shootbin uploads: 10% 500s, 2%
// connection resets) and 8 SIGKILLs at spread-out points, then a resume.
// The engine derives the name from the idempotency key
// ("photobridge-" + key_as_name(key)), so every interrupted upload is looked
// up: every favorite is in the album exactly once, counted at the mock.
#include "e2e_support.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <thread>

using namespace std::chrono_literals;

namespace {

// "headshotpro:<id>" as key_as_name writes it.
constexpr const char* kDerivedPrefix = "photobridge-headshotpro_3A";

}  // namespace

TEST_CASE("e2e: no filename hint, faults and 8 SIGKILLs, then a resume: every favorite exactly once") {
    auto mock = e2e::start_mock();
    e2e::TempDir dir;
    const auto expected = e2e::favorite_names(*mock, kDerivedPrefix, "");  // read before the faults
    mock->admin("POST", "/__admin/faults", R"({"rules": [
        {"id": "hp-boom", "provider": "headshotpro", "status": 500, "probability": 0.10, "seed": 21},
        {"id": "hp-throttle", "provider": "headshotpro", "status": 429, "retry_after_s": 1, "probability": 0.05, "seed": 22},
        {"id": "sb-boom", "provider": "shootbin", "method": "POST", "status": 500, "probability": 0.10, "seed": 23},
        {"id": "sb-reset", "provider": "shootbin", "method": "POST", "fault": "reset", "probability": 0.02, "seed": 24}
    ]})");
    e2e::WorkflowText text;
    text.name = "no-hint";
    text.filename_hint = false;
    text.retry = "{ attempts = 10, backoff_ms = 10, max_backoff_ms = 200 }";
    const auto file = e2e::write_workflow(dir.path(), mock->base_url(), text);
    const auto state = dir.path() / "state.db";

    const int kills = e2e::run_and_kill_at(*mock, file, state, dir.path() / "run.log", {30, 120, 230, 350, 480, 600, 730, 860}, kDerivedPrefix);
    CHECK(kills == 8);
    e2e::Child last({"run", file.string(), "--state", state.string()}, dir.path() / "run.log");
    const int rc = last.wait(180s);
    INFO(e2e::read_file(dir.path() / "run.log"));
    CHECK(rc == 0);
    mock->admin("DELETE", "/__admin/faults");
    e2e::check_exactly_once(e2e::album_uploads(*mock, kDerivedPrefix), expected);
}
