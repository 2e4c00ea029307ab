// Self-SIGINT in a child process: the first signal cancels `stop` only, the
// second `abort` too; the previous handlers come back afterwards.
#include "host/signal_handling.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <thread>

using namespace photobridge;
using namespace std::chrono_literals;

namespace {

// Runs `body` in a forked child; returns its exit status (or 128 + signal).
template <typename Body>
int in_child(Body body) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        int code = 99;
        try {
            code = body();
        } catch (...) {
            code = 98;
        }
        ::_exit(code);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

bool wait_for(const host::CancellationToken& token) {
    for (int i = 0; i < 200 && !token.cancelled(); ++i) std::this_thread::sleep_for(10ms);
    return token.cancelled();
}

}  // namespace

TEST_CASE("signals: first SIGINT stops, second aborts") {
    const int code = in_child([] {
        auto stop = std::make_shared<host::CancellationToken>();
        auto abort = std::make_shared<host::CancellationToken>();
        host::SignalScope scope(stop, abort);
        std::raise(SIGINT);
        if (!wait_for(*stop)) return 1;
        std::this_thread::sleep_for(50ms);
        if (abort->cancelled()) return 2;
        if (scope.signals() != 1) return 3;
        std::raise(SIGINT);
        if (!wait_for(*abort)) return 4;
        return 0;
    });
    CHECK(code == 0);
}

TEST_CASE("signals: SIGTERM stops like SIGINT") {
    const int code = in_child([] {
        auto stop = std::make_shared<host::CancellationToken>();
        auto abort = std::make_shared<host::CancellationToken>();
        host::SignalScope scope(stop, abort);
        std::raise(SIGTERM);
        if (!wait_for(*stop)) return 1;
        return scope.interrupted() ? 0 : 2;
    });
    CHECK(code == 0);
}

TEST_CASE("signals: the default handler is back after the scope, two scopes at once are refused") {
    const int code = in_child([] {
        std::signal(SIGINT, SIG_DFL);  // the test runner's own handler would report a crash instead
        {
            auto stop = std::make_shared<host::CancellationToken>();
            host::SignalScope scope(stop, nullptr);
            try {
                host::SignalScope second(stop, nullptr);
                return 5;
            } catch (const std::logic_error&) {
            }
        }
        std::raise(SIGINT);  // default action: the child dies of SIGINT
        return 6;
    });
    CHECK(code == 128 + SIGINT);
}
