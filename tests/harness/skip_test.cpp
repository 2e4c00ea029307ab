// testing::skip() (support/skip.hpp) through the shared main: a skipped case
// exits with the code ctest takes as "Skipped" (SKIP_RETURN_CODE), a passing
// one with 0, and a failed check wins over a skip.
#include "support/shell_command.hpp"
#include "support/skip.hpp"

#include <doctest/doctest.h>

#include <string>

using photobridge::testing::run_shell;
using photobridge::testing::shell_quoted;

namespace {

photobridge::testing::CommandResult run_fixture(const std::string& test_case) {
    return run_shell(shell_quoted(HARNESS_SKIP_FIXTURE) + " " + shell_quoted("--test-case=" + test_case) + " 2>&1");
}

}  // namespace

TEST_CASE("skip: a skipped case exits with the skip code and says why") {
    const auto r = run_fixture("skips");
    INFO(r.out);
    CHECK(r.exit_code == photobridge::testing::kSkipReturnCode);
    CHECK(r.out.find("[photobridge] SKIPPED skips: the thing it needs is not in this build") != std::string::npos);
}

TEST_CASE("skip: a case that passes exits with 0 and names no skip") {
    const auto r = run_fixture("passes");
    INFO(r.out);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("SKIPPED") == std::string::npos);
}

TEST_CASE("skip: a failed check wins over a skip, in the case and in the whole run") {
    const auto failed = run_fixture("skips and then fails");
    INFO(failed.out);
    CHECK(failed.exit_code == 1);
    const auto all = run_shell(shell_quoted(HARNESS_SKIP_FIXTURE) + " 2>&1");
    INFO(all.out);
    CHECK(all.exit_code == 1);
}
