// The shootbin plugin against the mock in dataset mode (1,000 photos in
// project 1 album 12): streams walked to the end, writes that change state,
// find_photo and download_media.
#include "shootbin_test_support.hpp"

#include <algorithm>
#include <set>
#include <thread>
#include <vector>

using namespace shootbin_test;
using photobridge::testing::read_all;

namespace {

const json::object kAlbum{{"project", 1}, {"album", 12}};

std::size_t listing_requests(const MockServer& mock) {
    std::size_t n = 0;
    for (const auto& e : provider_requests(mock))
        if (e.at("method") == "GET" && e.at("path") == "/shootbin/api/projects/1/albums/12/photos") ++n;
    return n;
}

void check_walk(const json::array& records) {
    REQUIRE(records.size() == 1000);
    std::set<std::string> ids;
    std::vector<long> numeric;
    for (const auto& r : records) {
        ids.insert(std::string(r.at("id").as_string()));
        numeric.push_back(std::stol(std::string(r.at("id").as_string())));
        CHECK(r.at("provider") == json::value(kPluginId));
    }
    CHECK(ids.size() == 1000);  // every record exactly once
    CHECK(std::is_sorted(numeric.rbegin(), numeric.rend()));  // newest first
    CHECK(numeric.front() == 1099);
    CHECK(numeric.back() == 100);
}

}  // namespace

TEST_CASE("dataset: album_photos walks 1000 photos to the end + each once + at several page sizes") {
    const MockServer& mock = fresh(dataset_mock());
    const auto sb = plugin(mock.provider_url("shootbin"));

    SUBCASE("provider default page size (50)") {
        check_walk(read_all(sb, "album_photos", kAlbum));
        CHECK(listing_requests(mock) == 20);
    }
    SUBCASE("maximum page size (100)") {
        check_walk(read_all(sb, "album_photos", kAlbum, 100));
        CHECK(listing_requests(mock) == 10);
    }
    SUBCASE("an uneven page size (37) and an oversized one (clamped to 100)") {
        check_walk(read_all(sb, "album_photos", kAlbum, 37));
        CHECK(listing_requests(mock) == 28);
        mock.clear_journal();
        check_walk(read_all(sb, "album_photos", kAlbum, 1000));
        CHECK(listing_requests(mock) == 10);
    }
}

TEST_CASE("dataset: approved follows approved_at - image_url becomes media main") {
    const MockServer& mock = fresh(dataset_mock());
    const auto sb = plugin(mock.provider_url("shootbin"));
    const json::array records = read_all(sb, "album_photos", kAlbum, 100);
    std::size_t approved = 0;
    for (const auto& r : records) {
        const json::object& raw = r.at("raw").as_object();
        CHECK(r.at("approved") == json::value(!raw.at("approved_at").is_null()));
        approved += r.at("approved") == true;
        REQUIRE(r.at("media").as_array().size() == 1);
        CHECK(r.at("media").at(0).at("url") == raw.at("image_url"));
        CHECK(r.at("created_at").is_null());  // Shootbin photos have no created_at
    }
    CHECK(approved > 0);
    CHECK(approved < records.size());
}

TEST_CASE("dataset: upload_photo stores the parts - the photo lists first + gets + finds and downloads") {
    const MockServer& mock = fresh(dataset_mock());
    const auto sb = plugin(mock.provider_url("shootbin"));
    const std::string bytes = jpeg_bytes(5000, 'x');
    const json::value uploaded =
        sb.call("upload_photo", {{"project", 1}, {"album", 12}, {"title", "Frame 900"}, {"description", "via API"},
                                 {"client_original_filename", "session-7/IMG_9000.JPG"}}, bytes).json;
    const std::string id(uploaded.at("id").as_string());
    CHECK(uploaded.at("raw").at("title") == "Frame 900");
    CHECK(uploaded.at("raw").at("description") == "via API");
    CHECK(uploaded.at("raw").at("original_filename") == "session-7/IMG_9000.JPG");
    CHECK(uploaded.at("approved") == false);

    const json::value first = sb.call("album_photos", {{"params", kAlbum}, {"cursor", nullptr}, {"page_size", 1}}).json;
    CHECK(first.at("records").at(0).at("id") == json::value(id));

    const json::value got = sb.call("get_photo", {{"project", 1}, {"album", 12}, {"photo", std::stoi(id)}}).json;
    CHECK(got == uploaded);

    const json::value found =
        sb.call("find_photo", {{"project", 1}, {"album", 12}, {"original_filename", "session-7/IMG_9000.JPG"}}).json;
    CHECK(found.at("photo") == uploaded);

    mock.clear_journal();
    const auto download = sb.call("download_media", {{"url", uploaded.at("media").at(0).at("url")}, {"variant", "main"}});
    CHECK(download.bytes == bytes);
    CHECK(download.json.at("content_type") == "image/jpeg");
    CHECK(download.json.at("size") == 5000);
    const json::array journal = provider_requests(mock);
    REQUIRE(journal.size() == 1);
    // Same origin as base_url: the token goes along (redacted in the journal).
    CHECK(journal[0].at("headers").at("authorization") == "[REDACTED]");
    CHECK(journal[0].at("headers").at("accept") == "*/*");
}

