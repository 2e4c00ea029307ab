// wait_faces and wait_variant as checks (ext/step_check.h, what a host that
// parks waiting records calls): one GET per check, "pending" with the
// plugin's backoff and deadline carried in the handle, then "done" with the
// operation's result, "failed" with the provider's code, or "expired" past
// the deadline. The blocking operations are the same handlers in a loop.
#include "gp_test_support.hpp"

#include <photobridge/ext/step_check.h>

#include <chrono>
#include <thread>

using namespace gp_test;

namespace {

// Checks until the answer is not pending, sleeping as told; returns the
// last answer and counts the pending ones.
json::object check_until_settled(const PluginUnderTest& gp, const std::string& operation, const json::object& input,
                                 int& pending) {
    json::value handle;
    for (int i = 0; i < 200; ++i) {
        json::object answer = gp.check(operation, input, handle).json.as_object();
        if (answer.at("state") != "pending") return answer;
        ++pending;
        CHECK(answer.at("check_after_ms").as_int64() >= 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(answer.at("check_after_ms").as_int64()));
        handle = answer.at("handle");
    }
    FAIL("the check never settled");
    return {};
}

}  // namespace

TEST_CASE("checks: generative_photos offers the step-check extension") {
    const MockServer& mock = fresh(dataset_mock());
    const auto gp = plugin(mock.provider_url("generative_photos"));
    CHECK(gp.offers(PB_EXT_STEP_CHECK));
    const json::value manifest = gp.manifest();
    CHECK(manifest.at("operations").at("wait_variant").at("check") == true);
    CHECK(manifest.at("operations").at("wait_faces").at("check") == true);
    CHECK(manifest.at("operations").at("upload_image").at("creates") == true);
    CHECK(manifest.at("operations").at("create_variant").at("creates") == true);
    // An operation that does not wait cannot be checked.
    const auto e = failure_of([&] { gp.check("get_item", json::object{{"id", "x"}}); });
    CHECK(e.code() == PB_ERR_UNSUPPORTED);
}

TEST_CASE("checks: one GET per check, pending with a growing delay, then done with the item") {
    const MockServer& mock = fresh(dataset_mock());
    const auto gp = plugin(mock.provider_url("generative_photos"));
    const std::string image(gp.call("upload_image", {{"filename", "p.png"}}, png_bytes()).json.at("id").as_string());
    const json::object input{{"id", image}, {"timeout_ms", 5000}, {"initial_delay_ms", 10}, {"max_delay_ms", 40}};

    mock.clear_journal();
    const json::object first = gp.check("wait_faces", input).json.as_object();
    CHECK(first.at("state") == "pending");  // the mock shows faces from the 3rd GET on
    CHECK(first.at("id") == json::value(image));
    CHECK(first.at("check_after_ms").as_int64() == 11);  // the initial delay (+1 ms)
    const json::value& handle = first.at("handle");
    CHECK(handle.at("polls") == 1);
    CHECK(handle.at("delay_ms") == 20);  // doubled for the next wait
    CHECK(handle.at("deadline_unix_ms").as_int64() > 0);
    CHECK(gets_of(mock, image) == 1);

    const json::object second = gp.check("wait_faces", input, handle).json.as_object();
    CHECK(second.at("state") == "pending");
    CHECK(second.at("check_after_ms").as_int64() == 21);
    CHECK(second.at("handle").at("deadline_unix_ms") == handle.at("deadline_unix_ms"));  // kept from the first check
    CHECK(second.at("handle").at("delay_ms") == 40);
    const auto done = gp.check("wait_faces", input, second.at("handle"));
    CHECK(done.json.at("state") == "done");
    CHECK(done.json.at("result").at("faces").as_array().size() == 2);
    CHECK(gets_of(mock, image) == 3);
}

TEST_CASE("checks: a variant by the clock, and its failure with the provider's code") {
    photobridge::testing::MockOptions options = mock_options(1);
    options.dataset_generation_time = std::chrono::milliseconds(200);
    options.dataset_face_detection_time = std::chrono::milliseconds(0);
    const MockServer mock(options);
    const auto gp = plugin(mock.provider_url("generative_photos"));
    const std::string image(gp.call("upload_image", {{"filename", "p.png"}}, png_bytes()).json.at("id").as_string());

    const std::string ok(gp.call("create_variant", {{"id", image}, {"move", "smile"}}).json.at("id").as_string());
    int pending = 0;
    const json::object done = check_until_settled(gp, "wait_variant", fast_wait(ok), pending);
    CHECK(done.at("state") == "done");
    CHECK(done.at("result").at("status") == "complete");
    CHECK(pending >= 2);

    const std::string bad(
        gp.call("create_variant", {{"id", image}, {"face", 1}, {"move", "gender"}}).json.at("id").as_string());
    pending = 0;
    const json::object failed = check_until_settled(gp, "wait_variant", fast_wait(bad), pending);
    CHECK(failed.at("state") == "failed");
    CHECK(failed.at("status") == "failed");
    CHECK(failed.at("provider_code") == "face_unprocessable");
    CHECK(contains(std::string(failed.at("message").as_string()), "failed (data.task.error.code: face_unprocessable)"));
}

TEST_CASE("checks: past the deadline carried in the handle the job is expired, naming the last status") {
    const MockServer& mock = fresh(replay_mock());  // replay: the item never settles
    const auto gp = plugin(mock.provider_url("generative_photos"));
    const json::object input{{"id", "doc-1"}, {"timeout_ms", 50}, {"initial_delay_ms", 10}, {"max_delay_ms", 20}};
    int pending = 0;
    const auto started = std::chrono::steady_clock::now();
    const json::object expired = check_until_settled(gp, "wait_variant", input, pending);
    CHECK(expired.at("state") == "expired");
    CHECK(expired.at("status") == "string");  // the documented example's data.task.status
    CHECK(contains(std::string(expired.at("message").as_string()), "did not settle within 50 ms"));
    CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(50));
    CHECK(pending >= 2);

    // A handle from an earlier process keeps its deadline: already past, so
    // the first look expires the job.
    const json::value old_handle = json::object{{"deadline_unix_ms", 1}, {"delay_ms", 10}, {"polls", 3}};
    const json::object late = gp.check("wait_variant", input, old_handle).json.as_object();
    CHECK(late.at("state") == "expired");
    CHECK(contains(std::string(late.at("message").as_string()), "(4 polls"));
}
