// `photobridge new-plugin ID --declarative`: the folder it writes (a
// provider file, fixtures, test.sh) is valid as written, and its contract
// test passes against the real photobridge-mock with no compiler involved.
#include "support/shell_command.hpp"
#include "support/test_files.hpp"

#include <doctest/doctest.h>

#include <filesystem>

using namespace photobridge;
namespace fs = std::filesystem;
using testing::shell_quoted;

TEST_CASE("new-plugin --declarative writes a provider file whose contract test passes against the mock") {
    testing::TempDir tmp;
    const fs::path dir = tmp.path() / "acme";
    const auto made = testing::run_program(PHOTOBRIDGE_CLI,
                                           "new-plugin acme --declarative --dir " + shell_quoted(dir.string()), "2>&1");
    INFO(made.out);
    REQUIRE(made.exit_code == 0);
    CHECK(fs::exists(dir / "acme.provider.toml"));
    CHECK(fs::exists(dir / "fixtures/acme/list-photos.json"));
    CHECK(fs::exists(dir / "test.sh"));
    CHECK((fs::status(dir / "test.sh").permissions() & fs::perms::owner_exec) != fs::perms::none);
    CHECK(testing::read_file(dir / "acme.provider.toml").find("@id@") == std::string::npos);

    const fs::path bin = fs::path(PHOTOBRIDGE_CLI).parent_path();
    const auto test = testing::run_shell("PHOTOBRIDGE=" + shell_quoted(PHOTOBRIDGE_CLI) + " PHOTOBRIDGE_MOCK=" +
                                         shell_quoted((bin / "photobridge-mock").string()) + " " +
                                         shell_quoted((dir / "test.sh").string()) + " 2>&1");
    INFO(test.out);
    CHECK(test.exit_code == 0);
    CHECK(test.out.find("acme: contract test passed") != std::string::npos);

    // Refuses a folder that is not empty, as for a C++ plugin.
    const auto again = testing::run_program(PHOTOBRIDGE_CLI,
                                            "new-plugin acme --declarative --dir " + shell_quoted(dir.string()), "2>&1");
    CHECK(again.exit_code == 2);
}
