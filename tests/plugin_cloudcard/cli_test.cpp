// The sdk-docs examples of `photobridge call cloudcard ...`, run as a child
// process against the in-process mock.
#include "helpers.hpp"
#include "support/shell_command.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace cc_test;

namespace {

using Run = photobridge::testing::CommandResult;

Run run(const std::string& args) { return photobridge::testing::run_program(PHOTOBRIDGE_CLI, args, "2>/dev/null"); }
json::value ok_json(const std::string& args) { return photobridge::testing::contract::cli_json(PHOTOBRIDGE_CLI, args); }
std::string quoted(const std::string& s) { return photobridge::testing::shell_quoted(s); }

}  // namespace

TEST_CASE("cli: the documented photobridge call examples work against the mock") {
    const MockServer& mock = dataset_mock();
    const std::string cc = "--set base_url=" + mock.provider_url("cloudcard") + " --set token=mock-token ";

    json::value v = ok_json("call " + kPluginId + " photos " + cc + "--input " + quoted(R"({"params": {"status": "PENDING"}})"));
    CHECK(v.at("records").as_array().size() == 25);
    for (const auto& r : v.at("records").as_array()) CHECK(r.at("status") == json::value("PENDING"));
    v = ok_json("call " + kPluginId + " photos " + cc + "--input " + quoted(R"({"params": {}, "cursor": "1000", "page_size": 1000})"));
    CHECK(v.at("records").as_array().empty());
    CHECK(v.at("next_cursor").is_null());

    v = ok_json("call " + kPluginId + " photos " + cc + "--input " + quoted(R"({"params": {}, "page_size": 1})"));
    const std::string url(v.at("records").at(0).at("media").at(0).at("url").as_string());
    const auto out = std::filesystem::temp_directory_path() / ("pb-cloudcard-cli-" + std::to_string(::getpid()) + ".jpg");
    v = ok_json("call " + kPluginId + " download_media " + cc + "--input " + quoted(R"({"url": ")" + url + R"("})") + " --out " +
                out.string());
    CHECK(v.at("content_type") == json::value("image/jpeg"));
    std::ifstream in(out, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    CHECK(bytes.str().size() == v.at("size").to_number<std::size_t>());
    CHECK(bytes.str().substr(0, 2) == "\xFF\xD8");
    std::filesystem::remove(out);

    const Run bad = run("call " + kPluginId + " photos --set base_url=" + mock.provider_url("cloudcard") +
                        " --set token=wrong --input " + quoted(R"({"params": {}})"));
    CHECK(bad.exit_code != 0);
}

TEST_CASE("cli: an unknown top-level key of an operation's or a stream's input is refused by name, exit 2") {
    const MockServer& mock = dataset_mock();
    const std::string cc = "--set base_url=" + mock.provider_url("cloudcard") + " --set token=mock-token ";
    const auto refused = [&](const std::string& args) {
        return photobridge::testing::run_program(PHOTOBRIDGE_CLI, args, "2>&1");
    };
    // The issue's case: a stream param beside "params" instead of inside it.
    const Run stream = refused("call " + kPluginId + " photos " + cc + "--input " + quoted(R"({"status": "X"})"));
    CHECK(stream.exit_code == 2);
    CHECK(stream.out.find("request.status is not a member of a stream request") != std::string::npos);
    // An operation's input is checked against its manifest schema.
    const Run operation = refused("call " + kPluginId + " download_media " + cc + "--input " +
                                  quoted(R"({"url": "http://127.0.0.1:1/x.jpg", "colour": "red"})"));
    CHECK(operation.exit_code == 2);
    CHECK(operation.out.find("colour") != std::string::npos);
}
