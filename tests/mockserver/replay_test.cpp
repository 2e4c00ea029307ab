// Table-driven replay: every example in every fixture file is served with its
// documented status and a JSON-equal body, both when its triggers select it
// and when a client asks for it with Prefer.
#include "mock_test_support.hpp"

#include <doctest/doctest.h>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace json = boost::json;
using namespace mocktest;

namespace {

std::string encode(const std::string& s) { return boost::urls::encode(s, boost::urls::unreserved_chars); }

struct BuiltRequest {
    std::string path;
    std::string body = "{}";
    httplib::MultipartFormDataItems parts;  // multipart endpoints: their required parts
    bool multipart = false;
};

// Fills the path template with the example's path triggers (or a neutral
// id), and adds its query and body triggers.
BuiltRequest build_request(const std::string& provider, const json::object& endpoint, const json::object* triggers) {
    BuiltRequest out;
    std::string tmpl(endpoint.at("path").as_string());
    std::string path;
    for (std::size_t i = 0; i < tmpl.size();) {
        if (tmpl[i] == '{') {
            const std::size_t close = tmpl.find('}', i);
            const std::string var = tmpl.substr(i + 1, close - i - 1);
            std::string value = "4242";
            if (triggers && triggers->contains("path") && triggers->at("path").as_object().contains(var))
                value = std::string(triggers->at("path").at(var).as_string());
            path += encode(value);
            i = close + 1;
        } else {
            path += tmpl[i++];
        }
    }
    out.path = "/" + provider + path;
    if (triggers && triggers->contains("query")) {
        char sep = '?';
        for (const auto& kv : triggers->at("query").as_object()) {
            out.path += sep + encode(std::string(kv.key())) + "=" + encode(std::string(kv.value().as_string()));
            sep = '&';
        }
    }
    // A body the documented request shape accepts: the fixture's request
    // example with the example's body triggers on top.
    json::object body;
    if (const auto* request = endpoint.if_contains("request")) {
        const auto& r = request->as_object();
        if (r.at("content_type") == "multipart/form-data") {
            out.multipart = true;
            for (const auto& name : r.at("body").at("required").as_array())
                out.parts.push_back({std::string(name.as_string()), "\xff\xd8\xff\xe0 not really a JPEG", "photo.jpg",
                                     "image/jpeg"});
        }
        if (const auto* example = r.if_contains("example")) body = example->as_object();
    }
    if (triggers && triggers->contains("body"))
        for (const auto& kv : triggers->at("body").as_object()) body[kv.key()] = kv.value();
    out.body = json::serialize(body);
    return out;
}

void check_served(const httplib::Result& res, const json::object& example, const std::string& what) {
    INFO(what);
    REQUIRE(res);
    CHECK(res->status == example.at("status").as_int64());
    if (example.contains("body")) {
        json::error_code ec;
        const json::value got = json::parse(res->body, ec);
        REQUIRE_MESSAGE(!ec, "body is not JSON: " << res->body);
        CHECK_MESSAGE(got == example.at("body"), "got " << res->body);
    } else if (example.contains("body_base64")) {
        CHECK(res->get_header_value("Content-Type") == "image/png");
        CHECK(res->body.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
    }
}

bool reachable_without_prefer(const json::object& endpoint, std::size_t index) {
    const auto& examples = endpoint.at("examples").as_array();
    const auto& ex = examples[index].as_object();
    if (ex.contains("triggers")) return true;
    if (ex.contains("default") && ex.at("default").as_bool()) return true;
    // Otherwise the loader's default: the first 2xx example when none is marked.
    for (const auto& e : examples)
        if (e.as_object().contains("default")) return false;
    for (std::size_t i = 0; i < examples.size(); ++i)
        if (examples[i].at("status").as_int64() / 100 == 2) return i == index;
    return index == 0;
}

}  // namespace

TEST_CASE("every documented example is replayed with its status and a JSON-equal body") {
    RunningMock mock;
    auto client = mock.client();
    const auto fixtures = all_endpoint_fixtures();
    REQUIRE(fixtures.size() >= 20);
    std::size_t by_trigger = 0, by_prefer = 0;
    for (const auto& f : fixtures) {
        const auto& ep = f.doc;
        const std::string method(ep.at("method").as_string());
        const auto& examples = ep.at("examples").as_array();
        for (std::size_t i = 0; i < examples.size(); ++i) {
            const auto& ex = examples[i].as_object();
            const std::string name(ex.at("name").as_string());
            const json::object* triggers = ex.contains("triggers") ? &ex.at("triggers").as_object() : nullptr;
            const BuiltRequest req = build_request(f.provider, ep, triggers);
            auto send_built = [&](const httplib::Headers& headers) {
                return req.multipart ? client.Post(req.path.c_str(), headers, req.parts)
                                     : send(client, method, req.path, headers, req.body);
            };
            if (reachable_without_prefer(ep, i)) {
                auto res = send_built(headers_for(f.provider));
                check_served(res, ex, f.path + " / " + name + " (selected by triggers)");
                ++by_trigger;
            }
            auto headers = headers_for(f.provider);
            headers.emplace("Prefer", "example=" + name);
            auto res = send_built(headers);
            check_served(res, ex, f.path + " / " + name + " (Prefer: example)");
            ++by_prefer;
        }
    }
    CHECK(by_prefer >= 30);
    CHECK(by_trigger >= 20);
}

TEST_CASE("documented triggers select the error examples") {
    RunningMock mock;
    auto c = mock.client();
    auto snap = headers_for("snapbar");
    auto r = c.Get("/snapbar/contacts?studio_id=invalid_id", snap);
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(json::parse(r->body) == json::parse(R"({"error":"Studio not found"})"));

    r = c.Get("/snapbar/submissions?state=INVALID_STATE", snap);
    REQUIRE(r);
    CHECK(r->status == 422);
    CHECK(json::parse(r->body).at("error") ==
          "'INVALID_STATE' is not a valid state. Valid states are: REVIEW, ACCEPTED, REJECTED");

    // Any value outside the documented enum gets the same documented error, quoting the value.
    r = c.Get("/snapbar/submissions?state=PENDING", snap);
    REQUIRE(r);
    CHECK(r->status == 422);
    CHECK(json::parse(r->body).at("error") == "'PENDING' is not a valid state. Valid states are: REVIEW, ACCEPTED, REJECTED");

    r = c.Get("/snapbar/contacts/invalid_id", snap);
    REQUIRE(r);
    CHECK(r->status == 404);

    r = c.Post("/snapbar/contacts", snap, R"({"email":"a@example.com","studio_ids":[]})", "application/json");
    REQUIRE(r);
    CHECK(r->status == 422);
    CHECK(json::parse(r->body).at("error") == "At least one studio is required");

    r = c.Post("/snapbar/contacts", snap, R"({"email":"a@example.com","studio_ids":["s1"]})", "application/json");
    REQUIRE(r);
    CHECK(r->status == 201);

    auto hp = headers_for("headshotpro");
    r = c.Get("/headshotpro/organization/models/507f1f77bcf86cd799439000/photos/favorite", hp);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(json::parse(r->body).at("photo").is_null());
    r = c.Get("/headshotpro/organization/models/507f1f77bcf86cd799439011/photos/favorite", hp);
    REQUIRE(r);
    CHECK(json::parse(r->body).at("photo").at("id") == "507f1f77bcf86cd799439022");
}

TEST_CASE("Prefer: code and example pick documented examples, unknown ones are refused") {
    RunningMock mock;
    auto c = mock.client();
    auto h = headers_for("snapbar");
    h.emplace("Prefer", "code=404");
    auto r = c.Get("/snapbar/contacts", h);
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(json::parse(r->body).at("error") == "Studio not found");

    auto h2 = headers_for("snapbar");
    h2.emplace("Prefer", "code=422, example=\"Invalid Email\"");
    r = c.Post("/snapbar/studio_sessions", h2, "{}", "application/json");
    REQUIRE(r);
    CHECK(r->status == 422);
    CHECK(json::parse(r->body).at("errors").at(0).at("message") == "Email address is invalid");

    auto h3 = headers_for("snapbar");
    h3.emplace("Prefer", "code=418");
    r = c.Get("/snapbar/contacts", h3);
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(json::parse(r->body).at("error") == "no_such_example");
    CHECK(r->get_header_value("X-Mock-Error") == "no-such-example");
}

TEST_CASE("literal path segments win over variables") {
    RunningMock mock;
    auto c = mock.client();
    auto r = c.Get("/headshotpro/organization/models/m1/photos/favorite", headers_for("headshotpro"));
    REQUIRE(r);
    CHECK(json::parse(r->body).at("photo").at("modelId") == "507f1f77bcf86cd799439011");
    r = c.Get("/headshotpro/organization/models/m1/photos/p1", headers_for("headshotpro"));
    REQUIRE(r);
    CHECK(json::parse(r->body).at("photo").at("urls").as_object().contains("thumbnail"));
}

TEST_CASE("only the requested providers are served") {
    photobridge::mock::ServerOptions o;
    o.providers = {"cloudcard"};
    RunningMock mock(o);
    auto c = mock.client();
    auto r = c.Get("/cloudcard/photo", headers_for("cloudcard"));
    REQUIRE(r);
    CHECK(r->status == 200);
    r = c.Get("/headshotpro/organization/photos/favorites", headers_for("headshotpro"));
    REQUIRE(r);
    CHECK(r->status == 404);
}