TEST_CASE("dataset: without title or client_original_filename Shootbin uses the part's file name") {
    const MockServer& mock = fresh(dataset_mock());
    const auto sb = plugin(mock.provider_url("shootbin"));
    const json::value jpeg = sb.call("upload_photo", {{"project", 1}, {"album", 12}}, jpeg_bytes()).json;
    CHECK(jpeg.at("raw").at("original_filename") == "photo.jpg");
    CHECK(jpeg.at("raw").at("title") == "photo");
    const json::value png = sb.call("upload_photo", {{"project", 1}, {"album", 12}}, png_bytes()).json;
    CHECK(png.at("raw").at("original_filename") == "photo.png");
    const json::value named =
        sb.call("upload_photo", {{"project", 1}, {"album", 12}, {"filename", "Portrait 1.jpg"}}, jpeg_bytes()).json;
    CHECK(named.at("raw").at("original_filename") == "Portrait 1.jpg");
    CHECK(named.at("raw").at("title") == "Portrait 1");
}

TEST_CASE("dataset: an upload of exactly 10 MB is sent and accepted") {
    const MockServer& mock = fresh(dataset_mock());
    const auto sb = plugin(mock.provider_url("shootbin"));
    const json::value r = sb.call("upload_photo", {{"project", 1}, {"album", 12}}, jpeg_bytes(10 * 1024 * 1024)).json;
    CHECK(r.at("raw").at("original_filename") == "photo.jpg");
}

TEST_CASE("dataset: find_photo walks every page and answers null when nothing matches") {
    const MockServer& mock = fresh(dataset_mock());
    const auto sb = plugin(mock.provider_url("shootbin"));
    const json::value out =
        sb.call("find_photo", {{"project", 1}, {"album", 12}, {"original_filename", "no-such-file.jpg"}}).json;
    CHECK(out == json::parse(R"({"photo":null})"));
    CHECK(listing_requests(mock) == 10);  // O(album size): 1,000 photos at 100 per page
    for (const auto& e : provider_requests(mock)) CHECK(std::string_view(e.at("query").as_string()).starts_with("per_page=100"));

    // The oldest photo is on the last page.
    const json::array all = read_all(sb, "album_photos", kAlbum, 100);
    const json::value oldest = all.back();
    const json::value found = sb.call("find_photo", {{"project", 1}, {"album", 12},
                                                     {"original_filename", oldest.at("raw").at("original_filename")}}).json;
    CHECK(found.at("photo").at("raw").at("original_filename") == oldest.at("raw").at("original_filename"));
}

TEST_CASE("dataset: update_photo approves + unapproves + clears the description and replaces tags") {
    const MockServer& mock = fresh(dataset_mock());
    const auto sb = plugin(mock.provider_url("shootbin"));
    const json::object where{{"project", 1}, {"album", 12}, {"photo", 105}};

    json::object approve = where;
    approve["approved"] = true;
    const json::value approved = sb.call("update_photo", approve).json;
    CHECK(approved.at("approved") == true);
    CHECK(approved.at("raw").at("approved_at").is_string());

    json::object unapprove = where;
    unapprove["approved"] = false;
    CHECK(sb.call("update_photo", unapprove).json.at("approved") == false);

    json::object edit = where;
    edit["title"] = "Retitled";
    edit["description"] = nullptr;
    edit["tags"] = json::array{"keeper", std::string(100, 't')};
    const json::value edited = sb.call("update_photo", edit).json;
    CHECK(edited.at("raw").at("title") == "Retitled");
    CHECK(edited.at("raw").at("description").is_null());
    CHECK(edited.at("raw").at("tags") == json::array{"keeper", std::string(100, 't')});
    CHECK(sb.call("get_photo", where).json == edited);
}

TEST_CASE("dataset: concurrent invokes on one instance give consistent answers") {
    const MockServer& mock = fresh(dataset_mock());
    const auto sb = plugin(mock.provider_url("shootbin"));
    std::vector<std::thread> threads;
    std::vector<int> ok(8, 0);
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 10; ++i) {
                const int id = 100 + t * 10 + i;
                const json::value r = sb.call("get_photo", {{"project", 1}, {"album", 12}, {"photo", id}}).json;
                ok[t] += r.at("id") == json::value(std::to_string(id));
            }
        });
    }
    for (auto& th : threads) th.join();
    for (int t = 0; t < 8; ++t) CHECK(ok[t] == 10);
}
