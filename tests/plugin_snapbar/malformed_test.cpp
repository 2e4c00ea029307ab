// Malformed or unexpected provider JSON: a clear PB_ERR_PROTOCOL naming the
// field, never a crash. Answers come from a canned loopback server, and a
// truncated body from the mock's fault rules.
#include "helpers.hpp"
#include "loopback_servers.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace sb_test;

namespace {

const char* kPageInfoEnd = R"("page_info": {"has_next": false, "next_cursor": null, "count": 1, "limit": 25}})";

void expect_protocol(const std::function<void()>& fn, const std::vector<std::string>& fragments) {
    const auto e = failure_of(fn);
    CHECK(e.code() == PB_ERR_PROTOCOL);
    for (const auto& f : fragments) {
        CAPTURE(f);
        CHECK(std::string(e.what()).find(f) != std::string::npos);
    }
}

}  // namespace

TEST_CASE("malformed list pages name the field") {
    CannedServer server;
    auto p = plugin_for(server.url() + "/snapbar");
    auto contacts = [&] { page(p, "contacts", {}); };
    auto submissions = [&] { page(p, "submissions", {}); };

    SUBCASE("not JSON") {
        server.on("/snapbar/contacts", {200, "<html>oops</html>"});
        expect_protocol(contacts, {"list contacts", "not valid JSON"});
    }
    SUBCASE("records not an array") {
        server.on("/snapbar/contacts", {200, std::string(R"({"contacts": {}, )") + kPageInfoEnd});
        expect_protocol(contacts, {"field 'contacts' should be an array, got object"});
    }
    SUBCASE("a record without id") {
        server.on("/snapbar/contacts",
                  {200, std::string(R"({"contacts": [{"id": "a"}, {"email": "x"}], )") + kPageInfoEnd});
        expect_protocol(contacts, {"snapbar contacts[1]", "field 'id' is missing"});
    }
    SUBCASE("a record that is not an object") {
        server.on("/snapbar/contacts", {200, std::string(R"({"contacts": [7], )") + kPageInfoEnd});
        expect_protocol(contacts, {"snapbar contacts[0]", "should be an object"});
    }
    SUBCASE("a string field of another type") {
        server.on("/snapbar/contacts",
                  {200, std::string(R"({"contacts": [{"id": "a", "email": 5}], )") + kPageInfoEnd});
        expect_protocol(contacts, {"snapbar contacts[0]", "field 'email' should be a string, got integer"});
    }
    SUBCASE("custom_attributes not an object") {
        server.on("/snapbar/contacts",
                  {200, std::string(R"({"contacts": [{"id": "a", "custom_attributes": ["x"]}], )") + kPageInfoEnd});
        expect_protocol(contacts, {"field 'custom_attributes' should be an object, got array"});
    }
    SUBCASE("page_info missing") {
        server.on("/snapbar/contacts", {200, R"({"contacts": []})"});
        expect_protocol(contacts, {"field 'page_info' is missing"});
    }
    SUBCASE("has_next not a boolean") {
        server.on("/snapbar/contacts", {200, R"({"contacts": [], "page_info": {"has_next": "yes"}})"});
        expect_protocol(contacts, {"field 'page_info.has_next' should be a boolean"});
    }
    SUBCASE("has_next without next_cursor") {
        server.on("/snapbar/contacts",
                  {200, R"({"contacts": [], "page_info": {"has_next": true, "next_cursor": null}})"});
        expect_protocol(contacts, {"field 'page_info.next_cursor' is missing while page_info.has_next is true"});
    }
    SUBCASE("a next_cursor that repeats the current one") {
        server.on("/snapbar/contacts",
                  {200, R"({"contacts": [], "page_info": {"has_next": true, "next_cursor": "c1"}})"});
        expect_protocol([&] { page(p, "contacts", {}, "25:c1"); }, {"repeats the cursor"});
    }
    SUBCASE("submission photos not an array") {
        server.on("/snapbar/submissions",
                  {200, std::string(R"({"submissions": [{"id": "s", "photos": {}}], )") + kPageInfoEnd});
        expect_protocol(submissions, {"snapbar submissions[0]", "field 'photos' should be an array, got object"});
    }
    SUBCASE("a photo width that is not an integer") {
        server.on(
            "/snapbar/submissions",
            {200,
             std::string(
                 R"({"submissions": [{"id": "s", "photos": [{"temporary_download_url": "https://x/y.jpg", "width": "1920"}]}], )") +
                 kPageInfoEnd});
        expect_protocol(submissions,
                        {"snapbar submissions[0].photos[0]", "field 'width' should be an integer, got string"});
    }
    SUBCASE("an embedded contact that is not an object") {
        server.on("/snapbar/submissions",
                  {200, std::string(R"({"submissions": [{"id": "s", "contact": "bob"}], )") + kPageInfoEnd});
        expect_protocol(submissions, {"snapbar submissions[0].contact", "should be an object, got string"});
    }
    SUBCASE("an id of the wrong type") {
        server.on("/snapbar/submissions", {200, std::string(R"({"submissions": [{"id": true}], )") + kPageInfoEnd});
        expect_protocol(submissions, {"field 'id' should be a string or an integer, got boolean"});
    }
}

TEST_CASE("lenient where the docs allow: numeric ids become strings, missing optional fields are null") {
    CannedServer server;
    auto p = plugin_for(server.url() + "/snapbar");
    server.on(
        "/snapbar/submissions",
        {200,
         std::string(
             R"({"submissions": [{"id": 42, "photos": [{"name": "pending"}, {"temporary_download_url": "https://x/2.jpg"}]}], )") +
             kPageInfoEnd});
    const auto pg = page(p, "submissions", {});
    const auto& r = pg.at("records").at(0).as_object();
    CHECK(str(r.at("id")) == "42");
    CHECK(r.at("status").is_null());
    CHECK(r.at("approved").is_null());
    CHECK(r.at("created_at").is_null());
    CHECK(r.at("submitted_at").is_null());
    CHECK(r.at("person") == json::parse(R"({"id": null, "email": null, "name": null, "external_id": null})"));
    // The unnamed, undownloadable first photo is left out; the second is "photo-2".
    REQUIRE(r.at("media").as_array().size() == 1);
    CHECK(str(r.at("media").at(0).at("variant")) == "photo-2");
    CHECK(r.at("media").at(0).at("width").is_null());
}

TEST_CASE("malformed single-record answers name the field") {
    CannedServer server;
    auto p = plugin_for(server.url() + "/snapbar");
    server.on("/snapbar/contacts/c1", {200, R"({"id": "c1", "first_name": ["John"]})"});
    expect_protocol(
        [&] {
            call(p, "get_contact", json::object{{"contact_id", "c1"}});
        },
        {"snapbar get_contact", "field 'first_name' should be a string, got array"});
    server.on("/snapbar/submissions/s1", {200, R"([1, 2])"});
    expect_protocol(
        [&] {
            call(p, "get_submission", json::object{{"submission_id", "s1"}});
        },
        {"snapbar get_submission", "should be an object, got array"});
    server.on("/snapbar/studio_sessions", {200, R"({"contact_id": "c"})"});
    expect_protocol(
        [&] {
            call(p, "create_studio_session", json::object{{"email", "a@example.com"}, {"studio_id", "s"}});
        },
        {"snapbar create_studio_session", "field 'studio_session_url' is missing"});
    server.on("/snapbar/contacts", {201, R"({"id": "c", "created_at": 1700000000})"});
    expect_protocol(
        [&] {
            call(p, "create_contact", json::object{{"studio_ids", json::array{"s"}}});
        },
        {"snapbar create_contact", "field 'created_at' should be a string, got integer"});
}

TEST_CASE("an error body of an unknown shape still yields the status and a message") {
    CannedServer server;
    auto p = plugin_for(server.url() + "/snapbar");
    server.on("/snapbar/contacts/c1", {500, "upstream exploded", "text/plain"});
    const auto e = failure_of([&] { call(p, "get_contact", json::object{{"contact_id", "c1"}}); });
    CHECK(e.code() == PB_ERR_UNAVAILABLE);
    CHECK(e.http_status() == 500);
    CHECK(std::string(e.what()).find("upstream exploded") != std::string::npos);
}

TEST_CASE("a body cut short is a typed error, not a crash") {
    CannedServer server;
    auto p = plugin_for(server.url() + "/snapbar");
    server.on("/snapbar/submissions/s1", {200, R"({"id": "s1", "state": "ACC)"});
    expect_protocol(
        [&] {
            call(p, "get_submission", json::object{{"submission_id", "s1"}});
        },
        {"snapbar: get_submission", "not valid JSON"});
}

TEST_CASE("a body truncated mid-transfer by the mock's fault rules is a typed transport or protocol error") {
    const auto rules =
        std::filesystem::temp_directory_path() / ("snapbar-faults-" + std::to_string(::getpid()) + ".json");
    {
        std::ofstream out(rules);
        out << R"({"rules": [{"id": "cut", "provider": "snapbar", "method": "GET", "path": "/submissions/{submission_id}",
                              "fault": "truncate"}]})";
    }
    auto options = mock_options();
    options.faults_file = rules.string();
    MockServer mock(options);
    std::filesystem::remove(rules);
    auto p = plugin_for(mock.provider_url("snapbar"));
    const auto e = failure_of([&] { call(p, "get_submission", json::object{{"submission_id", kDocSubmission}}); });
    // The mock declares the full Content-Length and stops halfway: the host
    // sees a connection cut (NETWORK, retryable); a host that handed over the
    // half body would make it PROTOCOL. Either way typed, never a crash.
    CHECK((e.code() == PB_ERR_NETWORK || e.code() == PB_ERR_PROTOCOL));
    CHECK(str(only_request(mock).at("fault")) == "cut");
}
