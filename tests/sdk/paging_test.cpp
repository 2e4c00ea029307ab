// The paging helpers: offset, page number, a cursor or a next URL in the
// body. Each refuses a next page that repeats the current one.
#include <doctest/doctest.h>

#include <photobridge/sdk.hpp>

#include <optional>
#include <string>

namespace sdk = photobridge::sdk;

namespace {

// The message of the PB_ERR_PROTOCOL `fn` throws; FAILs when it throws nothing or another status.
template <class Fn>
std::string protocol_message(Fn&& fn) {
    try {
        fn();
    } catch (const sdk::Error& e) {
        CHECK(e.status() == PB_ERR_PROTOCOL);
        return e.what();
    }
    FAIL("no error was thrown");
    return {};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("offset paging: the next offset must lie beyond the current one") {
    CHECK(sdk::offset_cursor::next(100, 50, "acme: photos") == "150");
    const std::string empty_page = protocol_message([] { (void)sdk::offset_cursor::next(100, 0, "acme: photos"); });
    CHECK(contains(empty_page, "acme: photos: the next page's offset '100' repeats the cursor"));
    CHECK(contains(empty_page, "would never end"));

    CHECK(sdk::offset_cursor::advance(100, 150, "w") == "150");
    CHECK(contains(protocol_message([] { (void)sdk::offset_cursor::advance(100, 100, "w"); }), "offset '100'"));
    CHECK(contains(protocol_message([] { (void)sdk::offset_cursor::advance(100, 40, "w"); }), "offset '40'"));
}

TEST_CASE("page-number paging: read, next, and refusals") {
    CHECK(sdk::page_number_cursor::read(std::nullopt, 1, "w") == 1);
    CHECK(sdk::page_number_cursor::read(std::nullopt, 0, "w") == 0);
    CHECK(sdk::page_number_cursor::read(std::string("7"), 1, "w") == 7);
    for (const char* bad : {"", "0", "-2", "3x", "x", "99999999999999999999"}) {
        CAPTURE(bad);
        try {
            (void)sdk::page_number_cursor::read(std::string(bad), 1, "acme: photos");
            FAIL("accepted");
        } catch (const sdk::Error& e) {
            CHECK(e.status() == PB_ERR_INVALID_ARGUMENT);
            CHECK(contains(e.what(), "is not a page number written by this plugin"));
        }
    }
    CHECK(sdk::page_number_cursor::next(3, std::nullopt, "w") == "4");
    CHECK(sdk::page_number_cursor::next(3, 5, "w") == "5");  // the provider may skip
    CHECK(contains(protocol_message([] { (void)sdk::page_number_cursor::next(3, 3, "acme"); }),
                   "acme: the next page's page number '3' repeats"));
    CHECK(contains(protocol_message([] { (void)sdk::page_number_cursor::next(3, 1, "acme"); }), "page number '1'"));
}

TEST_CASE("cursor in the body: passed through, the end on none or empty, a repeat refused") {
    CHECK(sdk::body_cursor::next(std::nullopt, std::string("c1"), "w") == std::optional<std::string>("c1"));
    CHECK(sdk::body_cursor::next(std::string("c1"), std::string("c2"), "w") == std::optional<std::string>("c2"));
    CHECK_FALSE(sdk::body_cursor::next(std::string("c1"), std::nullopt, "w").has_value());
    CHECK_FALSE(sdk::body_cursor::next(std::string("c1"), std::string(""), "w").has_value());
    CHECK(contains(protocol_message([] { (void)sdk::body_cursor::next(std::string("c1"), std::string("c1"), "acme"); }),
                   "acme: the next page's cursor 'c1' repeats the cursor of the request"));
    CHECK(contains(protocol_message([] {
                       (void)sdk::body_cursor::next(std::string("c1"), std::string("c1"), "acme", "meta.next");
                   }),
                   "the next page's meta.next 'c1' repeats"));
}

TEST_CASE("next URL in the body: resolved against the request URL, a repeat refused") {
    const std::string current = "https://api.acme.test/v1/photos?page=1";
    using sdk::next_url::resolve;
    CHECK(resolve(current, std::string("https://api.acme.test/v1/photos?page=2"), "w") ==
          std::optional<std::string>("https://api.acme.test/v1/photos?page=2"));
    CHECK(resolve(current, std::string("/v1/photos?page=2"), "w") ==
          std::optional<std::string>("https://api.acme.test/v1/photos?page=2"));
    CHECK(resolve(current, std::string("?page=2"), "w") ==
          std::optional<std::string>("https://api.acme.test/v1/photos?page=2"));
    CHECK(resolve(current, std::string("../v2/items"), "w") == std::optional<std::string>("https://api.acme.test/v2/items"));
    CHECK_FALSE(resolve(current, std::nullopt, "w").has_value());
    CHECK_FALSE(resolve(current, std::string(""), "w").has_value());

    CHECK(contains(protocol_message([&] { (void)resolve(current, current, "acme"); }), "acme: the next page's URL"));
    CHECK(contains(protocol_message([&] { (void)resolve(current, std::string("?page=1"), "acme"); }), "repeats"));
    // The same page in another spelling (host case, an encoded unreserved character).
    CHECK(contains(protocol_message([&] { (void)resolve(current, std::string("https://API.acme.test/v1/ph%6Ftos?page=1"), "a"); }),
                   "repeats"));
    CHECK(contains(protocol_message([&] { (void)resolve(current, std::string("ftp://files.acme.test/x"), "acme"); }),
                   "is not an http(s) URL"));
    CHECK(contains(protocol_message([&] { (void)resolve(current, std::string("http://[::1"), "acme"); }),
                   "is not an http(s) URL"));

    CHECK(sdk::next_url::read(std::nullopt, "https://api.acme.test/v1/photos", "w") == "https://api.acme.test/v1/photos");
    CHECK(sdk::next_url::read(std::string("https://api.acme.test/v1/photos?page=2"), "first", "w") ==
          "https://api.acme.test/v1/photos?page=2");
    CHECK_THROWS_AS(sdk::next_url::read(std::string("page=2"), "first", "w"), sdk::Error);
}
