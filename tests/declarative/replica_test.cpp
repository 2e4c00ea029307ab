// cloudcard_declarative (a provider file) against the C++ cloudcard plugin,
// on the same mock: the same manifest where a workflow looks (config,
// streams, params, operations), the same records except `provider`, the
// same pages, and the same statuses for the errors.
#include "support/harness.hpp"
#include "support/plugin_contract.hpp"
#include "support/shared_mock.hpp"

#include <doctest/doctest.h>

using namespace photobridge;
using namespace photobridge::testing::contract;
namespace json = boost::json;

namespace {

testing::PluginUnderTest make(const std::string& id, const std::string& base_url, const std::string& token = "mock-token") {
    return testing::PluginUnderTest(id, json::object{{"base_url", base_url}, {"token", token}, {"timeout_ms", 10000}});
}

// The record without its `provider` (the one field the replica may differ in).
json::value without_provider(json::value record) {
    record.as_object().erase("provider");
    return record;
}

// Every page of the stream, as the host sees them.
std::vector<json::object> pages(const testing::PluginUnderTest& p, const json::object& params, std::int64_t size) {
    std::vector<json::object> out;
    json::value cursor = nullptr;
    for (int i = 0; i < 500; ++i) {
        json::object page = testing::stream_page(p, "photos", params, cursor, size);
        const json::value next = page.at("next_cursor");
        out.push_back(std::move(page));
        if (next.is_null()) break;
        cursor = next;
    }
    return out;
}

void check_same_pages(const testing::PluginUnderTest& cpp, const testing::PluginUnderTest& decl, const json::object& params,
                      std::int64_t size) {
    const auto a = pages(cpp, params, size);
    const auto b = pages(decl, params, size);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CAPTURE(i);
        CHECK(a[i].at("next_cursor") == b[i].at("next_cursor"));
        CHECK(a[i].at("total") == b[i].at("total"));
        const auto& ra = a[i].at("records").as_array();
        const auto& rb = b[i].at("records").as_array();
        REQUIRE(ra.size() == rb.size());
        for (std::size_t r = 0; r < ra.size(); ++r) {
            CHECK(rb[r].at("provider") == "cloudcard_declarative");
            CHECK(without_provider(ra[r]) == without_provider(rb[r]));
        }
    }
}

}  // namespace

TEST_CASE("replica: the manifest offers what cloudcard's does") {
    const auto& registry = testing::built_plugins();
    const auto cpp = registry.find("cloudcard");
    const auto decl = registry.find("cloudcard_declarative");
    REQUIRE(cpp != nullptr);
    REQUIRE(decl != nullptr);
    const auto& a = cpp->manifest->document();
    const auto& b = decl->manifest->document();
    CHECK(a.at("config") == b.at("config"));
    for (const char* key : {"record", "params", "page_size", "incremental"})
        CHECK(a.at("streams").at("photos").at(key) == b.at("streams").at("photos").at(key));
    CHECK(a.at("streams").as_object().size() == b.at("streams").as_object().size());
    CHECK(a.at("operations").at("download_media").at("input") == b.at("operations").at("download_media").at("input"));
}

TEST_CASE("replica: replay mode gives the documented example's records, equal but for provider") {
    auto& mock = testing::shared_mock("cloudcard");
    const auto url = mock.provider_url("cloudcard");
    check_same_pages(make("cloudcard", url), make("cloudcard_declarative", url), {}, 25);
}

TEST_CASE("replica: dataset mode, 1,000 photos, every page size and status filter") {
    auto& mock = testing::shared_mock("cloudcard", 1000);
    const auto url = mock.provider_url("cloudcard");
    const auto cpp = make("cloudcard", url);
    const auto decl = make("cloudcard_declarative", url);
    check_same_pages(cpp, decl, {}, 100);
    check_same_pages(cpp, decl, {}, 1000);
    check_same_pages(cpp, decl, {{"status", "APPROVED"}}, 37);
    check_same_pages(cpp, decl, {{"status", "PENDING"}}, 250);
    // The requests were the same too.
    mock.clear_journal();
    testing::stream_page(cpp, "photos", {{"status", "DONE"}}, "50", 10);
    testing::stream_page(decl, "photos", {{"status", "DONE"}}, "50", 10);
    const json::array journal = provider_requests(mock, "cloudcard");
    REQUIRE(journal.size() == 2);
    CHECK(journal[0].at("path") == journal[1].at("path"));
    CHECK(journal[0].at("query") == journal[1].at("query"));
    CHECK(journal[0].at("headers").at("x-auth-token") == journal[1].at("headers").at("x-auth-token"));
}

TEST_CASE("replica: the same statuses for a wrong token, a refused cursor and provider failures") {
    auto& mock = testing::shared_mock("cloudcard", 1000);
    const auto url = mock.provider_url("cloudcard");
    const auto status_of = [](const auto& call) {
        try {
            call();
        } catch (const testing::CallError& e) {
            return e.code();
        }
        return static_cast<std::int32_t>(PB_OK);
    };
    for (const char* id : {"cloudcard", "cloudcard_declarative"}) {
        CAPTURE(id);
        const auto wrong = make(id, url, "wrong-token");
        CHECK(status_of([&] { testing::stream_page(wrong, "photos", {}, nullptr, 10); }) == PB_ERR_UNAUTHORIZED);
        const auto p = make(id, url);
        CHECK(status_of([&] { testing::stream_page(p, "photos", {}, "not-an-offset", 10); }) == PB_ERR_INVALID_ARGUMENT);
        CHECK(status_of([&] { testing::stream_page(p, "photos", {{"status", "LOST"}}, nullptr, 10); }) ==
              PB_ERR_INVALID_ARGUMENT);
        for (int status : {500, 503, 429, 404}) {
            CAPTURE(status);
            mock.set_faults(json::array{json::object{{"provider", "cloudcard"}, {"status", status}}});
            const std::int32_t got = status_of([&] { testing::stream_page(p, "photos", {}, nullptr, 10); });
            mock.set_faults(json::array{});
            CHECK(got == (status == 429 ? PB_ERR_RATE_LIMITED : status == 404 ? PB_ERR_NOT_FOUND : PB_ERR_UNAVAILABLE));
        }
    }
}

TEST_CASE("replica: download_media sends the token only to base_url's origin") {
    auto& mock = testing::shared_mock("cloudcard", 1000);
    const auto url = mock.provider_url("cloudcard");
    const auto decl = make("cloudcard_declarative", url);
    const json::object page = testing::stream_page(decl, "photos", {}, nullptr, 1);
    const std::string media(page.at("records").at(0).at("media").at(0).at("url").as_string());
    const auto a = make("cloudcard", url).download_media(media, "main");
    const auto b = decl.download_media(media, "main");
    CHECK(a.bytes == b.bytes);
    CHECK(!b.bytes.empty());
}
