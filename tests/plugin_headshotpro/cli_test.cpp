// The sdk-docs examples of `photobridge call headshotpro ...`, run as a child
// process against the in-process mock.
#include "helpers.hpp"
#include "support/shell_command.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace hp_test;

namespace {

using Run = photobridge::testing::CommandResult;

Run run(const std::string& args) { return photobridge::testing::run_program(PHOTOBRIDGE_CLI, args, "2>/dev/null"); }
json::value ok_json(const std::string& args) { return photobridge::testing::contract::cli_json(PHOTOBRIDGE_CLI, args); }
std::string quoted(const std::string& s) { return photobridge::testing::shell_quoted(s); }

}  // namespace

TEST_CASE("cli: the documented photobridge call examples work against the mock (replay)") {
    const MockServer& mock = replay_mock();
    const std::string hp = "--set base_url=" + mock.provider_url("headshotpro") + " --set api_key=mock-token ";

    json::value v = ok_json("call " + kPluginId + " model_photos " + hp + "--input " +
                            quoted(R"({"params": {"modelId": "507f1f77bcf86cd799439011", "likedStatus": "loved"}, "page_size": 100})"));
    CHECK(v.at("records").at(0).at("id") == json::value(kDocPhoto));
    v = ok_json("call " + kPluginId + " org_favorites " + hp + "--input " + quoted(R"({"params": {"teamId": "team_xyz789"}, "cursor": "50"})"));
    CHECK(v.at("records").at(0).at("person").at("name") == json::value("John Doe"));
    v = ok_json("call " + kPluginId + " get_photo " + hp + "--input " +
                quoted(R"({"modelId": "507f1f77bcf86cd799439011", "photoId": "507f1f77bcf86cd799439022", "include": "all"})"));
    CHECK(v.at("media").as_array().size() == 3);
    v = ok_json("call " + kPluginId + " get_favorite " + hp + "--input " + quoted(R"({"modelId": "507f1f77bcf86cd799439011"})"));
    CHECK(v.at("photo").at("id") == json::value(kDocPhoto));
    v = ok_json("call " + kPluginId + " get_favorite " + hp + "--input " + quoted(R"({"modelId": "507f1f77bcf86cd799439000"})"));
    CHECK(v.at("photo").is_null());
    v = ok_json("call " + kPluginId + " batch_download " + hp + "--input " +
                quoted(R"({"modelId": "507f1f77bcf86cd799439011", "photoIds": ["507f1f77bcf86cd799439022"], "include": "all"})"));
    CHECK(v.at("downloads").as_array().size() == 2);  // the documented example answers two

    const Run bad = run("call " + kPluginId + " get_favorite --set base_url=" + mock.provider_url("headshotpro") +
                        " --set api_key=wrong --input " + quoted(R"({"modelId": "507f1f77bcf86cd799439011"})"));
    CHECK(bad.exit_code != 0);
}

TEST_CASE("cli: download_media writes the media bytes with --out (dataset)") {
    const MockServer& mock = dataset_mock();
    const std::string hp = "--set base_url=" + mock.provider_url("headshotpro") + " --set api_key=mock-token ";
    const json::value photo = ok_json("call " + kPluginId + " get_photo " + hp + "--input " +
                                      quoted(R"({"modelId": "507f1f77bcf86cd799439011", "photoId": "507f1f77bcf86cd799439022"})"));
    const std::string url(photo.at("media").at(0).at("url").as_string());
    const auto out = std::filesystem::temp_directory_path() / ("pb-headshotpro-cli-" + std::to_string(::getpid()) + ".jpg");
    const json::value v = ok_json("call " + kPluginId + " download_media " + hp + "--input " +
                                  quoted(R"({"url": ")" + url + R"(", "variant": "main"})") + " --out " + out.string());
    CHECK(v.at("content_type") == json::value("image/jpeg"));
    std::ifstream in(out, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    CHECK(bytes.str().size() == v.at("size").to_number<std::size_t>());
    CHECK(bytes.str().substr(0, 2) == "\xFF\xD8");
    std::filesystem::remove(out);
}
