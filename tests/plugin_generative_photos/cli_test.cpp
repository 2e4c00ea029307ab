// The sdk-docs examples of `photobridge call generative_photos ...`, run as a
// child process against the in-process mock (dataset mode).
#include "gp_test_support.hpp"
#include "support/shell_command.hpp"
#include "support/test_files.hpp"

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace gp_test;

namespace {

using Run = photobridge::testing::CommandResult;
using photobridge::testing::read_file;

Run run(const std::string& args) { return photobridge::testing::run_program(PHOTOBRIDGE_CLI, args); }

std::string quoted(const std::string& s) { return photobridge::testing::shell_quoted(s); }

}  // namespace

TEST_CASE("cli: every documented photobridge call example works against the mock") {
    const MockServer& mock = fresh(dataset_mock());
    const std::string conn = "--set base_url=" + mock.provider_url("generative_photos") + " --set api_key=mock-token ";
    const auto dir = std::filesystem::temp_directory_path() / ("pb-gp-cli-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string portrait = (dir / "portrait.png").string();
    std::ofstream(portrait, std::ios::binary) << png_bytes();

    Run r = run("call generative_photos upload_image " + conn + "--input " + quoted(R"({"filename":"portrait.png"})") +
                " --in-file " + portrait);
    REQUIRE(r.exit_code == 0);
    const std::string image(json::parse(r.out).at("id").as_string());

    r = run("call generative_photos get_item " + conn + "--input " + quoted(R"({"id":")" + image + "\"}"));
    REQUIRE(r.exit_code == 0);
    CHECK(json::parse(r.out).at("id") == json::value(image));

    r = run("call generative_photos wait_faces " + conn + "--input " +
            quoted(R"({"id":")" + image + R"(","timeout_ms":10000,"initial_delay_ms":10})"));
    REQUIRE(r.exit_code == 0);
    CHECK(json::parse(r.out).at("faces").is_array());

    r = run("call generative_photos create_variant " + conn + "--input " +
            quoted(R"({"id":")" + image + R"(","face":"default","move":"smile","param":0.6})"));
    REQUIRE(r.exit_code == 0);
    const std::string variant(json::parse(r.out).at("id").as_string());

    r = run("call generative_photos wait_variant " + conn + "--input " +
            quoted(R"({"id":")" + variant + R"(","timeout_ms":10000,"initial_delay_ms":10})"));
    REQUIRE(r.exit_code == 0);
    const json::value done = json::parse(r.out);
    CHECK(done.at("status") == "complete");

    const std::string out = (dir / "variant.png").string();
    r = run("call generative_photos download " + conn + "--input " + quoted(R"({"id":")" + variant + "\"}") + " --out " + out);
    REQUIRE(r.exit_code == 0);
    CHECK(is_png(read_file(out)));

    const std::string out2 = (dir / "media.png").string();
    r = run("call generative_photos download_media " + conn + "--input " +
            quoted(R"({"url":")" + std::string(done.at("photo").at("media").at(0).at("url").as_string()) + "\"}") +
            " --out " + out2);
    REQUIRE(r.exit_code == 0);
    CHECK(read_file(out2) == read_file(out));

    // A failed variant is exit code 1.
    r = run("call generative_photos create_variant " + conn + "--input " +
            quoted(R"({"id":")" + image + R"(","face":1,"move":"age"})"));
    REQUIRE(r.exit_code == 0);
    const std::string failing(json::parse(r.out).at("id").as_string());
    r = run("call generative_photos wait_variant " + conn + "--input " +
            quoted(R"({"id":")" + failing + R"(","initial_delay_ms":10})") + " 2>/dev/null");
    CHECK(r.exit_code == 1);
    std::filesystem::remove_all(dir);
}
