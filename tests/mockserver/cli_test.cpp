// The photobridge-mock program: first stdout line, then it serves.
#include "mock_test_support.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <cstdio>
#include <regex>
#include <sys/wait.h>
#include <unistd.h>

using namespace mocktest;

TEST_CASE("photobridge-mock prints 'listening on http://HOST:PORT' first and serves there") {
    int out[2];
    REQUIRE(pipe(out) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        execl(PHOTOBRIDGE_MOCK_BINARY, PHOTOBRIDGE_MOCK_BINARY, "--port", "0", "--provider", "snapbar", "--token", "cli-token",
              static_cast<char*>(nullptr));
        _exit(127);
    }
    close(out[1]);
    std::string line;
    char ch;
    while (read(out[0], &ch, 1) == 1 && ch != '\n') line += ch;
    std::smatch m;
    REQUIRE_MESSAGE(std::regex_match(line, m, std::regex(R"(listening on http://127\.0\.0\.1:(\d+))")), line);
    httplib::Client c("127.0.0.1", std::stoi(m[1].str()));
    c.set_tcp_nodelay(true);
    auto r = c.Get("/snapbar/contacts", headers_for("snapbar", "cli-token"));
    REQUIRE(r);
    CHECK(r->status == 200);
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    close(out[0]);
}
