// The photobridge-mock program: first stdout line, then it serves.
#include "mock_program.hpp"
#include "mock_test_support.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <cstdio>
#include <regex>
#include <sys/wait.h>
#include <unistd.h>

using namespace mocktest;

TEST_CASE("photobridge-mock prints 'listening on http://HOST:PORT' first and serves there") {
    MockProgram mock({"--port", "0", "--provider", "snapbar", "--token", "cli-token"});
    httplib::Client c("127.0.0.1", mock.port);
    c.set_tcp_nodelay(true);
    auto r = c.Get("/snapbar/contacts", headers_for("snapbar", "cli-token"));
    REQUIRE(r);
    CHECK(r->status == 200);
    const int status = mock.stop();
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}
