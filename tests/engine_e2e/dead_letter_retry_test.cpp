// Records that failed for good become dead letters; after the cause is
// fixed, `photobridge state dead-letters WORKFLOW.toml --retry` (the engine's
// retry_dead_letters) syncs them and removes the letters.
#include "e2e_support.hpp"
#include "cli/dead_letter_retry.hpp"
#include "engine/run_engine.hpp"
#include "state/state_store.hpp"

#include <doctest/doctest.h>

using namespace photobridge;

TEST_CASE("e2e: uploads refused by a locked project are dead-lettered, then retried into the right album") {
    auto mock = e2e::start_mock(60);
    e2e::TempDir dir;
    e2e::WorkflowText text;
    text.name = "to-locked-project";
    text.shootbin_project = 3;  // locked for review: uploads get 403
    text.shootbin_album = 32;
    const auto file = e2e::write_workflow(dir.path(), mock->base_url(), text);
    const auto state_path = dir.path() / "state.db";
    {
        auto store = state::open_sqlite_state_store(state_path);
        const auto s = engine::run_workflow(e2e::load(file), testing::built_plugins(), store.get(), engine::RunOptions{});
        CHECK(s.outcome == "partial");
        CHECK(s.exit_code == 1);
        CHECK(s.dead_lettered == 60);
        const auto letters = store->dead_letters(text.name);
        REQUIRE(letters.size() == 60);
        CHECK(letters[0].http_status == 403);
        CHECK(letters[0].code == PB_ERR_FORBIDDEN);
        CHECK(letters[0].attempts == 1);  // 403 is not retried
    }
    // The user fixes the album and retries the letters.
    text.shootbin_project = 1;
    text.shootbin_album = 12;
    e2e::write_workflow(dir.path(), mock->base_url(), text);
    cli::DeadLetterRetryOptions options;
    options.state_path = state_path;
    CHECK(cli::retry_dead_letters(file.string(), options) == 0);
    auto store = state::open_sqlite_state_store(state_path);
    CHECK(store->dead_letters(text.name).empty());
    e2e::check_exactly_once(e2e::album_uploads(*mock), e2e::favorite_names(*mock, "headshotpro-"));
    // And a normal run now has nothing left to do.
    const auto again = engine::run_workflow(e2e::load(file), testing::built_plugins(), store.get(), engine::RunOptions{});
    CHECK(again.synced == 0);
    CHECK(again.skipped == 60);
}
