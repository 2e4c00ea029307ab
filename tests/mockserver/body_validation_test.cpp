// Request bodies are checked against the documented request shape (the
// fixtures' "request"): malformed JSON, the wrong content type, a missing
// required field, a field of the wrong type and a missing multipart part get
// a 400 in the provider's documented error shape, or the documented example
// where the docs give one (counted by the coverage), in replay and dataset
// mode alike; valid bodies still get the documented success.
#include "mock_test_support.hpp"

#include "dataset/image_synth.hpp"

#include <doctest/doctest.h>

namespace json = boost::json;
using namespace mocktest;

namespace {

const std::string kShootbinPhoto = "/shootbin/api/projects/1/albums/12/photos/100";
const std::string kShootbinAlbum = "/shootbin/api/projects/1/albums/12/photos";
const std::string kVariant = "/generative_photos/teams/me/gallery/4242/faces/default";

photobridge::mock::ServerOptions dataset_options() {
    photobridge::mock::ServerOptions options;
    options.dataset = 200;
    options.seed = 1;
    return options;
}

json::value body_of(const httplib::Result& res) {
    REQUIRE(res);
    json::error_code ec;
    json::value v = json::parse(res->body, ec);
    REQUIRE_MESSAGE(!ec, "not JSON: " << res->body);
    return v;
}

// The framework's generic shape (providers whose docs give no error body).
void check_generic(const httplib::Result& res, const std::string& code, const std::string& field) {
    REQUIRE(res);
    CHECK(res->status == 400);
    const json::value body = body_of(res);
    INFO(res->body);
    REQUIRE(body.is_object());
    CHECK(body.at("error") == json::value(code));
    CHECK(body.at("message").is_string());
    if (field.empty()) {
        CHECK_FALSE(body.as_object().contains("field"));
    } else {
        CHECK(body.at("field") == json::value(field));
        CHECK(std::string(body.at("message").as_string()).find(field) != std::string::npos);
    }
}

// Snapbar's documented error shape: {"error": "<message>"}, nothing else.
std::string check_snapbar(const httplib::Result& res) {
    REQUIRE(res);
    CHECK(res->status == 400);
    const json::value body = body_of(res);
    INFO(res->body);
    REQUIRE(body.is_object());
    CHECK(body.as_object().size() == 1);
    REQUIRE(body.at("error").is_string());
    return std::string(body.at("error").as_string());
}

// generative.photos' documented error schema {"code"} (plus message, parameter).
void check_generative(const httplib::Result& res, const std::string& code, const std::string& parameter) {
    REQUIRE(res);
    CHECK(res->status == 400);
    const json::value body = body_of(res);
    INFO(res->body);
    CHECK(body.at("code") == json::value(code));
    CHECK(body.at("message").is_string());
    if (parameter.empty()) CHECK_FALSE(body.as_object().contains("parameter"));
    else CHECK(body.at("parameter") == json::value(parameter));
}

const json::object* coverage_of(httplib::Client& c, const std::string& endpoint) {
    static thread_local json::value coverage;
    auto res = c.Get("/__admin/coverage");
    REQUIRE(res);
    coverage = json::parse(res->body);
    for (const auto& e : coverage.at("endpoints").as_array())
        if (e.at("endpoint") == json::value(endpoint)) return &e.as_object();
    return nullptr;
}

std::uint64_t served_example(const json::object& endpoint, const std::string& example) {
    for (const auto& x : endpoint.at("examples").as_array())
        if (x.at("name") == json::value(example)) return x.at("served").to_number<std::uint64_t>();
    FAIL("no example " << example);
    return 0;
}

// The checks every mode must pass; `dataset` only changes what a valid body gets.
void check_bad_bodies(RunningMock& mock, bool dataset) {
    auto c = mock.client();
    const auto snap = headers_for("snapbar");
    const auto shoot = headers_for("shootbin");
    const auto gen = headers_for("generative_photos");
    const auto hsp = headers_for("headshotpro");

    SUBCASE("malformed JSON") {
        const std::string message = check_snapbar(c.Post("/snapbar/contacts", snap, R"({"email": "a@b.c", )", "application/json"));
        CHECK(message.find("not valid JSON") != std::string::npos);
        check_generic(c.Patch(kShootbinPhoto.c_str(), shoot, "{approved: true}", "application/json"), "malformed_json", "");
        check_generative(c.Put(kVariant.c_str(), gen, "{\"move\": \"smile\"", "application/json"), "malformed_json", "");
        // A JSON value that is not an object is the wrong shape for the body.
        check_generic(c.Post("/headshotpro/organization/models/m1/photos/download", hsp, "[1, 2]", "application/json"),
                      "invalid_field_type", "");
    }
    SUBCASE("wrong content type") {
        const std::string message =
            check_snapbar(c.Post("/snapbar/contacts", snap, R"({"studio_ids":["s1"]})", "text/plain"));
        CHECK(message.find("application/json") != std::string::npos);
        check_generic(c.Patch(kShootbinPhoto.c_str(), shoot, "approved=true", "application/x-www-form-urlencoded"),
                      "unsupported_content_type", "");
        httplib::MultipartFormDataItems form{{"move", "smile", "", ""}};
        check_generative(c.Put(kVariant.c_str(), gen, form), "unsupported_content_type", "");
        // JSON sent to a multipart endpoint.
        check_generic(c.Post(kShootbinAlbum.c_str(), shoot, R"({"photo": "x"})", "application/json"),
                      "unsupported_content_type", "");
        // A JSON media type with parameters, or a +json type, is JSON.
        auto ok = c.Patch(kShootbinPhoto.c_str(), shoot, R"({"approved": true})", "application/json; charset=utf-8");
        REQUIRE(ok);
        CHECK(ok->status == 200);
        ok = c.Patch(kShootbinPhoto.c_str(), shoot, R"({"approved": false})", "application/merge-patch+json");
        REQUIRE(ok);
        CHECK(ok->status == 200);
    }
    SUBCASE("missing required field") {
        check_generative(c.Put(kVariant.c_str(), gen, R"({"param": 0.5})", "application/json"), "missing_field", "move");
        // An empty body counts as {}: move is still missing.
        check_generative(c.Put(kVariant.c_str(), gen, "", "application/json"), "missing_field", "move");
    }
    SUBCASE("wrong type") {
        check_generic(c.Patch(kShootbinPhoto.c_str(), shoot, R"({"approved": "yes"})", "application/json"),
                      "invalid_field_type", "approved");
        check_generic(c.Patch(kShootbinPhoto.c_str(), shoot, R"({"tags": ["a", 3]})", "application/json"),
                      "invalid_field_type", "tags[1]");
        check_generative(c.Put(kVariant.c_str(), gen, R"({"move": "smile", "param": "big"})", "application/json"),
                         "invalid_field_type", "param");
        check_generative(c.Put(kVariant.c_str(), gen, R"({"move": "frown"})", "application/json"),
                         "invalid_field_value", "move");
        const std::string message =
            check_snapbar(c.Post("/snapbar/studio_sessions", snap, R"({"email": 5, "studio_id": "s"})", "application/json"));
        CHECK(message.find("email") != std::string::npos);
        check_generic(c.Post("/headshotpro/organization/models/m1/photos/download", hsp, R"({"photoIds": "p1"})",
                             "application/json"),
                      "invalid_field_type", "photoIds");
    }
    SUBCASE("multipart: a missing required part") {
        httplib::MultipartFormDataItems no_photo{{"title", "Frame 001", "", ""}};
        check_generic(c.Post(kShootbinAlbum.c_str(), shoot, no_photo), "missing_part", "photo");
        // A part named photo that is not a file (no filename).
        httplib::MultipartFormDataItems not_a_file{{"photo", "bytes", "", ""}};
        check_generic(c.Post(kShootbinAlbum.c_str(), shoot, not_a_file), "invalid_field_type", "photo");
        httplib::MultipartFormDataItems wrong_name{{"file", "bytes", "me.png", "image/png"}};
        check_generative(c.Post("/generative_photos/teams/me/gallery", gen, wrong_name), "missing_part", "object");
        httplib::MultipartFormDataItems no_filename{{"object", "bytes", "", "image/png"}};
        check_generative(c.Post("/generative_photos/teams/me/gallery", gen, no_filename), "invalid_field_type", "object");
    }
    SUBCASE("valid bodies still get the documented success") {
        const std::string png = photobridge::mock::dataset::portrait_png("validation");
        httplib::MultipartFormDataItems upload{{"photo", photobridge::mock::dataset::portrait_jpeg("v"), "a.jpg", "image/jpeg"},
                                               {"title", "Frame 001", "", ""}};
        auto res = c.Post(kShootbinAlbum.c_str(), shoot, upload);
        REQUIRE(res);
        CHECK(res->status == 201);
        httplib::MultipartFormDataItems image{{"object", png, "me.png", "image/png"}};
        res = c.Post("/generative_photos/teams/me/gallery", gen, image);
        REQUIRE(res);
        CHECK(res->status == 200);
        res = c.Patch(kShootbinPhoto.c_str(), shoot, R"({"approved": true, "description": null, "tags": ["a"]})",
                      "application/json");
        REQUIRE(res);
        CHECK(res->status == 200);
        if (!dataset) {
            res = c.Post("/snapbar/contacts", snap, R"({"email":"a@example.com","studio_ids":["s1"],"list_ids":[]})",
                         "application/json");
            REQUIRE(res);
            CHECK(res->status == 201);
            CHECK(body_of(res).at("id") == "6931cc80f299c0770db44e2e");  // the documented Successful Response
            res = c.Put(kVariant.c_str(), gen, R"({"move": "smile", "param": -0.6})", "application/json");
            REQUIRE(res);
            CHECK(res->status == 200);
        }
    }
    SUBCASE("a documented error answers where the docs give one, and coverage counts it") {
        auto res = c.Post("/snapbar/contacts", snap, R"({"email":"a@example.com"})", "application/json");
        REQUIRE(res);
        CHECK(res->status == 422);
        CHECK(body_of(res) == json::parse(R"({"error":"At least one studio is required"})"));
        const json::object* contact = coverage_of(c, "create-contact");
        REQUIRE(contact);
        CHECK(served_example(*contact, "Studio ID is required") == 1);
        CHECK(contact->at("rejected_bodies") == 0);
        // An undocumented 400 is not a documented example: it is counted apart.
        check_snapbar(c.Post("/snapbar/contacts", snap, "{", "application/json"));
        contact = coverage_of(c, "create-contact");
        REQUIRE(contact);
        CHECK(served_example(*contact, "Studio ID is required") == 1);
        CHECK(contact->at("served") == 1);
        CHECK(contact->at("rejected_bodies") == 1);
        // The journal names what answered.
        auto journal = body_of(c.Get("/__admin/requests"));
        const auto& requests = journal.at("requests").as_array();
        REQUIRE(requests.size() >= 2);
        CHECK(requests[requests.size() - 2].at("matched") == "snapbar/create-contact#Studio ID is required");
        CHECK(requests.back().at("matched") == "snapbar/create-contact#invalid-body");
        CHECK(requests.back().at("status") == 400);
    }
}

}  // namespace

TEST_CASE("replay mode: request bodies are checked against the documented request shape") {
    RunningMock mock;
    check_bad_bodies(mock, false);
}

TEST_CASE("dataset mode: the same checks come before the dataset backend") {
    RunningMock mock(dataset_options());
    check_bad_bodies(mock, true);
}

TEST_CASE("every fixture request shape loads and names only known examples") {
    std::size_t with_request = 0;
    for (const auto& f : all_endpoint_fixtures()) {
        if (!f.doc.contains("request")) continue;
        ++with_request;
        INFO(f.path);
        const auto& r = f.doc.at("request").as_object();
        const std::string type(r.at("content_type").as_string());
        CHECK((type == "application/json" || type == "multipart/form-data"));
        CHECK(r.contains("provenance"));
    }
    // batch download, create variant, both uploads, update photo, three Snapbar writes
    CHECK(with_request == 8);
}
