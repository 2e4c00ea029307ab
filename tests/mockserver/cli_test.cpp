// The photobridge-mock program: first stdout line, then it serves; the
// dataset clock options reach their backend, and negative ones are usage
// errors.
#include "dataset/image_synth.hpp"
#include "mock_program.hpp"
#include "mock_test_support.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <cstdio>
#include <regex>
#include <string>
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

TEST_CASE("photobridge-mock --faces-ms and --generation-ms put generative.photos' dataset on the clock") {
    MockProgram mock({"--port", "0", "--provider", "generative_photos", "--dataset", "1", "--faces-ms", "0",
                      "--generation-ms", "60000"});
    httplib::Client c("127.0.0.1", mock.port);
    c.set_tcp_nodelay(true);
    const auto headers = headers_for("generative_photos");
    httplib::MultipartFormDataItems image{
        {"object", photobridge::mock::dataset::portrait_png("cli"), "me.png", "image/png"}};
    auto uploaded = c.Post("/generative_photos/teams/me/gallery", headers, image);
    REQUIRE(uploaded);
    REQUIRE(uploaded->status == 200);
    const auto item = boost::json::parse(uploaded->body);
    CHECK(item.at("data").as_object().contains("faces"));  // --faces-ms 0: in the upload's answer
    const std::string gallery = "/generative_photos/teams/me/gallery/";

    auto created = c.Put((gallery + std::string(item.at("id").as_string()) + "/faces/default").c_str(), headers,
                         R"({"move": "smile"})", "application/json");
    REQUIRE(created);
    REQUIRE(created->status == 200);
    const std::string variant(boost::json::parse(created->body).at("id").as_string());
    // By poll count the 3rd GET would be complete; 60 s have not passed.
    for (int i = 0; i < 3; ++i) {
        auto polled = c.Get((gallery + variant).c_str(), headers);
        REQUIRE(polled);
        CHECK(boost::json::parse(polled->body).at("data").at("task").at("status") == "waiting");
    }
}

TEST_CASE("photobridge-mock refuses a negative --generation-ms or --faces-ms") {
    for (const std::string option : {"--generation-ms", "--faces-ms"}) {
        CAPTURE(option);
        // A program that starts anyway is stopped by timeout and fails the checks.
        const std::string command =
            "timeout 10 " + std::string(PHOTOBRIDGE_MOCK_BINARY) + " --port 0 --dataset 1 " + option + " -5 2>&1 </dev/null";
        FILE* p = popen(command.c_str(), "r");
        REQUIRE(p != nullptr);
        std::string output;
        char buffer[512];
        while (std::fgets(buffer, sizeof buffer, p)) output += buffer;
        const int status = pclose(p);
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) != 0);
        CHECK(output.find(option) != std::string::npos);
        CHECK(output.find("listening on") == std::string::npos);
    }
}
