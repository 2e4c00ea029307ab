// RFC 8288 Link headers: parsing, the next link, and a stream walked by it
// over a loopback server.
#include <doctest/doctest.h>

#include <photobridge/sdk.hpp>

#include "loopback_host.hpp"
#include "support/capture_server.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sdk = photobridge::sdk;

namespace {

using capture::reply;

}  // namespace

TEST_CASE("parse_link_header: several links, quoted and unquoted rel, several rel values") {
    const auto links = sdk::parse_link_header(
        R"(<https://api.acme.test/p?page=3>; rel="next", <https://api.acme.test/p?page=1>; rel=first,)"
        R"( </p?page=9>;rel="last  Prev" ; title="a, b; c", <https://x.test/a,b>; REL=Alternate)");
    REQUIRE(links.size() == 4);
    CHECK(links[0].target == "https://api.acme.test/p?page=3");
    CHECK(links[0].rels == std::vector<std::string>{"next"});
    CHECK(links[1].rels == std::vector<std::string>{"first"});
    CHECK(links[2].target == "/p?page=9");
    CHECK(links[2].rels == std::vector<std::string>{"last", "prev"});
    CHECK(links[3].target == "https://x.test/a,b");  // a comma inside <...> does not split
    CHECK(links[3].rels == std::vector<std::string>{"alternate"});
}

TEST_CASE("parse_link_header: malformed input is skipped, never a crash") {
    CHECK(sdk::parse_link_header("").empty());
    CHECK(sdk::parse_link_header("garbage, more garbage").empty());
    CHECK(sdk::parse_link_header("<unterminated; rel=next").empty());
    const auto some = sdk::parse_link_header(R"(junk; rel=next, <https://a.test/2>; rel; rel="next"; rel=prev)");
    REQUIRE(some.size() == 1);
    CHECK(some[0].target == "https://a.test/2");
    CHECK(some[0].rels == std::vector<std::string>{"next"});  // only the first rel with a value counts
    const auto escaped = sdk::parse_link_header(R"(<https://a.test/3>; title="say \"hi\", then"; rel="next")");
    REQUIRE(escaped.size() == 1);
    CHECK(escaped[0].rels == std::vector<std::string>{"next"});
    CHECK(sdk::parse_link_header(R"(<https://a.test/4>; rel=")").size() == 1);
}

TEST_CASE("find_link looks through every Link header, next_link_cursor resolves and guards") {
    sdk::HttpResponse r;
    r.headers = {{"link", R"(</p?page=1>; rel="prev")"}, {"Link", R"(</p?page=3>; rel="last", </p?page=2>; rel="next")"}};
    CHECK(sdk::find_link(r.headers, "next") == std::optional<std::string>("/p?page=2"));
    CHECK(sdk::find_link(r.headers, "PREV") == std::optional<std::string>("/p?page=1"));
    CHECK_FALSE(sdk::find_link(r.headers, "first").has_value());
    CHECK(sdk::next_link_cursor(r, "https://api.acme.test/p?page=1", "w") ==
          std::optional<std::string>("https://api.acme.test/p?page=2"));
    try {
        (void)sdk::next_link_cursor(r, "https://api.acme.test/p?page=2", "acme: photos");
        FAIL("a next link to the current page was accepted");
    } catch (const sdk::Error& e) {
        CHECK(e.status() == PB_ERR_PROTOCOL);
        CHECK(std::string(e.what()).find("acme: photos: the next page's URL") == 0);
    }
    r.headers = {{"Link", R"(</p?page=1>; rel="prev")"}};
    CHECK_FALSE(sdk::next_link_cursor(r, "https://api.acme.test/p?page=2", "w").has_value());
}

TEST_CASE("a stream walks its Link-header pages to the end over HTTP") {
    capture::Server server;
    server.on("GET", "/v1/items", reply(200, R"(["a"])", "application/json", {{"Link", R"(</v1/items2>; rel="next")"}}));
    server.on("GET", "/v1/items2",
              reply(200, R"(["b"])", "application/json",
                    {{"Link", "<" + server.url() + R"(/v1/items3?x=1>; rel="next", </v1/items>; rel="first")"}}));
    server.on("GET", "/v1/items3", reply(200, R"(["c"])", "application/json", {{"Link", R"(</v1/items>; rel="first")"}}));
    sdk_test::LoopbackHost loopback;
    const sdk::ApiClient client(loopback.host(), sdk_test::plain_options(server.url() + "/v1"));

    std::vector<std::string> seen;
    std::optional<std::string> cursor;
    for (int pages = 0; pages < 10; ++pages) {
        const std::string url = sdk::next_url::read(cursor, client.url({"items"}), "acme: items");
        const sdk::HttpResponse r = client.checked("items", "GET", url);
        const boost::json::value items = r.json("items");
        for (const auto& v : items.as_array()) seen.emplace_back(v.as_string());
        cursor = sdk::next_link_cursor(r, url, "acme: items");
        if (!cursor) break;
    }
    CHECK(seen == std::vector<std::string>{"a", "b", "c"});
    CHECK(server.requests().size() == 3);
    CHECK(server.requests()[2].query.count("x") == 1);

    // A server whose next link names the page itself is refused at once.
    server.on("GET", "/v1/items", reply(200, R"([])", "application/json", {{"Link", R"(<items>; rel="next")"}}));
    const sdk::HttpResponse again = client.checked("items", "GET", client.url({"items"}));
    CHECK_THROWS_AS(sdk::next_link_cursor(again, client.url({"items"}), "acme: items"), sdk::Error);
}
