// Malformed or unexpected CloudCard answers, served by a canned loopback
// server: PB_ERR_PROTOCOL naming the field, or a typed error carrying the
// provider's message; never a crash.
#include "support/canned_server.hpp"
#include "helpers.hpp"

#include <string>

using namespace cc_test;

namespace {

struct Fixture {
    canned::Server server;
    PluginUnderTest plugin = plugin_for(server.url());

    std::string protocol_error(const std::string& body) {
        server.on("/photo", {200, body});
        auto e = failure_of([&] { page(plugin, {}); });
        CHECK(e.code() == PB_ERR_PROTOCOL);
        return e.what();
    }
    json::object record_of(const std::string& item) {
        server.on("/photo", {200, "[" + item + "]"});
        return page(plugin, {}).at("records").at(0).as_object();
    }
};

}  // namespace

TEST_CASE("photos: malformed answers name the field") {
    Fixture f;
    // PROTOCOL (protocol_error checks it) naming the field and the type found;
    // the words around them are each plugin's own (cloudcard: "an integer id",
    // 'width'; its provider-file replica: "a string", 'media.width').
    CHECK(contains(f.protocol_error("<html/>"), "not valid JSON"));
    const std::string object = f.protocol_error(R"({"photos":[]})");
    CHECK(contains(object, "should be a JSON array of"));
    CHECK(contains(object, "got object"));
    CHECK(contains(f.protocol_error(R"([{"id":1},"x"])"), "[1] should be an object, got string"));
    CHECK(contains(f.protocol_error(R"([{"status":"PENDING"}])"), "field 'id' is missing"));
    const std::string id = f.protocol_error(R"([{"id":true}])");
    CHECK(contains(id, "field 'id' should be "));
    CHECK(contains(id, "got boolean"));
    const std::string person_id = f.protocol_error(R"([{"id":1,"person":{"id":{}}}])");
    CHECK(contains(person_id, "field 'person.id' should be "));
    CHECK(contains(person_id, "got object"));
    CHECK(contains(f.protocol_error(R"([{"id":1,"externalURL":"u","width":"300"}])"), "width' should be an integer, got string"));
    const std::string at = f.protocol_error(R"([{"id":1},{"id":2},{"id":3,"height":1.5,"externalURL":"u"}])");
    CHECK(contains(at, kPluginId + ": photos: [2]"));
    CHECK(contains(at, "height' should be an integer"));
}

TEST_CASE("photos: a field of the wrong type fails the page, it is not converted") {
    Fixture f;
    CHECK(contains(f.protocol_error(R"([{"id":1,"person":[]}])"), "field 'person' should be an object"));
    CHECK(contains(f.protocol_error(R"([{"id":1,"person":{"id":1,"email":2}}])"), "field 'person.email' should be a string"));
    CHECK(contains(f.protocol_error(R"([{"id":1,"status":3}])"), "field 'status' should be a string"));
    CHECK(contains(f.protocol_error(R"([{"id":1,"dateCreated":20220901}])"), "field 'dateCreated' should be a string"));
    CHECK(contains(f.protocol_error(R"([{"id":1,"links":{"bytes":5}}])"), "field 'links.bytes' should be a string"));
    CHECK(contains(f.protocol_error(R"([{"id":1,"status":"ENROUTE","dateApproved":5}])"), "field 'dateApproved' should be a string"));
    CHECK(contains(f.protocol_error(R"([{"id":1,"person":{"id":2,"identifier":""}}])"), "person.identifier"));
}

TEST_CASE("photos: sparse records map to nulls, externalURL is the fallback media URL") {
    Fixture f;
    const auto bare = f.record_of(R"({"id":7})");
    CHECK(str(bare.at("id")) == "7");
    for (const char* k : {"id", "email", "name", "external_id"}) CHECK(bare.at("person").at(k).is_null());
    CHECK(bare.at("status").is_null());
    CHECK(bare.at("approved").is_null());
    CHECK(bare.at("created_at").is_null());
    CHECK(bare.at("media").as_array().empty());

    const auto ext = f.record_of(R"({"id":8,"externalURL":"https://x/8.jpg","status":"DONE","person":null})");
    REQUIRE(ext.at("media").as_array().size() == 1);
    CHECK(str(ext.at("media").at(0).at("url")) == "https://x/8.jpg");
    CHECK(ext.at("media").at(0).at("width").is_null());
    CHECK(ext.at("approved") == json::value(true));

    const auto links = f.record_of(R"({"id":9,"externalURL":"https://x/ext.jpg","links":{"bytes":"https://x/bytes.jpg"}})");
    CHECK(str(links.at("media").at(0).at("url")) == "https://x/bytes.jpg");

    const auto enroute = f.record_of(R"({"id":10,"status":"ENROUTE","dateApproved":null})");
    CHECK(enroute.at("approved").is_null());
    const auto enroute_approved = f.record_of(R"({"id":11,"status":"ENROUTE","dateApproved":"2022-09-02T10:00:00Z"})");
    CHECK(enroute_approved.at("approved") == json::value(true));
    const auto denied = f.record_of(R"({"id":12,"status":"DENIED","dateApproved":"2022-09-02T10:00:00Z"})");
    CHECK(denied.at("approved") == json::value(false));  // the status decides when it is documented
}

TEST_CASE("photos: error bodies give the provider's message and code") {
    Fixture f;
    f.server.on("/photo", {403, R"({"message":"Token lacks the photo permission","error":"forbidden"})"});
    auto e1 = failure_of([&] { page(f.plugin, {}); });
    CHECK(e1.code() == PB_ERR_FORBIDDEN);
    CHECK(e1.http_status() == 403);
    CHECK(e1.provider_code() == "forbidden");
    CHECK(contains(e1.what(), "Token lacks the photo permission"));

    f.server.on("/photo", {422, R"({"errors":[{"message":"max must be between 0 and 1000"}]})"});
    auto e2 = failure_of([&] { page(f.plugin, {}); });
    CHECK(e2.code() == PB_ERR_CONFLICT);
    CHECK(contains(e2.what(), "max must be between 0 and 1000"));

    f.server.on("/photo", {503, "upstream down", "text/plain"});
    auto e3 = failure_of([&] { page(f.plugin, {}); });
    CHECK(e3.code() == PB_ERR_UNAVAILABLE);
    CHECK(contains(e3.what(), "upstream down"));
}
