// `photobridge validate FILE...` as a child process: output format, exit
// codes, and that validating writes nothing.
#include "support/test_files.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

struct Run {
    int exit_code = -1;
    std::string out;
    std::string err;
};

using photobridge::testing::read_file;

// Runs photobridge with the studio fixture plugins in a scratch directory,
// with STUDIO_TOKEN set; `env` prefixes more assignments.
Run validate(const std::string& args, const std::filesystem::path& cwd, const std::string& env = "") {
    const auto out_file = cwd / "stdout.txt";
    const auto err_file = cwd / "stderr.txt";
    const std::string command = "cd '" + cwd.string() + "' && env STUDIO_TOKEN=cli-secret-token-3141 " + env + " " +
                                PHOTOBRIDGE_CLI + " --plugin-dir '" + WORKFLOW_FIXTURE_PLUGIN_DIR + "' validate " +
                                args + " >'" + out_file.string() + "' 2>'" + err_file.string() + "'";
    const int status = std::system(command.c_str());
    Run r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(out_file);
    r.err = read_file(err_file);
    std::filesystem::remove(out_file);
    std::filesystem::remove(err_file);
    return r;
}

struct Scratch {
    std::filesystem::path dir;
    Scratch() {
        dir = std::filesystem::temp_directory_path() / ("pb-validate-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        const auto src = std::filesystem::path(WORKFLOW_FILE_TEST_DIR);
        std::filesystem::copy_file(src / "valid" / "full.toml", dir / "good.toml");
        std::filesystem::copy_file(src / "broken" / "unknown_keys.toml", dir / "bad.toml");
        std::filesystem::copy_file(src / "broken" / "env_unset.toml", dir / "env.toml");
    }
    ~Scratch() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    std::size_t entries() const {
        std::size_t n = 0;
        for ([[maybe_unused]] const auto& e : std::filesystem::recursive_directory_iterator(dir)) ++n;
        return n;
    }
};

}  // namespace

// The ok line of good.toml, then each sink's guarantee (the studio fixture
// plugin's sinks offer no lookup and are not idempotent).
const char* const kGoodOutput =
    "good.toml: ok (workflow studio-full: studio.photos -> 3 steps -> 2 sinks)\n"
    "  sink archive.upload_photo: at least once: the plugin cannot look a write up, so one interrupted by a crash may "
    "be made again\n"
    "  sink tagged: at least once: the plugin cannot look a write up, so one interrupted by a crash may be made again\n";

TEST_CASE("a valid file prints its ok line with the workflow's shape and each sink's guarantee, and exits 0") {
    Scratch s;
    const Run r = validate("good.toml", s.dir, "STUDIO_TIMEOUT=2500");
    CHECK(r.exit_code == 0);
    CHECK(r.out == kGoodOutput);
    CHECK(r.err.empty());
}

TEST_CASE("errors go to stderr as FILE:LINE:COLUMN: message, every one, and exit 2") {
    Scratch s;
    const Run r = validate("bad.toml good.toml", s.dir, "STUDIO_TIMEOUT=2500");
    CHECK(r.exit_code == 2);
    CHECK(r.out == kGoodOutput);
    std::ifstream expected(std::filesystem::path(WORKFLOW_FILE_TEST_DIR) / "broken" / "unknown_keys.expected");
    std::string want, line;
    int count = 0;
    while (std::getline(expected, line))
        if (!line.empty() && line[0] != '#') {
            want += "bad.toml:" + line + "\n";
            ++count;
        }
    want += "bad.toml: " + std::to_string(count) + " errors\n";
    CHECK(r.err == want);
}

TEST_CASE("unset variables are errors for validate too, secrets never printed, nothing written") {
    Scratch s;
    const std::size_t before = s.entries();
    const Run r = validate("env.toml good.toml", s.dir);  // STUDIO_TIMEOUT not set for good.toml either
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("env.toml:8:10: connections.s.token: environment variable STUDIO_API_TOKEN is not set\n") !=
          std::string::npos);
    CHECK(r.err.find("good.toml:14:15: connections.archive.timeout_ms: environment variable STUDIO_TIMEOUT is not "
                     "set\n") != std::string::npos);
    CHECK(r.err.find("cli-secret-token-3141") == std::string::npos);
    CHECK(s.entries() == before);
    CHECK_FALSE(std::filesystem::exists(s.dir / ".photobridge"));
}

TEST_CASE("a missing file and a missing argument are usage errors (exit 2)") {
    Scratch s;
    const Run missing = validate("nosuch.toml", s.dir);
    CHECK(missing.exit_code == 2);
    CHECK(missing.err == "nosuch.toml:1:1: cannot read the file\nnosuch.toml: 1 error\n");
    const Run none = validate("", s.dir);
    CHECK(none.exit_code == 2);
}
