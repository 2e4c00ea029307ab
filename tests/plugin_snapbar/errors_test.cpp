// Every documented error example, triggered and mapped to a typed error with
// the HTTP status and Snapbar's own message: first as the mock replays the
// collection (by trigger, or by `Prefer: example=` through the recording proxy
// for the examples that have no trigger), then as the stateful dataset
// produces them.
#include "helpers.hpp"
#include "loopback_servers.hpp"

using namespace sb_test;

TEST_CASE("replay: List Contacts 'Studio Not Found' → NOT_FOUND 404 'Studio not found'") {
    MockServer mock(mock_options());
    auto p = plugin_for(mock.provider_url("snapbar"));
    const auto e = failure_of([&] { page(p, "contacts", {{"studio_id", "invalid_id"}}); });
    check_failure(e, PB_ERR_NOT_FOUND, 404, "Studio not found");
    CHECK(e.provider_code().empty());
    CHECK(std::string(e.what()) == "snapbar: list contacts failed with HTTP 404: Studio not found");
}

TEST_CASE("replay: Get Contact 'Contact Not Found' → NOT_FOUND 404 'Contact not found'") {
    MockServer mock(mock_options());
    auto p = plugin_for(mock.provider_url("snapbar"));
    const auto e = failure_of([&] { call(p, "get_contact", json::object{{"contact_id", "invalid_id"}}); });
    check_failure(e, PB_ERR_NOT_FOUND, 404, "Contact not found");
}

TEST_CASE("replay: Get Submission 'Submission Not Found' → NOT_FOUND 404 'Submission not found'") {
    MockServer mock(mock_options());
    auto p = plugin_for(mock.provider_url("snapbar"));
    const auto e = failure_of([&] { call(p, "get_submission", json::object{{"submission_id", "invalid_id"}}); });
    check_failure(e, PB_ERR_NOT_FOUND, 404, "Submission not found");
}

TEST_CASE("replay: Create Contact 'Studio ID is required' (studio_ids: []) → CONFLICT 422") {
    MockServer mock(mock_options());
    auto p = plugin_for(mock.provider_url("snapbar"));
    mock.clear_journal();
    // An empty list passes the schema on purpose: the API's own 422 answers it.
    const auto e = failure_of([&] {
        call(p, "create_contact", json::object{{"email", "john@example.com"}, {"studio_ids", json::array{}}});
    });
    check_failure(e, PB_ERR_CONFLICT, 422, "At least one studio is required");
    CHECK(str(only_request(mock).at("matched")).find("Studio ID is required") != std::string::npos);
}

TEST_CASE("replay via Prefer: the examples without a trigger map with their exact messages") {
    MockServer mock(mock_options());
    RecordingProxy proxy(mock.base_url());
    auto p = plugin_for(proxy.url() + "/snapbar");

    SUBCASE("Create Contact 'Email must be unique': error + details[]") {
        proxy.prefer_example("Email must be unique");
        const auto e = failure_of([&] {
            call(p, "create_contact",
                 json::object{{"email", "john@example.com"}, {"studio_ids", json::array{kDocStudio}}});
        });
        check_failure(e, PB_ERR_CONFLICT, 422, "Failed to create contact: Email has already been taken");
    }
    SUBCASE("Create Studio Session 'Invalid Email': errors[] with path and message") {
        proxy.prefer_example("Invalid Email");
        const auto e = failure_of([&] {
            call(p, "create_studio_session", json::object{{"email", "not-an-email"}, {"studio_id", kDocStudio}});
        });
        check_failure(e, PB_ERR_CONFLICT, 422, "email: Email address is invalid");
    }
    SUBCASE("Create Studio Session 'Studio Not Found'") {
        proxy.prefer_example("Studio Not Found");
        const auto e = failure_of([&] {
            call(p, "create_studio_session", json::object{{"email", "a@example.com"}, {"studio_id", "invalid_id"}});
        });
        check_failure(e, PB_ERR_NOT_FOUND, 404, "Studio not found");
    }
    SUBCASE("List Submissions 'Invalid State' (the plugin itself never sends an invalid state)") {
        proxy.prefer_example("Invalid State");
        const auto e = failure_of([&] { page(p, "submissions", {{"state", "REVIEW"}}); });
        check_failure(e, PB_ERR_CONFLICT, 422,
                      "'INVALID_STATE' is not a valid state. Valid states are: REVIEW, ACCEPTED, REJECTED");
    }
    const auto seen = proxy.seen();
    REQUIRE(seen.size() == 1);
}

TEST_CASE("a wrong token → UNAUTHORIZED 401, and the token never shows in the message") {
    MockServer mock(mock_options());
    auto p = plugin_for(mock.provider_url("snapbar"), "wrong-secret-token");
    const auto e = failure_of([&] { call(p, "get_contact", json::object{{"contact_id", kDocContact}}); });
    CHECK(e.code() == PB_ERR_UNAUTHORIZED);
    CHECK(e.http_status() == 401);
    CHECK(std::string(e.what()).find("wrong-secret-token") == std::string::npos);
}

TEST_CASE("dataset: the stateful mock produces the documented errors and they map the same way") {
    MockServer mock(mock_options(50));
    auto p = plugin_for(mock.provider_url("snapbar"));

    SUBCASE("a second contact with the same email: 'Email has already been taken'") {
        const json::object input{
            {"first_name", "Ada"}, {"email", "ada.unique@example.com"}, {"studio_ids", json::array{kDocStudio}}};
        const auto created = call(p, "create_contact", input).json;
        CHECK(str(created.at("email")) == "ada.unique@example.com");
        CHECK(str(created.at("name")) == "Ada");
        const auto e = failure_of([&] { call(p, "create_contact", input); });
        check_failure(e, PB_ERR_CONFLICT, 422, "Failed to create contact: Email has already been taken");
    }
    SUBCASE("no studio") {
        const auto e = failure_of([&] {
            call(p, "create_contact", json::object{{"email", "b@example.com"}, {"studio_ids", json::array{}}});
        });
        check_failure(e, PB_ERR_CONFLICT, 422, "At least one studio is required");
    }
    SUBCASE("unknown studio on contacts and studio sessions") {
        check_failure(failure_of([&] {
                          page(p, "contacts", {{"studio_id", "000000000000000000000000"}});
                      }),
                      PB_ERR_NOT_FOUND, 404, "Studio not found");
        check_failure(failure_of([&] {
                          call(p, "create_studio_session",
                               json::object{{"email", "c@example.com"}, {"studio_id", "000000000000000000000000"}});
                      }),
                      PB_ERR_NOT_FOUND, 404, "Studio not found");
    }
    SUBCASE("an invalid email on a studio session") {
        const auto e = failure_of([&] {
            call(p, "create_studio_session", json::object{{"email", "not an email"}, {"studio_id", kDocStudio}});
        });
        check_failure(e, PB_ERR_CONFLICT, 422, "email: Email address is invalid");
    }
    SUBCASE("unknown contact and submission ids") {
        check_failure(failure_of([&] {
                          call(p, "get_contact", json::object{{"contact_id", "nope"}});
                      }),
                      PB_ERR_NOT_FOUND, 404, "Contact not found");
        check_failure(failure_of([&] {
                          call(p, "update_contact", json::object{{"contact_id", "nope"}, {"first_name", "X"}});
                      }),
                      PB_ERR_NOT_FOUND, 404, "Contact not found");
        check_failure(failure_of([&] {
                          call(p, "get_submission", json::object{{"submission_id", "nope"}});
                      }),
                      PB_ERR_NOT_FOUND, 404, "Submission not found");
    }
}
