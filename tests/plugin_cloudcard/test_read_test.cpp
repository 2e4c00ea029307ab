// `photobridge test-read cloudcard photos` run as a child process: against
// the dataset mock (every page shown, the end found, --pages, --json), with
// bad credentials (the request and its 401 shown, exit 1), and against a
// canned server that serves the same page for ever (stopped, exit 1).
#include "helpers.hpp"
#include "support/canned_server.hpp"
#include "support/shell_command.hpp"

#include <regex>
#include <sstream>

using namespace cc_test;

namespace {

using Run = photobridge::testing::CommandResult;

Run test_read(const std::string& args) {
    return photobridge::testing::run_program(PHOTOBRIDGE_CLI, "test-read " + kPluginId + " photos " + args, "2>&1");
}

std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

}  // namespace

TEST_CASE("test-read: every page shown with its request, the first record mapped, the end of the stream found") {
    const MockServer& mock = dataset_mock();
    const std::string secret = "mock-token";
    const Run run = test_read("--set base_url=" + mock.provider_url("cloudcard") + " --set token=" + secret +
                              " --page-size 400 --pages 10");
    INFO(run.out);
    CHECK(run.exit_code == 0);
    CHECK(count_of(run.out, "\npage ") == 3);
    CHECK(count_of(run.out, "/cloudcard/photo?") == 3);
    CHECK(count_of(run.out, "-> HTTP 200") == 3);
    CHECK(run.out.find("offset=800") != std::string::npos);
    CHECK(run.out.find("records: 200") != std::string::npos);
    CHECK(run.out.find("X-Auth-Token: ***") != std::string::npos);
    CHECK(run.out.find(secret) == std::string::npos);
    CHECK(run.out.find("\"id\": \"1423442\"") != std::string::npos);  // the docs' first photo, mapped
    CHECK(run.out.find("\"raw\"") == std::string::npos);
    CHECK(run.out.find("end of the stream (3 pages, 1000 records)") != std::string::npos);
}

TEST_CASE("test-read --isolation process: the same pages and requests, read by a plugin-host child") {
    const MockServer& mock = dataset_mock();
    const std::string secret = "mock-token";
    const std::string args = "--set base_url=" + mock.provider_url("cloudcard") + " --set token=" + secret +
                             " --page-size 400 --pages 10 --json";
    const Run in_process = test_read(args);
    const Run in_child = test_read(args + " --isolation process");
    INFO(in_child.out);
    CHECK(in_child.exit_code == 0);
    const std::regex elapsed(R"("elapsed_ms":[0-9]+)");  // the one field that differs from run to run
    CHECK(std::regex_replace(in_child.out, elapsed, "") == std::regex_replace(in_process.out, elapsed, ""));
    CHECK(count_of(in_child.out, "/cloudcard/photo?") == 3);
    CHECK(in_child.out.find(secret) == std::string::npos);
    CHECK(test_read(args + " --isolation sideways").exit_code == 2);
}

TEST_CASE("test-read: --pages stops early and says where the stream goes on, --json gives one line per page") {
    const MockServer& mock = dataset_mock();
    const std::string cc = "--set base_url=" + mock.provider_url("cloudcard") + " --set token=mock-token ";
    const Run text = test_read(cc + "--page-size 10 --pages 2 --raw");
    INFO(text.out);
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("stopped after --pages 2; the stream goes on at cursor \"20\" (2 pages, 20 records)") !=
          std::string::npos);
    CHECK(text.out.find("\"raw\"") != std::string::npos);

    const Run lines = test_read(cc + "--page-size 10 --pages 2 --json --params " +
                                photobridge::testing::shell_quoted(R"({"status": "PENDING"})"));
    INFO(lines.out);
    CHECK(lines.exit_code == 0);
    std::istringstream in(lines.out);
    std::vector<json::object> parsed;
    for (std::string line; std::getline(in, line);) parsed.push_back(json::parse(line).as_object());
    REQUIRE(parsed.size() == 3);
    CHECK(parsed[0].at("page") == json::value(1));
    CHECK(parsed[0].at("records") == json::value(10));
    CHECK(parsed[0].at("first_record").at("status") == json::value("PENDING"));
    const std::string url(parsed[0].at("requests").at(0).at("url").as_string());
    CHECK(url.find("status=PENDING") != std::string::npos);
    CHECK(parsed[0].at("requests").at(0).at("status") == json::value(200));
    CHECK(parsed[1].at("cursor") == parsed[0].at("next_cursor"));
    CHECK(parsed[2].at("pages") == json::value(2));
    CHECK(parsed[2].at("records") == json::value(20));
}

TEST_CASE("test-read: a refused credential shows the request and its status (exit 1), usage errors exit 2") {
    const MockServer& mock = dataset_mock();
    const Run refused = test_read("--set base_url=" + mock.provider_url("cloudcard") + " --set token=not-the-token");
    INFO(refused.out);
    CHECK(refused.exit_code == 1);
    CHECK(refused.out.find("page 1 (cursor null)") != std::string::npos);
    CHECK(refused.out.find("-> HTTP 401") != std::string::npos);
    CHECK(refused.out.find("UNAUTHORIZED") != std::string::npos);
    CHECK(refused.out.find("not-the-token") == std::string::npos);

    const std::string cc = "--set base_url=" + mock.provider_url("cloudcard") + " --set token=mock-token ";
    CHECK(photobridge::testing::run_program(PHOTOBRIDGE_CLI, "test-read " + kPluginId + " nope " + cc, "2>&1").exit_code == 2);
    CHECK(test_read(cc + "--params '[1]'").exit_code == 2);
    CHECK(test_read(cc + "--pages 0").exit_code == 2);
    const Run unknown = photobridge::testing::run_program(PHOTOBRIDGE_CLI, "test-read no_such_plugin photos", "2>&1");
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.out.find("no plugin with id 'no_such_plugin'") != std::string::npos);
}

TEST_CASE("test-read: a provider that serves the same page for ever is stopped at the second page, exit 1") {
    canned::Server server;
    server.on("/photo", {200, R"([{"id": 1}, {"id": 2}])"});
    const Run run = test_read("--set base_url=" + server.url() + " --set token=t0ken-t0ken --page-size 2 --pages 50");
    INFO(run.out);
    CHECK(run.exit_code == 1);
    CHECK(count_of(run.out, "\npage ") == 2);
    CHECK(run.out.find("stopped: the next page would not advance") != std::string::npos);
    CHECK(run.out.find("already read") != std::string::npos);
}
