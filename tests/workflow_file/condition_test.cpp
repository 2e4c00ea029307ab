// Condition::matches: AND across fields, OR across a field's accepted values.
#include "model/workflow.hpp"

#include <doctest/doctest.h>

namespace json = boost::json;
using photobridge::model::Condition;

namespace {

Condition condition(std::vector<std::pair<std::string, std::vector<json::value>>> any_of) {
    Condition c;
    c.any_of = std::move(any_of);
    return c;
}

const json::value& record() {
    static const json::value r = json::parse(R"({
        "approved": true, "status": "ACCEPTED", "size": 3, "score": 2.0, "big": 18446744073709551615,
        "person": {"email": "ada@example.com", "external_id": null},
        "media": [{"variant": "main"}]
    })");
    return r;
}

}  // namespace

TEST_CASE("an empty condition matches everything") {
    CHECK(Condition{}.matches(record()));
    CHECK(Condition{}.matches(json::value()));
}

TEST_CASE("a field matches when it equals any accepted value") {
    CHECK(condition({{"approved", {true}}}).matches(record()));
    CHECK_FALSE(condition({{"approved", {false}}}).matches(record()));
    CHECK(condition({{"status", {"REVIEW", "ACCEPTED"}}}).matches(record()));
    CHECK_FALSE(condition({{"status", {"accepted"}}}).matches(record()));  // case-sensitive
    CHECK(condition({{"person.email", {"ada@example.com"}}}).matches(record()));
    CHECK(condition({{"media.0.variant", {"main"}}}).matches(record()));
}

TEST_CASE("numbers compare by value across integer and float forms") {
    CHECK(condition({{"size", {3.0}}}).matches(record()));
    CHECK(condition({{"score", {2}}}).matches(record()));
    CHECK_FALSE(condition({{"size", {"3"}}}).matches(record()));
    CHECK(condition({{"big", {json::value(std::uint64_t(18446744073709551615ull))}}}).matches(record()));
    CHECK_FALSE(condition({{"big", {-1}}}).matches(record()));
    CHECK_FALSE(condition({{"size", {true}}}).matches(record()));
}

TEST_CASE("every field must match") {
    CHECK(condition({{"approved", {true}}, {"status", {"ACCEPTED"}}}).matches(record()));
    CHECK_FALSE(condition({{"approved", {true}}, {"status", {"REJECTED"}}}).matches(record()));
}

TEST_CASE("a missing or null field never matches an ordinary value") {
    CHECK_FALSE(condition({{"person.name", {"Ada"}}}).matches(record()));
    CHECK_FALSE(condition({{"person.external_id", {""}}}).matches(record()));
    CHECK_FALSE(condition({{"approved.deeper", {true}}}).matches(record()));
    CHECK_FALSE(condition({{"status", {}}}).matches(record()));
}
