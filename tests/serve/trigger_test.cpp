// [trigger] as the loader reads it (the error catalogue is in
// tests/workflow_file/broken/trigger_*.toml), and how serve reads what a
// webhook payload names.
#include "serve_support.hpp"

#include "workflow/workflow_loader.hpp"
#include "serve/webhook_event_reference.hpp"

#include <doctest/doctest.h>

using namespace serve_test;
using photobridge::model::Trigger;

namespace {

photobridge::workflow_file::LoadResult load_with_trigger(const TempDir& dir, const std::string& trigger) {
    const auto file = write_snapbar_workflow(dir.path(), "http://127.0.0.1:1", trigger);
    return photobridge::workflow_file::load_workflow(file, photobridge::testing::built_plugins());
}

std::string diagnostics(const photobridge::workflow_file::LoadResult& r) {
    std::string out;
    for (const auto& d : r.diagnostics) out += d.str() + "\n";
    return out;
}

}  // namespace

TEST_CASE("trigger: webhook, every in each unit, and none") {
    TempDir dir;
    {
        auto r = load_with_trigger(dir, "webhook = \"snapbar\"");
        INFO(diagnostics(r));
        REQUIRE(r.workflow);
        CHECK(r.workflow->trigger.kind == Trigger::Kind::webhook);
        CHECK(r.workflow->trigger.webhook == "snapbar");
        CHECK(r.workflow->trigger.where.line > 0);
    }
    for (const auto& [text, seconds] : std::vector<std::pair<std::string, std::int64_t>>{
             {"30s", 30}, {"15m", 900}, {"2h", 7200}, {"1d", 86400}, {"365d", 365 * 86400}}) {
        CAPTURE(text);
        auto r = load_with_trigger(dir, "every = \"" + text + "\"");
        INFO(diagnostics(r));
        REQUIRE(r.workflow);
        CHECK(r.workflow->trigger.kind == Trigger::Kind::every);
        CHECK(r.workflow->trigger.every_seconds == seconds);
    }
    auto r = load_with_trigger(dir, "");
    REQUIRE(r.workflow);
    CHECK(r.workflow->trigger.kind == Trigger::Kind::manual);
}

TEST_CASE("trigger: bad values are FILE:LINE:COLUMN errors") {
    TempDir dir;
    for (const char* bad : {"every = \"15\"", "every = \"m\"", "every = \"-5m\"", "every = \"1.5h\"", "every = \"0s\"",
                            "every = \"366d\"", "every = \"99999999999999999999d\"", "every = 15",
                            "webhook = \"headshotpro\"", "webhook = \"\"", "webhook = \"snapbar\"\nevery = \"1h\"",
                            "cron = \"* * * * *\""}) {
        CAPTURE(bad);
        auto r = load_with_trigger(dir, bad);
        CHECK_FALSE(r.workflow);
        REQUIRE_FALSE(r.diagnostics.empty());
        const std::string text = diagnostics(r);
        CAPTURE(text);
        CHECK(text.find("trigger") != std::string::npos);
        CHECK(r.diagnostics.front().where.line > 1);
        CHECK(text.find(kSecret) == std::string::npos);
    }
}

TEST_CASE("the snapbar manifest tells serve how to fetch the submission a webhook names") {
    const auto plugin = photobridge::testing::built_plugins().find("snapbar");
    REQUIRE(plugin);
    const auto fetch = photobridge::serve::record_fetch_for(*plugin->manifest, "submissions");
    REQUIRE(fetch);
    CHECK(fetch->kind == "submission");
    CHECK(fetch->operation == "get_submission");
    CHECK(fetch->id_param == "submission_id");
    CHECK_FALSE(photobridge::serve::record_fetch_for(*plugin->manifest, "no-such-stream"));
}

TEST_CASE("webhook payloads: full, id only, submission_id, delivery ids, and payloads naming nothing") {
    using photobridge::serve::EventReference;
    const photobridge::serve::RecordFetch fetch{"submission", "get_submission", "submission_id"};
    const auto ref = [&](const char* text) { return photobridge::serve::read_event_reference(json::parse(text), fetch); };

    auto full = ref(R"({"topic":"SUBMISSION_COMPLETE","submission":{"id":"s1","state":"ACCEPTED","photos":[]}})");
    REQUIRE(std::holds_alternative<EventReference>(full));
    CHECK(std::get<EventReference>(full).record_id == "s1");
    CHECK(std::get<EventReference>(full).event_key == "SUBMISSION_COMPLETE:submission:s1");

    auto id_only = ref(R"({"topic":"SUBMISSION_COMPLETE","submission":{"id":"s1"}})");
    REQUIRE(std::holds_alternative<EventReference>(id_only));
    CHECK(std::get<EventReference>(id_only).event_key == std::get<EventReference>(full).event_key);

    auto bare = ref(R"({"submission_id": 42})");
    REQUIRE(std::holds_alternative<EventReference>(bare));
    CHECK(std::get<EventReference>(bare).record_id == "42");

    auto delivery = ref(R"({"topic":"SUBMISSION_COMPLETE","delivery_id":"d-9","submission":"s1"})");
    REQUIRE(std::holds_alternative<EventReference>(delivery));
    CHECK(std::get<EventReference>(delivery).event_key == "delivery:d-9");

    for (const char* nothing : {R"({"topic":"SUBMISSION_COMPLETE"})", R"([1,2])", R"({"submission":{"id":""}})",
                                R"({"submission":{"id":null}})", "null"}) {
        CAPTURE(nothing);
        CHECK(std::holds_alternative<std::string>(ref(nothing)));
    }
}
