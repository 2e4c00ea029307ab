// Admin API: journal (redaction, ring bound, clearing), reset, coverage.
#include "mock_test_support.hpp"

#include <doctest/doctest.h>

namespace json = boost::json;
using namespace mocktest;

TEST_CASE("the journal records requests with credentials redacted") {
    photobridge::mock::ServerOptions o;
    o.token = "tok-XYZ-123";
    RunningMock mock(o);
    auto c = mock.client();
    REQUIRE(c.Get("/headshotpro/organization/models/m1/photos?limit=5", headers_for("headshotpro", "tok-XYZ-123")));
    REQUIRE(c.Get("/cloudcard/photo", headers_for("cloudcard", "tok-XYZ-123")));
    REQUIRE(c.Get("/generative_photos/teams/me/gallery/d1", headers_for("generative_photos", "tok-XYZ-123")));
    REQUIRE(c.Post("/snapbar/contacts", headers_for("snapbar", "tok-XYZ-123"), R"({"studio_ids":["s1"]})", "application/json"));
    // A token leaked into another header or the query is masked too.
    httplib::Headers leak = headers_for("snapbar", "tok-XYZ-123");
    leak.emplace("X-Debug", "token=tok-XYZ-123");
    REQUIRE(c.Get("/snapbar/contacts?note=tok-XYZ-123", leak));
    REQUIRE(c.Get("/nowhere/at/all"));

    auto r = c.Get("/__admin/requests");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body.find("tok-XYZ-123") == std::string::npos);
    const auto journal = json::parse(r->body);
    const auto& requests = journal.at("requests").as_array();
    REQUIRE(requests.size() == 6);
    const auto& first = requests[0].as_object();
    CHECK(first.at("method") == "GET");
    CHECK(first.at("path") == "/headshotpro/organization/models/m1/photos");
    CHECK(first.at("query") == "limit=5");
    CHECK(first.at("headers").at("authorization") == "[REDACTED]");
    CHECK(first.at("matched") == "headshotpro/list-model-photos#Response");
    CHECK(first.at("status") == 200);
    CHECK(first.at("body_size") == 0);
    CHECK(requests[1].at("headers").at("x-auth-token") == "[REDACTED]");
    CHECK(requests[2].at("headers").at("authorization") == "[REDACTED]");
    CHECK(requests[3].at("body_size") == 21);
    CHECK(requests[3].at("status") == 201);
    CHECK(requests[5].at("status") == 404);
    CHECK(requests[5].at("matched").is_null());

    r = c.Delete("/__admin/requests");
    REQUIRE(r);
    r = c.Get("/__admin/requests");
    CHECK(json::parse(r->body).at("requests").as_array().empty());
}

TEST_CASE("the journal is a bounded ring keeping the newest requests") {
    photobridge::mock::ServerOptions o;
    o.journal_capacity = 3;
    RunningMock mock(o);
    auto c = mock.client();
    for (int i = 0; i < 5; ++i)
        REQUIRE(c.Get(("/cloudcard/photo?offset=" + std::to_string(i)).c_str(), headers_for("cloudcard")));
    const auto journal = json::parse(c.Get("/__admin/requests")->body);
    CHECK(journal.at("capacity") == 3);
    CHECK(journal.at("total_recorded") == 5);
    const auto& requests = journal.at("requests").as_array();
    REQUIRE(requests.size() == 3);
    CHECK(requests[0].at("query") == "offset=2");
    CHECK(requests[2].at("query") == "offset=4");
}

TEST_CASE("coverage counts each endpoint and example served, reset clears journal, coverage and faults") {
    RunningMock mock;
    auto c = mock.client();
    REQUIRE(c.Get("/snapbar/contacts", headers_for("snapbar")));
    REQUIRE(c.Get("/snapbar/contacts", headers_for("snapbar")));
    REQUIRE(c.Get("/snapbar/contacts?studio_id=invalid_id", headers_for("snapbar")));
    REQUIRE(c.Post("/__admin/faults", R"({"rules":[{"provider":"cloudcard","status":500}]})", "application/json"));

    auto find = [](const json::value& coverage, const std::string& endpoint) -> const json::object* {
        for (const auto& e : coverage.at("endpoints").as_array())
            if (e.at("endpoint") == endpoint.c_str()) return &e.as_object();
        return nullptr;
    };
    auto coverage = json::parse(c.Get("/__admin/coverage")->body);
    CHECK(coverage.at("examples_total").to_number<std::int64_t>() >= 30);
    CHECK(coverage.at("examples_served") == 2);
    const auto* contacts = find(coverage, "list-contacts");
    REQUIRE(contacts);
    CHECK(contacts->at("served") == 3);
    CHECK(contacts->at("method") == "GET");
    CHECK(contacts->at("path") == "/snapbar/contacts");
    CHECK(contacts->at("examples").at(0).at("served") == 2);
    CHECK(contacts->at("examples").at(1).at("name") == "Studio Not Found");
    CHECK(contacts->at("examples").at(1).at("served") == 1);
    CHECK(c.Get("/cloudcard/photo", headers_for("cloudcard"))->status == 500);

    auto r = c.Post("/__admin/reset", "", "application/json");
    REQUIRE(r);
    CHECK(r->status == 200);
    coverage = json::parse(c.Get("/__admin/coverage")->body);
    CHECK(coverage.at("examples_served") == 0);
    CHECK(json::parse(c.Get("/__admin/requests")->body).at("requests").as_array().empty());
    CHECK(c.Get("/cloudcard/photo", headers_for("cloudcard"))->status == 200);
    CHECK(c.Get("/__admin/nope")->status == 404);
}
