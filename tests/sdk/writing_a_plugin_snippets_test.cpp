// The code of sdk-docs/writing-a-plugin.md's "Common API patterns" section,
// compiled and run against a loopback server, so the tutorial's snippets
// cannot rot. Keep the two in step: the doc quotes the functions below.
#include <doctest/doctest.h>

#include <photobridge/sdk.hpp>

#include "loopback_host.hpp"
#include "support/capture_server.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sdk = photobridge::sdk;
namespace json = boost::json;
namespace ja = sdk::json_access;

namespace {

// --- quoted in the doc: the client -----------------------------------------
sdk::ApiClientOptions acme_options(const json::object& config) {
    auto options = sdk::ApiClientOptions::from_config(config, "acme", sdk::auth::bearer("api_key"));
    options.default_headers = {{"Accept-Version", "v1"}};
    options.classify = sdk::rate_limited_when_exhausted();
    return options;
}

// --- quoted in the doc: an error body of the provider's own shape -----------
// Acme wraps refusals as {"result": {"error": "..."}}; everything else is a
// shape the SDK knows.
sdk::ProviderFailure read_acme_failure(const sdk::HttpResponse& response) {
    boost::system::error_code ec;
    const json::value body = json::parse(response.body, ec);
    if (const auto* result = ec ? nullptr : ja::find(body, "result"))
        if (auto failure = sdk::read_error_body(*result)) return std::move(*failure);
    return sdk::read_common_failure(response);
}

// --- quoted in the doc: paging ---------------------------------------------
sdk::Page records_of(const json::value& body, std::string_view where) {
    sdk::Page page;
    for (const auto& item : ja::require_array(body, "items", where)) page.records.push_back(item);
    return page;
}

// ?page=N, with "has_more" in the body.
sdk::Page photos_by_page(const sdk::ApiClient& client, const sdk::StreamCall& call) {
    constexpr std::string_view where = "acme: photos";
    const std::int64_t page = sdk::page_number_cursor::read(call.cursor, 1, where);
    const std::string url = client.url({"photos"}, {{"page", std::to_string(page)},
                                                    {"per_page", std::to_string(call.page_size_or_default())}});
    const json::value body = client.get_json("photos", url);
    sdk::Page out = records_of(body, where);
    if (ja::require_bool(body, "has_more", where)) out.next_cursor = sdk::page_number_cursor::next(page, std::nullopt, where);
    return out;
}

// An opaque "next_cursor" in the body, sent back as ?cursor=.
sdk::Page photos_by_cursor(const sdk::ApiClient& client, const sdk::StreamCall& call) {
    constexpr std::string_view where = "acme: photos";
    sdk::Query query{{"limit", std::to_string(call.page_size_or_default())}};
    if (call.cursor) query.emplace_back("cursor", *call.cursor);
    const json::value body = client.get_json("photos", client.url({"photos"}, query));
    sdk::Page out = records_of(body, where);
    out.next_cursor = sdk::body_cursor::next(call.cursor, ja::optional_string(body, "next_cursor", where), where,
                                             "next_cursor");
    return out;
}

// A "next" URL in the body (absolute or relative); the cursor is the URL.
sdk::Page photos_by_next_url(const sdk::ApiClient& client, const sdk::StreamCall& call) {
    constexpr std::string_view where = "acme: photos";
    const std::string url = sdk::next_url::read(call.cursor, client.url({"photos"}), where);
    const json::value body = client.get_json("photos", url);
    sdk::Page out = records_of(body, where);
    out.next_cursor = sdk::next_url::resolve(url, ja::optional_string(body, "next", where), where);
    return out;
}

// RFC 8288: Link: <...>; rel="next".
sdk::Page photos_by_link(const sdk::ApiClient& client, const sdk::StreamCall& call) {
    constexpr std::string_view where = "acme: photos";
    const std::string url = sdk::next_url::read(call.cursor, client.url({"photos"}), where);
    const sdk::HttpResponse response = client.checked("photos", "GET", url);
    sdk::Page out = records_of(response.json(where), where);
    out.next_cursor = sdk::next_link_cursor(response, url, where);
    return out;
}
// --- end of the quoted code -------------------------------------------------

capture::Answer json_answer(std::string body, std::vector<std::pair<std::string, std::string>> headers = {}) {
    return capture::Answer{200, std::move(body), "application/json", std::move(headers)};
}

// Walks a stream handler to its end (at most 10 pages), as the host would.
template <class Handler>
std::vector<std::string> walk(const sdk::ApiClient& client, const sdk::Host& host, Handler handler) {
    const json::object params;
    std::vector<std::string> ids;
    std::optional<std::string> cursor;
    for (int i = 0; i < 10; ++i) {
        const sdk::StreamCall call{params, cursor, std::nullopt, host, sdk::PageSize{2, 10}};
        const sdk::Page page = handler(client, call);
        for (const auto& r : page.records) ids.emplace_back(r.as_string());
        cursor = page.next_cursor;
        if (!cursor) break;
    }
    return ids;
}

struct Fixture {
    capture::Server server;
    sdk_test::LoopbackHost loopback;
    sdk::Host host = loopback.host();
    sdk::ApiClient client{host, acme_options(json::object{{"base_url", server.url() + "/v1"}, {"api_key", "k-1"}})};
};

}  // namespace

TEST_CASE("writing-a-plugin: the four paging styles walk to the end") {
    Fixture f;
    const std::vector<std::string> all{"a", "b", "c"};

    f.server.on("GET", "/v1/photos", json_answer(R"({"items":["a","b"],"has_more":true})"));
    CHECK(walk(f.client, f.host, [&](const sdk::ApiClient& c, const sdk::StreamCall& call) {
              if (call.cursor) f.server.on("GET", "/v1/photos", json_answer(R"({"items":["c"],"has_more":false})"));
              return photos_by_page(c, call);
          }) == all);
    CHECK(f.server.last().query.find("page")->second == "2");

    f.server.on("GET", "/v1/photos", json_answer(R"({"items":["a","b"],"next_cursor":"c2"})"));
    CHECK(walk(f.client, f.host, [&](const sdk::ApiClient& c, const sdk::StreamCall& call) {
              if (call.cursor) f.server.on("GET", "/v1/photos", json_answer(R"({"items":["c"],"next_cursor":null})"));
              return photos_by_cursor(c, call);
          }) == all);
    CHECK(f.server.last().query.find("cursor")->second == "c2");

    f.server.on("GET", "/v1/photos", json_answer(R"({"items":["a","b"],"next":"/v1/more?after=b"})"));
    f.server.on("GET", "/v1/more", json_answer(R"({"items":["c"]})"));
    CHECK(walk(f.client, f.host, photos_by_next_url) == all);

    f.server.on("GET", "/v1/photos", json_answer(R"({"items":["a","b"]})", {{"Link", R"(<more?after=b>; rel="next")"}}));
    CHECK(walk(f.client, f.host, photos_by_link) == all);
    CHECK(f.server.last().header("Accept-Version") == std::optional<std::string>("v1"));
    CHECK(f.server.last().header("Authorization") == std::optional<std::string>("Bearer k-1"));
}

TEST_CASE("writing-a-plugin: a provider's own error shape, then the SDK's") {
    sdk::HttpResponse r;
    r.status = 400;
    r.body = R"({"result":{"error":"album is archived"}})";
    CHECK(read_acme_failure(r).message == "album is archived");
    r.body = R"({"errors":[{"detail":"limit too large"}]})";
    CHECK(read_acme_failure(r).message == "limit too large");
    r.body = "<html>oops</html>";
    CHECK(read_acme_failure(r).message == "<html>oops</html>");
}
