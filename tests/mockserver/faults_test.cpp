// Fault rules: seeded probability, Nth request, rate limits, latency,
// truncated bodies, connection resets, rule files and reset.
#include "mock_test_support.hpp"

#include <doctest/doctest.h>

#include <chrono>

namespace json = boost::json;
using namespace mocktest;

namespace {
std::vector<int> statuses(httplib::Client& c, const std::string& path, const httplib::Headers& h, int n) {
    std::vector<int> out;
    for (int i = 0; i < n; ++i) {
        auto r = c.Get(path.c_str(), h);
        out.push_back(r ? r->status : -1);
    }
    return out;
}
void post_rules(httplib::Client& c, const std::string& rules) {
    auto r = c.Post("/__admin/faults", rules, "application/json");
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
}
}  // namespace

TEST_CASE("probabilistic faults are deterministic under a seed") {
    const std::string rules =
        R"({"rules":[{"id":"flaky","provider":"cloudcard","path":"/photo","probability":0.5,"seed":7,"status":503}]})";
    RunningMock a, b;
    auto ca = a.client(), cb = b.client();
    post_rules(ca, rules);
    post_rules(cb, rules);
    const auto first = statuses(ca, "/cloudcard/photo", headers_for("cloudcard"), 40);
    const auto second = statuses(cb, "/cloudcard/photo", headers_for("cloudcard"), 40);
    CHECK(first == second);
    const auto failures = std::count(first.begin(), first.end(), 503);
    CHECK(failures > 5);
    CHECK(failures < 35);
    CHECK(std::count(first.begin(), first.end(), 200) + failures == 40);
    // Loading the rules again restarts the generator: same sequence.
    post_rules(ca, rules);
    CHECK(statuses(ca, "/cloudcard/photo", headers_for("cloudcard"), 40) == first);
    // A different seed gives a different sequence.
    post_rules(ca, R"({"rules":[{"provider":"cloudcard","probability":0.5,"seed":8,"status":503}]})");
    CHECK(statuses(ca, "/cloudcard/photo", headers_for("cloudcard"), 40) != first);

    post_rules(ca, rules);
    auto r = ca.Get("/cloudcard/photo", headers_for("cloudcard"));
    for (int i = 0; i < 40 && r && r->status != 503; ++i) r = ca.Get("/cloudcard/photo", headers_for("cloudcard"));
    REQUIRE(r);
    REQUIRE(r->status == 503);
    CHECK(r->get_header_value("Retry-After") == "1");
    CHECK(json::parse(r->body).at("fault_rule") == "flaky");
}

TEST_CASE("a rule on the Nth matching request fires exactly there, and only on its route") {
    RunningMock mock;
    auto c = mock.client();
    post_rules(c, R"({"rules":[{"provider":"headshotpro","method":"GET","path":"/organization/models/{modelId}/photos",
                                "nth":3,"times":2,"status":500}]})");
    const auto h = headers_for("headshotpro");
    CHECK(statuses(c, "/headshotpro/organization/models/a/photos", h, 5) == std::vector<int>{200, 200, 500, 500, 200});
    CHECK(statuses(c, "/headshotpro/organization/photos/favorites", h, 3) == std::vector<int>{200, 200, 200});
    auto journal = json::parse(c.Get("/__admin/requests")->body);
    CHECK(journal.at("requests").at(2).at("fault") == "rule-1");
}

TEST_CASE("a per-credential rate limit answers 429 with Retry-After") {
    RunningMock mock;
    auto c = mock.client();
    post_rules(c, R"({"rules":[{"id":"limit","provider":"shootbin","rate_limit":{"requests":2,"window_ms":60000}}]})");
    const std::string path = "/shootbin/api/projects/1/albums/12/photos";
    CHECK(statuses(c, path, headers_for("shootbin"), 3) == std::vector<int>{200, 200, 429});
    auto r = c.Get(path.c_str(), headers_for("shootbin"));
    REQUIRE(r);
    CHECK(r->status == 429);
    const int retry_after = std::stoi(r->get_header_value("Retry-After"));
    CHECK(retry_after >= 59);
    CHECK(retry_after <= 60);
    // Another credential has its own window.
    CHECK(statuses(c, path, headers_for("shootbin", "mock-token-read"), 2) == std::vector<int>{200, 200});
}

TEST_CASE("latency, truncated bodies and connection resets") {
    RunningMock mock;
    auto c = mock.client();
    post_rules(c, R"({"rules":[
        {"id":"slow","provider":"cloudcard","latency_ms":{"min":60,"max":80}},
        {"id":"cut","provider":"headshotpro","path":"/organization/photos/favorites","fault":"truncate"},
        {"id":"drop","provider":"snapbar","path":"/contacts","fault":"reset"}]})");
    const auto start = std::chrono::steady_clock::now();
    auto r = c.Get("/cloudcard/photo", headers_for("cloudcard"));
    const auto elapsed = std::chrono::steady_clock::now() - start;
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(elapsed >= std::chrono::milliseconds(60));

    auto t = mock.client();
    auto cut = t.Get("/headshotpro/organization/photos/favorites", headers_for("headshotpro"));
    // The body stops halfway through the announced Content-Length.
    CHECK((!cut || cut->body.size() < 300));

    auto d = mock.client();
    auto dropped = d.Get("/snapbar/contacts", headers_for("snapbar"));
    CHECK_FALSE(dropped);

    // The server survives both and keeps answering.
    auto after = mock.client();
    auto ok = after.Get("/snapbar/contacts/x", headers_for("snapbar"));
    REQUIRE(ok);
    CHECK(ok->status == 200);
}

TEST_CASE("rules from --faults are the start state that reset returns to, bad rules are refused") {
    const std::string file = std::string(PHOTOBRIDGE_BINARY_DIR) + "/mock_faults_test.json";
    {
        std::ofstream out(file);
        out << R"({"rules":[{"provider":"cloudcard","nth":1,"status":429,"retry_after_s":7}]})";
    }
    photobridge::mock::ServerOptions o;
    o.faults_file = file;
    RunningMock mock(o);
    auto c = mock.client();
    auto r = c.Get("/cloudcard/photo", headers_for("cloudcard"));
    REQUIRE(r);
    CHECK(r->status == 429);
    CHECK(r->get_header_value("Retry-After") == "7");
    CHECK(c.Get("/cloudcard/photo", headers_for("cloudcard"))->status == 200);
    REQUIRE(c.Post("/__admin/reset", "", "application/json"));
    CHECK(c.Get("/cloudcard/photo", headers_for("cloudcard"))->status == 429);
    CHECK(json::parse(c.Get("/__admin/faults")->body).at("rules").as_array().size() == 1);

    for (const char* bad : {"not json", R"({"rules":[{"status":200}]})", R"({"rules":[{"provider":"x"}]})",
                            R"({"rules":[{"probability":2,"status":500}]})", R"({"rules":{}})"}) {
        auto res = c.Post("/__admin/faults", bad, "application/json");
        REQUIRE(res);
        CHECK(res->status == 400);
    }
    REQUIRE(c.Delete("/__admin/faults"));
    CHECK(c.Get("/cloudcard/photo", headers_for("cloudcard"))->status == 200);

    photobridge::mock::ServerOptions broken;
    broken.faults_file = file + ".missing";
    photobridge::mock::Server s(broken);
    CHECK_THROWS_AS(s.start(), std::runtime_error);
}
