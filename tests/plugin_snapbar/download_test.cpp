// download_media: a submission photo's URL fetched through the host; the
// token goes only to base_url's origin.
#include "helpers.hpp"
#include "loopback_servers.hpp"

#include <photobridge/ext/media_download.h>

using namespace sb_test;

TEST_CASE("download_media: a dataset submission photo (same origin as base_url) comes back as JPEG bytes") {
    MockServer mock(mock_options(10));
    auto p = plugin_for(mock.provider_url("snapbar"));
    const auto sub = call(p, "get_submission", json::object{{"submission_id", kDocSubmission}}).json;
    const auto& media = sub.at("media").as_array();
    REQUIRE(media.size() == 2);
    const std::string url = str(media[0].at("url"));
    CHECK(url.rfind(mock.provider_url("snapbar"), 0) == 0);

    mock.clear_journal();
    const auto r = call(p, "download_media", json::object{{"url", url}, {"variant", str(media[0].at("variant"))}});
    REQUIRE(r.bytes.size() > 3);
    CHECK(static_cast<unsigned char>(r.bytes[0]) == 0xFF);
    CHECK(static_cast<unsigned char>(r.bytes[1]) == 0xD8);
    CHECK(str(r.json.at("content_type")) == "image/jpeg");
    CHECK(r.json.at("size").as_int64() == static_cast<std::int64_t>(r.bytes.size()));
    CHECK(str(r.json.at("variant")) == "Portrait - Standard Edit");

    const auto entry = only_request(mock);
    CHECK(str(entry.at("method")) == "GET");
    CHECK(str(entry.at("path")) == std::string("/snapbar/cdn/submissions/") + kDocSubmission + "/0.jpg");
    CHECK(auth_header(entry) == "[REDACTED]");  // same origin: the credential is sent

    // The media-download extension is the same download.
    REQUIRE(p.offers(PB_EXT_MEDIA_DOWNLOAD));
    const auto via_extension = p.download_media(url, str(media[0].at("variant")));
    CHECK(via_extension.bytes == r.bytes);
    CHECK(via_extension.json == r.json);
}

TEST_CASE("download_media: another origin (a CDN) never receives the token") {
    CannedServer cdn;
    const std::string jpeg("\xFF\xD8\xFF\xE0 fake jpeg body", 20);
    cdn.on("/download/photo1.jpg", {200, jpeg, "image/jpeg"});
    MockServer mock(mock_options());
    auto p = plugin_for(mock.provider_url("snapbar"));
    const auto r = call(p, "download_media", json::object{{"url", cdn.url() + "/download/photo1.jpg?sig=abc"}});
    CHECK(r.bytes == jpeg);
    CHECK(r.json.at("variant").is_null());
    const auto seen = cdn.seen();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].target == "/download/photo1.jpg?sig=abc");
    CHECK(seen[0].headers.count("Authorization") == 0);
    for (const auto& [k, v] : seen[0].headers) CHECK(v.find("mock-token") == std::string::npos);
}

TEST_CASE("download_media: origin = scheme + host + port, a generic Content-Type → sniffed") {
    CannedServer cdn;
    const std::string png("\x89PNG\r\n\x1a\n....", 12);
    cdn.on("/snapbar/x.png", {200, png, "application/octet-stream"});
    const std::string port = cdn.url().substr(cdn.url().rfind(':'));
    auto other_port = plugin_for("http://127.0.0.1:1/snapbar");            // never contacted
    auto other_host = plugin_for("http://localhost" + port + "/snapbar");  // same port, other host name
    auto other_scheme = plugin_for("https://127.0.0.1" + port + "/snapbar");
    auto same = plugin_for(cdn.url() + "/snapbar/");
    for (const auto* p : {&other_port, &other_host, &other_scheme, &same}) {
        const auto r = call(*p, "download_media", json::object{{"url", cdn.url() + "/snapbar/x.png"}});
        CHECK(r.bytes == png);
        CHECK(str(r.json.at("content_type")) == "image/png");
    }
    const auto seen = cdn.seen();
    REQUIRE(seen.size() == 4);
    CHECK(seen[0].headers.count("Authorization") == 0);
    CHECK(seen[1].headers.count("Authorization") == 0);
    CHECK(seen[2].headers.count("Authorization") == 0);
    REQUIRE(seen[3].headers.count("Authorization") == 1);
    CHECK(seen[3].headers.find("Authorization")->second == "Bearer mock-token");
}

TEST_CASE("download_media: a missing photo is NOT_FOUND, a non-http URL is refused before sending") {
    MockServer mock(mock_options(10));
    auto p = plugin_for(mock.provider_url("snapbar"));
    const auto e = failure_of([&] {
        call(p, "download_media", json::object{{"url", mock.provider_url("snapbar") + "/cdn/submissions/nope/0.jpg"}});
    });
    CHECK(e.code() == PB_ERR_NOT_FOUND);
    CHECK(e.http_status() == 404);
    mock.clear_journal();
    for (const char* bad : {"ftp://example.com/a.jpg", "not a url", "/relative/a.jpg", "http:///nohost"}) {
        CAPTURE(bad);
        const auto refused = failure_of([&] { call(p, "download_media", json::object{{"url", bad}}); });
        CHECK(refused.code() == PB_ERR_INVALID_ARGUMENT);
        CHECK(std::string(refused.what()).find(bad) == std::string::npos);
    }
    CHECK(mock.journal().empty());
}
