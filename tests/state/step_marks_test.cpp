// Step marks (state/step_marks.hpp): saved marks come back per record key,
// a save replaces the mark of its (key, step), open_step_marks lists only
// pending and parked ones, marks outlive the store object (a restart), and
// reset forgets them. Runs on every backend (store_under_test.hpp).
#include "store_under_test.hpp"

#include <doctest/doctest.h>

using namespace photobridge::state;
using photobridge::testing::StoreUnderTest;

namespace {

StepMark mark(std::string key, std::string step, StepMarkStatus status) {
    StepMark m;
    m.key = std::move(key);
    m.step = std::move(step);
    m.content_hash = "h1";
    m.status = status;
    m.connection = "gp";
    m.operation = "wait_variant";
    return m;
}

}  // namespace

TEST_CASE("a record's step marks are saved, replaced per step and read back after a reopen") {
    const auto under_test = StoreUnderTest::start();
    if (!under_test) return;
    {
        const auto store = under_test->open();
        StepMark upload = mark("hp:1", "smile__upload", StepMarkStatus::pending);
        store->save_step_mark("wf", upload);
        upload.status = StepMarkStatus::done;
        upload.result_json = R"({"id":"doc-1"})";
        upload.provider_id = "doc-1";
        store->save_step_mark("wf", upload);
        StepMark wait = mark("hp:1", "smile__wait", StepMarkStatus::parked);
        wait.handle_json = R"({"deadline_unix_ms":123,"delay_ms":500,"polls":1})";
        wait.provider_id = "var-1";
        wait.provider_status = "processing";
        wait.next_check_unix_ms = 1'700'000'000'000;
        store->save_step_mark("wf", wait);
        store->save_step_mark("wf", mark("hp:2", "smile__upload", StepMarkStatus::pending));
        store->save_step_mark("other", mark("hp:1", "smile__upload", StepMarkStatus::pending));
    }
    const auto store = under_test->open();
    const auto marks = store->load_step_marks("wf", "hp:1");
    REQUIRE(marks.size() == 2);
    CHECK(marks[0].step == "smile__upload");
    CHECK(marks[0].status == StepMarkStatus::done);
    CHECK(marks[0].result_json == R"({"id":"doc-1"})");
    CHECK(marks[0].provider_id == "doc-1");
    CHECK(marks[0].content_hash == "h1");
    CHECK(!marks[0].updated_at.empty());
    CHECK(marks[1].step == "smile__wait");
    CHECK(marks[1].status == StepMarkStatus::parked);
    CHECK(marks[1].handle_json == R"({"deadline_unix_ms":123,"delay_ms":500,"polls":1})");
    CHECK(marks[1].provider_status == "processing");
    CHECK(marks[1].next_check_unix_ms == 1'700'000'000'000);
    CHECK(marks[1].connection == "gp");
    CHECK(marks[1].operation == "wait_variant");
    CHECK(store->load_step_marks("wf", "hp:3").empty());

    // Jobs in flight: the parked wait of hp:1 and the pending upload of hp:2.
    const auto open = store->open_step_marks("wf");
    REQUIRE(open.size() == 2);
    CHECK(open[0].key + "/" + open[0].step != open[1].key + "/" + open[1].step);
    for (const auto& m : open) CHECK(m.status != StepMarkStatus::done);
    CHECK(store->open_step_marks("other").size() == 1);

    store->reset("wf");
    CHECK(store->load_step_marks("wf", "hp:1").empty());
    CHECK(store->open_step_marks("wf").empty());
    CHECK(store->open_step_marks("other").size() == 1);
}

TEST_CASE("step mark status names are the schema's") {
    CHECK(std::string(step_mark_status_name(StepMarkStatus::pending)) == "pending");
    CHECK(std::string(step_mark_status_name(StepMarkStatus::parked)) == "parked");
    CHECK(std::string(step_mark_status_name(StepMarkStatus::done)) == "done");
    CHECK(std::string(step_mark_status_name(StepMarkStatus::failed)) == "failed");
}
