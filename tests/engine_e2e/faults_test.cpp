// A run against a mock that fails 10% of requests with 500, 5% with 429
// (Retry-After: 1) and resets 2% of connections: every record still lands
// exactly once.
#include "e2e_support.hpp"
#include "engine/run_engine.hpp"
#include "state/state_store.hpp"

#include <doctest/doctest.h>

using namespace photobridge;

TEST_CASE("e2e: 10% 500, 5% 429 with Retry-After, 2% connection resets: every favorite exactly once") {
    auto mock = e2e::start_mock();
    e2e::TempDir dir;
    const auto expected = e2e::favorite_names(*mock, "headshotpro-");  // read before the faults
    mock->admin("POST", "/__admin/faults", R"({"rules": [
        {"id": "reset", "fault": "reset", "probability": 0.02, "seed": 11},
        {"id": "throttle", "status": 429, "retry_after_s": 1, "probability": 0.05, "seed": 12},
        {"id": "boom", "status": 500, "probability": 0.10, "seed": 13}
    ]})");
    e2e::WorkflowText text;
    text.name = "faulty";
    text.concurrency = 16;
    text.retry = "{ attempts = 10, backoff_ms = 10, max_backoff_ms = 200 }";
    const auto wf = e2e::load(e2e::write_workflow(dir.path(), mock->base_url(), text));
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    const auto s = engine::run_workflow(wf, testing::built_plugins(), store.get(), engine::RunOptions{});
    INFO(s.to_text());
    std::string first_letters;  // why records failed, when they did
    for (const auto& letter : store->dead_letters("faulty")) {
        if (first_letters.size() > 2000) break;
        first_letters += letter.key + " attempts " + std::to_string(letter.attempts) + ": " + letter.error + "\n";
    }
    INFO(first_letters);
    CHECK(s.outcome == "ok");
    CHECK(s.failed == 0);
    CHECK(s.retries > 100);  // the faults did happen
    const auto rules = mock->admin("GET", "/__admin/faults");
    for (const auto& r : rules.at("rules").as_array()) CHECK(r.at("matched_requests").to_number<std::int64_t>() > 0);

    mock->admin("DELETE", "/__admin/faults");
    e2e::check_exactly_once(e2e::album_uploads(*mock), expected);
}
