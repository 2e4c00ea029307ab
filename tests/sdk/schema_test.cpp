// The manifest schema subset: what it accepts, what it reports, in which words.
#include <doctest/doctest.h>

#include <photobridge/sdk/schema.hpp>

namespace json = boost::json;
namespace schema = photobridge::sdk::schema;

namespace {
const json::value kSchema = json::parse(R"({
  "type": "object",
  "required": ["modelId"],
  "properties": {
    "modelId": {"type": "string", "minLength": 1},
    "limit": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
    "status": {"type": "string", "enum": ["active", "deleted"], "default": "active"},
    "photoIds": {"type": "array", "items": {"type": "string"}, "maxItems": 3},
    "attrs": {"type": "object", "additionalProperties": {"type": "string"}}
  }
})");
}  // namespace

TEST_CASE("a valid value has no issues, defaults fill in") {
    json::object v{{"modelId", "m1"}};
    schema::apply_defaults(v, kSchema);
    CHECK(schema::validate(v, kSchema, "params").empty());
    CHECK(v.at("limit") == 50);
    CHECK(v.at("status") == "active");
}

TEST_CASE("every problem is reported at once, each naming its path") {
    const json::value v = json::parse(R"({"limit": 500, "status": "gone", "photoIds": ["a", 2, "c", "d"],
                                          "attrs": {"x": 1}, "typo": true})");
    const auto issues = schema::validate(v, kSchema, "params");
    const std::string text = schema::describe(issues);
    CHECK(text.find("params.modelId is required") != std::string::npos);
    CHECK(text.find("params.limit must be at most 200, got 500") != std::string::npos);
    CHECK(text.find("params.status \"gone\" is not one of: active, deleted") != std::string::npos);
    CHECK(text.find("params.photoIds[1] should be string, got integer") != std::string::npos);
    CHECK(text.find("params.photoIds must have at most 3 items") != std::string::npos);
    CHECK(text.find("params.attrs.x should be string") != std::string::npos);
    CHECK(text.find("params.typo is not a known field") != std::string::npos);
    CHECK(issues.size() == 7);
}

TEST_CASE("a type union and integers written as 2.0 are accepted") {
    const json::value s = json::parse(R"({"type": ["string", "null"]})");
    CHECK(schema::validate(json::value(nullptr), s).empty());
    CHECK_FALSE(schema::validate(json::value(3), s).empty());
    const json::value i = json::parse(R"({"type": "integer"})");
    CHECK(schema::validate(json::value(2.0), i).empty());
    CHECK_FALSE(schema::validate(json::value(2.5), i).empty());
}
