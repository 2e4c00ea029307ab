// The sdk-docs examples of `photobridge call shootbin ...`, run as a child
// process against the in-process mock (dataset mode).
#include "shootbin_test_support.hpp"
#include "support/shell_command.hpp"

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace shootbin_test;

namespace {

using Run = photobridge::testing::CommandResult;

Run run(const std::string& args) { return photobridge::testing::run_program(PHOTOBRIDGE_CLI, args); }

std::string quoted(const std::string& s) { return photobridge::testing::shell_quoted(s); }

}  // namespace

TEST_CASE("cli: every documented photobridge call example works against the mock") {
    const MockServer& mock = fresh(dataset_mock());
    const std::string conn = "--set base_url=" + mock.provider_url("shootbin") + " --set token=mock-token ";
    const auto dir = std::filesystem::temp_directory_path() / ("pb-shootbin-cli-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string photo = (dir / "photo.jpg").string();
    const std::string bytes = jpeg_bytes(2048);
    std::ofstream(photo, std::ios::binary) << bytes;

    Run r = run("call " + kPluginId + " album_photos " + conn + "--input " + quoted(R"({"params":{"project":1,"album":12},"page_size":100})"));
    REQUIRE(r.exit_code == 0);
    json::value page = json::parse(r.out);
    CHECK(page.at("records").as_array().size() == 100);
    REQUIRE(page.at("next_cursor").is_string());
    r = run("call " + kPluginId + " album_photos " + conn + "--input " +
            quoted(R"({"params":{"project":1,"album":12},"page_size":100,"cursor":")" +
                   std::string(page.at("next_cursor").as_string()) + "\"}"));
    REQUIRE(r.exit_code == 0);
    const json::value second = json::parse(r.out);
    CHECK(second.at("records").as_array().size() == 100);
    CHECK(second.at("records").at(0).at("id") == json::value("999"));  // newest first: 1099..1000, then 999..

    r = run("call " + kPluginId + " upload_photo " + conn +
            "--input " + quoted(R"({"project":1,"album":12,"title":"Frame 001","client_original_filename":"IMG_0001.JPG"})") +
            " --in-file " + photo);
    REQUIRE(r.exit_code == 0);
    const json::value uploaded = json::parse(r.out);
    const std::string id(uploaded.at("id").as_string());

    r = run("call " + kPluginId + " get_photo " + conn + "--input " + quoted(R"({"project":1,"album":12,"photo":)" + id + "}"));
    REQUIRE(r.exit_code == 0);
    CHECK(json::parse(r.out) == uploaded);

    r = run("call " + kPluginId + " update_photo " + conn + "--input " + quoted(R"({"project":1,"album":12,"photo":)" + id + R"(,"approved":true})"));
    REQUIRE(r.exit_code == 0);
    CHECK(json::parse(r.out).at("approved") == true);

    r = run("call " + kPluginId + " find_photo " + conn + "--input " + quoted(R"({"project":1,"album":12,"original_filename":"IMG_0001.JPG"})"));
    REQUIRE(r.exit_code == 0);
    CHECK(json::parse(r.out).at("photo").at("id") == json::value(id));

    const std::string out = (dir / "download.jpg").string();
    r = run("call " + kPluginId + " download_media " + conn + "--input " +
            quoted(R"({"url":")" + std::string(uploaded.at("media").at(0).at("url").as_string()) + "\"}") + " --out " + out);
    REQUIRE(r.exit_code == 0);
    std::ifstream in(out, std::ios::binary);
    const std::string downloaded((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(downloaded == bytes);

    // A provider error is exit code 1.
    r = run("call " + kPluginId + " get_photo " + conn + "--input " + quoted(R"({"project":1,"album":12,"photo":999999})") + " 2>/dev/null");
    CHECK(r.exit_code == 1);
    std::filesystem::remove_all(dir);
}
