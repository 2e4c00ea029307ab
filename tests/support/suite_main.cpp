// The main of every test suite: doctest's run, then the exit status ctest
// reads: doctest's own when a check failed or nothing was skipped,
// kSkipReturnCode when a case called skip() and nothing failed (skip.hpp).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "support/skip.hpp"

#include <iostream>
#include <mutex>
#include <string>
#include <vector>

namespace {

struct Skips {
    std::mutex mutex;
    std::string current_case;
    std::vector<std::string> lines;  // "CASE: reason"
};

Skips& skips() {
    static Skips s;
    return s;
}

// Keeps the name of the running test case for skip().
struct CurrentCaseListener final : doctest::IReporter {
    explicit CurrentCaseListener(const doctest::ContextOptions&) {}
    void report_query(const doctest::QueryData&) override {}
    void test_run_start() override {}
    void test_run_end(const doctest::TestRunStats&) override {}
    void test_case_start(const doctest::TestCaseData& data) override {
        std::lock_guard lock(skips().mutex);
        skips().current_case = data.m_name;
    }
    void test_case_reenter(const doctest::TestCaseData&) override {}
    void test_case_end(const doctest::CurrentTestCaseStats&) override {}
    void test_case_exception(const doctest::TestCaseException&) override {}
    void subcase_start(const doctest::SubcaseSignature&) override {}
    void subcase_end() override {}
    void log_assert(const doctest::AssertData&) override {}
    void log_message(const doctest::MessageData&) override {}
    void test_case_skipped(const doctest::TestCaseData&) override {}
};

REGISTER_LISTENER("photobridge-current-case", 1, CurrentCaseListener);

}  // namespace

void photobridge::testing::skip(std::string_view reason) {
    std::lock_guard lock(skips().mutex);
    std::string line = skips().current_case;
    line += ": ";
    line += reason;
    skips().lines.push_back(std::move(line));
}

int main(int argc, char** argv) {
    doctest::Context context(argc, argv);
    const int result = context.run();
    if (context.shouldExit() || result != 0) return result;
    std::lock_guard lock(skips().mutex);
    if (skips().lines.empty()) return result;
    for (const auto& line : skips().lines) std::cout << "[photobridge] SKIPPED " << line << "\n";
    std::cout << std::flush;
    return photobridge::testing::kSkipReturnCode;
}
