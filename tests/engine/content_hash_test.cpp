#include "engine/content_hash.hpp"

#include <doctest/doctest.h>

using photobridge::engine::canonical_text_for_hash;
using photobridge::engine::content_hash;
namespace json = boost::json;

namespace {

json::value photo() {
    return json::parse(R"({
        "kind": "photo", "id": "p1", "provider": "headshotpro",
        "person": {"id": "u1", "email": "a@example.com", "name": "Ann", "external_id": null},
        "status": "done", "approved": true, "created_at": "2024-05-01T10:00:00Z",
        "media": [{"variant": "main", "url": "https://cdn/x.jpg?sig=AAA", "width": 800, "height": 1000,
                   "expires_at": "2024-05-01T11:00:00Z"}],
        "raw": {"_id": "p1", "views": 3, "url": "https://cdn/x.jpg?sig=AAA"}
    })");
}

}  // namespace

TEST_CASE("content hash: SHA-256 hex of the canonical text") {
    CHECK(content_hash(json::object{}) == "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");  // sha256("{}")
    CHECK(content_hash(photo()).size() == 64);
}

TEST_CASE("content hash: key order does not matter") {
    const json::value a = json::parse(R"({"a":1,"b":{"x":1,"y":[1,2]}})");
    const json::value b = json::parse(R"({"b":{"y":[1,2],"x":1},"a":1})");
    CHECK(content_hash(a) == content_hash(b));
    CHECK(canonical_text_for_hash(b) == R"({"a":1,"b":{"x":1,"y":[1,2]}})");
}

TEST_CASE("content hash: raw, media urls and expiry are volatile and ignored") {
    json::value changed = photo();
    changed.at("raw").at("views") = 4;
    changed.at("media").at(0).at("url") = "https://cdn/x.jpg?sig=BBB";
    changed.at("media").at(0).at("expires_at") = "2024-05-01T12:00:00Z";
    CHECK(content_hash(changed) == content_hash(photo()));
}

TEST_CASE("content hash: a change in a canonical field is a change") {
    const std::string base = content_hash(photo());
    for (const char* path : {"status", "approved", "person.name", "media.0.width", "media.0.variant", "created_at"}) {
        CAPTURE(path);
        json::value v = photo();
        if (std::string(path) == "status") v.at("status") = "deleted";
        if (std::string(path) == "approved") v.at("approved") = false;
        if (std::string(path) == "person.name") v.at("person").at("name") = "Anne";
        if (std::string(path) == "media.0.width") v.at("media").at(0).at("width") = 801;
        if (std::string(path) == "media.0.variant") v.at("media").at(0).at("variant") = "thumb";
        if (std::string(path) == "created_at") v.at("created_at") = "2024-05-02T10:00:00Z";
        CHECK(content_hash(v) != base);
    }
    json::value extra = photo();
    extra.at("media").as_array().push_back(json::object{{"variant", "thumb"}, {"url", "u"}});
    CHECK(content_hash(extra) != base);
}

TEST_CASE("content hash: only the top-level raw is dropped, and url only inside media items") {
    const json::value nested = json::parse(R"({"id":"1","person":{"raw":1,"url":"a"}})");
    const json::value other = json::parse(R"({"id":"1","person":{"raw":2,"url":"b"}})");
    CHECK(content_hash(nested) != content_hash(other));
}

TEST_CASE("content hash: the canonical text of escapes, numbers and nesting is pinned byte for byte") {
    // Hashes already in ledgers depend on this exact text: any change to it
    // makes every record of every workflow look changed once.
    const json::value record = json::parse(
        R"({"z":"tab\there \"q\" \\ é \u0001 \ud83d\ude00","a":[1,-2,3.5,1e300,-0.0,true,false,null,"x"],)"
        R"("m":{"b":{"k":[{"y":1,"x":2}]},"a":18446744073709551615,"c":-9223372036854775808},"raw":{"no":1},)"
        R"("media":[{"url":"u","expires_at":"e","variant":"main","width":1}],"":"empty key"})");
    CHECK(canonical_text_for_hash(record) ==
          "{\"\":\"empty key\",\"a\":[1,-2,3.5E0,1E300,-0E0,true,false,null,\"x\"],"
          "\"m\":{\"a\":18446744073709551615,\"b\":{\"k\":[{\"x\":2,\"y\":1}]},\"c\":-9223372036854775808},"
          "\"media\":[{\"variant\":\"main\",\"width\":1}],"
          "\"z\":\"tab\\there \\\"q\\\" \\\\ \xC3\xA9 \\u0001 \xF0\x9F\x98\x80\"}");
    CHECK(content_hash(record) == "1c5f7ab343934ebeb8ebee71a34e0dc35f28fcd6963579aa5913e22af0e3e8f4");
}
