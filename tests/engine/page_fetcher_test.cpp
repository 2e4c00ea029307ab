#include "engine/page_fetcher.hpp"

#include <doctest/doctest.h>

using photobridge::engine::PageFetcher;
using photobridge::host::InvokeError;

namespace {

int code_of(const std::string& text) {
    try {
        PageFetcher::parse_page("p.s: page ", text);
    } catch (const InvokeError& e) {
        return e.code();
    }
    return PB_OK;
}

}  // namespace

TEST_CASE("page fetcher: a page's records, cursor and total, records keep the page's arena") {
    auto page = PageFetcher::parse_page("p.s: page ", R"({"records":[{"id":"1"},{"id":"2"}],"next_cursor":"c2","total":7})");
    CHECK(page.records.size() == 2);
    CHECK(page.next_cursor == "c2");
    CHECK(page.total == 7);
    CHECK(page.records.storage().is_deallocate_trivial());  // the monotonic arena, not the default heap
    auto last = PageFetcher::parse_page("p.s: page ", R"({"records":[],"next_cursor":null})");
    CHECK_FALSE(last.next_cursor.has_value());
    CHECK_FALSE(last.total.has_value());
}

TEST_CASE("page fetcher: malformed pages are PROTOCOL errors naming the field") {
    CHECK(code_of("not json") == PB_ERR_PROTOCOL);
    CHECK(code_of("[]") == PB_ERR_PROTOCOL);
    CHECK(code_of(R"({"records":{}})") == PB_ERR_PROTOCOL);
    CHECK(code_of(R"({"records":[],"next_cursor":5})") == PB_ERR_PROTOCOL);
    try {
        PageFetcher::parse_page("p.s: page ", R"({"next_cursor":null})");
        FAIL("expected an error");
    } catch (const InvokeError& e) {
        CHECK(std::string(e.what()) == "p.s: page field 'records' is missing or not an array");
    }
}
