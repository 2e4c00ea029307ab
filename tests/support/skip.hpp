// Skipping a test case that cannot run in this build (a plugin left out by
// PHOTOBRIDGE_ONLY_PLUGINS, ...), so that ctest reports it as "Skipped",
// never as "Passed".
//
// A case calls skip(reason) and returns. When the run ends with no failed
// check, the suite's process exits with kSkipReturnCode, which
// photobridge_add_test_suite gives ctest as SKIP_RETURN_CODE; a failed check
// anywhere in the run wins over a skip. ctest runs one case per process, so
// the status is the case's own. skip() works only in the suites' shared main
// (suite_main.cpp), which photobridge_add_test_suite links into every suite.
#pragma once

#include <string_view>

namespace photobridge::testing {

inline constexpr int kSkipReturnCode = PHOTOBRIDGE_TEST_SKIP_RETURN_CODE;  // tests/CMakeLists.txt

// Marks the running test case as skipped, with the reason printed at the
// end of the run. [test-thread]
void skip(std::string_view reason);

}  // namespace photobridge::testing
