// import-postman reproduces the committed Snapbar fixtures from the
// collection kept in fixtures/snapbar/source/, byte for byte.
#include "mock_test_support.hpp"
#include "framework/postman_import.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace mocktest;

TEST_CASE("import-postman output equals the committed Snapbar fixtures") {
    const std::string collection = provider_doc_path("snapbar", "snapbar-scale-headshots.postman_collection.json");
    const std::string out = std::string(PHOTOBRIDGE_BINARY_DIR) + "/mock_import_test/snapbar";
    std::filesystem::remove_all(out);
    const auto written = photobridge::mock::import_postman(collection, "snapbar", out);
    CHECK(written.size() == 8);  // provider.json + 7 requests with examples
    std::set<std::string> committed;
    for (const auto& f : std::filesystem::directory_iterator(kFixturesDir + "/snapbar"))
        if (f.is_regular_file()) committed.insert(f.path().filename().string());
    CHECK(committed == std::set<std::string>(written.begin(), written.end()));
    for (const auto& name : written) {
        INFO(name);
        CHECK(read_file(out + "/" + name) == read_file(kFixturesDir + "/snapbar/" + name));
    }
}

TEST_CASE("import-postman derives paths, parameters and triggers") {
    const auto collection = boost::json::parse(R"JSON({
      "info": {"name": "Tiny"},
      "auth": {"type": "bearer"},
      "item": [{"name": "Things", "item": [{
        "name": "Get Thing",
        "request": {"method": "GET", "url": {"raw": "{{base_url}}/v1/things/:thingId",
          "path": ["v1", "things", ":thingId"],
          "query": [{"key": "kind", "value": "", "disabled": true, "description": "Filter by kind: RED, BLUE"},
                    {"key": "limit", "value": "", "disabled": true, "description": "Page size (default: 10, max: 50)"}]}},
        "response": [
          {"name": "ok", "code": 200, "originalRequest": {"method": "GET", "url": "{{base_url}}/v1/things/1"}, "body": "{\"id\": 1}"},
          {"name": "bad kind", "code": 422, "originalRequest": {"method": "GET",
             "url": {"raw": "x", "path": ["v1", "things", "1"], "query": [{"key": "kind", "value": "GREEN"}]}},
           "body": "{\"error\": \"GREEN is not a kind\"}"}]}]},
        {"name": "Other", "request": {"method": "GET", "url": "{{base_url}}/v1/others"}, "response": []}]
    })JSON");
    const auto files = photobridge::mock::convert_postman_collection(collection, "tiny", "tiny.json");
    REQUIRE(files.size() == 2);  // "Other" has no example to replay
    const auto endpoint = boost::json::parse(files[1].content);
    CHECK(files[1].name == "get-thing.json");
    CHECK(endpoint.at("path") == "/things/{thingId}");
    CHECK(endpoint.at("query").at(0).at("enum") == boost::json::parse(R"(["RED","BLUE"])"));
    CHECK(endpoint.at("query").at(0).at("on_invalid").at("example") == "bad kind");
    CHECK(endpoint.at("query").at(1).at("max") == 50);
    CHECK(endpoint.at("query").at(1).at("default") == 10);
    CHECK(endpoint.at("examples").at(0).at("triggers").at("path").at("thingId") == "1");
    CHECK(endpoint.at("examples").at(1).at("triggers").at("query").at("kind") == "GREEN");
    CHECK_THROWS(photobridge::mock::convert_postman_collection(boost::json::parse("{}"), "x", "x"));
}
