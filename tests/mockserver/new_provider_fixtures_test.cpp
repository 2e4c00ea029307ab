// Fixtures for providers the mock does not ship: --fixtures folders added to
// the built-in set (or alone), {{base_url}}, a documented unauthorized
// answer, a documented rate limit, and the auth schemes of provider.json.
// Every provider here is made up and written into a temp folder by the test.
#include "mock_program.hpp"
#include "mock_test_support.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <regex>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace mocktest;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// A temp folder, removed with its contents when the object goes away.
struct TempDir {
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "pb-mock-fixtures-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    fs::path path;
};

void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
}

// picvault: a raw key in X-Api-Key, one list endpoint whose body and header
// use {{base_url}}, a documented 401 example.
void write_picvault(const fs::path& folder, const std::string& extra_provider_fields = "") {
    write(folder / "provider.json", R"({"provider": "picvault", "title": "PicVault",
        "auth": {"header": "X-Api-Key", "tokens": {"{token}": [], "second-key": []}})" +
                                        extra_provider_fields + "}");
    write(folder / "list-pictures.json", R"({"method": "GET", "path": "/v1/pictures",
        "examples": [
          {"name": "OK", "status": 200,
           "headers": [{"name": "Link", "value": "<{{base_url}}/picvault/v1/pictures?page=2>; rel=\"next\""}],
           "body": {"pictures": [{"id": "p1", "url": "{{base_url}}/picvault/cdn/p1.jpg"}]}},
          {"name": "Unauthorized", "status": 401,
           "headers": [{"name": "X-PicVault-Error", "value": "auth"}],
           "body": {"code": "bad_key", "detail": "The API key is missing or wrong."}}]})");
}

photobridge::mock::ServerOptions with_extra(std::vector<std::string> dirs, bool builtin = true) {
    photobridge::mock::ServerOptions options;
    options.extra_fixture_dirs = std::move(dirs);
    options.builtin_fixtures = builtin;
    return options;
}

std::string start_error(photobridge::mock::ServerOptions options) {
    photobridge::mock::Server server(std::move(options));
    try {
        server.start();
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("--fixtures adds a provider folder to the built-in providers, --no-builtin-fixtures serves it alone") {
    TempDir tmp;
    write_picvault(tmp.path / "picvault");
    SUBCASE("one provider folder, added") {
        RunningMock mock(with_extra({(tmp.path / "picvault").string()}));
        auto c = mock.client();
        auto r = c.Get("/picvault/v1/pictures", {{"X-Api-Key", "mock-token"}});
        REQUIRE(r);
        CHECK(r->status == 200);
        auto builtin = c.Get("/snapbar/contacts", headers_for("snapbar"));
        REQUIRE(builtin);
        CHECK(builtin->status == 200);
    }
    SUBCASE("a folder of provider folders, alone") {
        RunningMock mock(with_extra({tmp.path.string()}, false));
        auto c = mock.client();
        auto r = c.Get("/picvault/v1/pictures", {{"X-Api-Key", "mock-token"}});
        REQUIRE(r);
        CHECK(r->status == 200);
        auto builtin = c.Get("/snapbar/contacts", headers_for("snapbar"));
        REQUIRE(builtin);
        CHECK(builtin->status == 404);
    }
    SUBCASE("repeated folders add up") {
        TempDir other;
        write(other.path / "otherpix" / "provider.json",
              R"({"provider": "otherpix", "auth": {"header": "Authorization", "scheme": "Bearer", "tokens": {"{token}": []}}})");
        write(other.path / "otherpix" / "ping.json",
              R"({"method": "GET", "path": "/ping", "examples": [{"name": "OK", "body": {"ok": true}}]})");
        RunningMock mock(with_extra({(tmp.path / "picvault").string(), (other.path / "otherpix").string()}, false));
        auto c = mock.client();
        auto a = c.Get("/picvault/v1/pictures", {{"X-Api-Key", "mock-token"}});
        auto b = c.Get("/otherpix/ping", {{"Authorization", "Bearer mock-token"}});
        REQUIRE(a);
        REQUIRE(b);
        CHECK(a->status == 200);
        CHECK(b->status == 200);
    }
}

TEST_CASE("a provider id given twice is an error naming both folders") {
    TempDir one, two;
    write_picvault(one.path / "picvault");
    write_picvault(two.path / "picvault");
    const std::string error = start_error(with_extra({one.path.string(), (two.path / "picvault").string()}));
    CHECK(contains(error, "picvault"));
    CHECK(contains(error, (one.path / "picvault").string()));
    CHECK(contains(error, (two.path / "picvault").string()));

    // A folder repeating a built-in provider clashes with the built-in one.
    const std::string builtin = start_error(with_extra({kFixturesDir + "/cloudcard"}));
    CHECK(contains(builtin, "provider cloudcard is defined twice"));

    CHECK(contains(start_error(with_extra({}, false)), "no fixtures"));
    CHECK(contains(start_error(with_extra({(one.path / "nope").string()})), "not found"));
    TempDir empty;
    CHECK(contains(start_error(with_extra({empty.path.string()})), "holds no provider.json"));
}

TEST_CASE("{{base_url}} in replay bodies and headers is the mock's own http://HOST:PORT") {
    TempDir tmp;
    write_picvault(tmp.path / "picvault");
    RunningMock mock(with_extra({tmp.path.string()}, false));
    auto c = mock.client();
    auto r = c.Get("/picvault/v1/pictures", {{"X-Api-Key", "mock-token"}});
    REQUIRE(r);
    const std::string base = "http://127.0.0.1:" + std::to_string(mock.port);
    CHECK(mock.server.base_url() == base);
    const auto body = json::parse(r->body);
    CHECK(body.at("pictures").at(0).at("url").as_string() == base + "/picvault/cdn/p1.jpg");
    CHECK(r->get_header_value("Link") == "<" + base + "/picvault/v1/pictures?page=2>; rel=\"next\"");
    CHECK(r->body.find("{{") == std::string::npos);
}

TEST_CASE("provider.json \"unauthorized\" answers bad or missing credentials with the documented example") {
    TempDir tmp;
    SUBCASE("a named example of an endpoint") {
        write_picvault(tmp.path / "picvault", R"(, "unauthorized": "list-pictures#Unauthorized")");
        RunningMock mock(with_extra({tmp.path.string()}, false));
        auto c = mock.client();
        for (const httplib::Headers& headers : {httplib::Headers{}, httplib::Headers{{"X-Api-Key", "wrong"}}}) {
            auto r = c.Get("/picvault/v1/pictures", headers);
            REQUIRE(r);
            CHECK(r->status == 401);
            CHECK(r->get_header_value("X-PicVault-Error") == "auth");
            CHECK_FALSE(r->has_header("WWW-Authenticate"));
            CHECK(json::parse(r->body) == json::parse(R"({"code": "bad_key", "detail": "The API key is missing or wrong."})"));
        }
        auto ok = c.Get("/picvault/v1/pictures", {{"X-Api-Key", "mock-token"}});
        REQUIRE(ok);
        CHECK(ok->status == 200);
        auto journal = c.Get("/__admin/requests");
        REQUIRE(journal);
        CHECK(contains(journal->body, "picvault/list-pictures#Unauthorized"));
    }
    SUBCASE("an example written in provider.json, with its own status") {
        write_picvault(tmp.path / "picvault",
                       R"(, "unauthorized": {"status": 403, "headers": [{"name": "X-Why", "value": "key"}],
                              "body": {"error": "forbidden", "docs": "{{base_url}}/docs"}})");
        RunningMock mock(with_extra({tmp.path.string()}, false));
        auto c = mock.client();
        auto r = c.Get("/picvault/v1/pictures");
        REQUIRE(r);
        CHECK(r->status == 403);
        CHECK(r->get_header_value("X-Why") == "key");
        CHECK(json::parse(r->body).at("docs").as_string() == mock.server.base_url() + "/docs");
    }
    SUBCASE("an unknown example name is a start error naming provider.json") {
        write_picvault(tmp.path / "picvault", R"(, "unauthorized": "Nope")");
        const std::string error = start_error(with_extra({tmp.path.string()}, false));
        CHECK(contains(error, "provider.json"));
        CHECK(contains(error, "Nope"));
    }
    SUBCASE("without it, the framework's 401") {
        write_picvault(tmp.path / "picvault");
        RunningMock mock(with_extra({tmp.path.string()}, false));
        auto c = mock.client();
        auto r = c.Get("/picvault/v1/pictures");
        REQUIRE(r);
        CHECK(r->status == 401);
        CHECK(json::parse(r->body).at("error").as_string() == "unauthorized");
    }
}

TEST_CASE("provider.json \"rate_limit\": the documented 403 with a reset header after the budget, per credential") {
    TempDir tmp;
    write_picvault(tmp.path / "picvault", R"(, "rate_limit": {"requests": 3, "window_seconds": 1, "status": 403,
        "headers": {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "{{reset_epoch}}", "X-Wait": "{{reset_seconds}}"},
        "body": {"message": "API rate limit exceeded", "reset": "{{reset_epoch}}", "see": "{{base_url}}/limits"}})");
    RunningMock mock(with_extra({tmp.path.string()}, false));
    auto c = mock.client();
    const httplib::Headers first{{"X-Api-Key", "mock-token"}};
    const httplib::Headers second{{"X-Api-Key", "second-key"}};
    auto get = [&](const httplib::Headers& headers) {
        auto r = c.Get("/picvault/v1/pictures", headers);
        REQUIRE(r);
        return *r;
    };
    for (int i = 0; i < 3; ++i) CHECK(get(first).status == 200);
    const auto before = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    const auto limited = get(first);
    CHECK(limited.status == 403);
    CHECK(limited.get_header_value("X-RateLimit-Remaining") == "0");
    const long long reset = std::stoll(limited.get_header_value("X-RateLimit-Reset"));
    CHECK(reset >= before);
    CHECK(reset <= before + 2);
    CHECK(limited.get_header_value("X-Wait") == "1");
    const auto body = json::parse(limited.body);
    CHECK(body.at("message").as_string() == "API rate limit exceeded");
    CHECK(body.at("reset").as_int64() == reset);  // a placeholder that is the whole string becomes a number
    CHECK(body.at("see").as_string() == mock.server.base_url() + "/limits");
    CHECK(get(second).status == 200);  // another credential has its own budget

    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    CHECK(get(first).status == 200);  // a new window

    for (int i = 0; i < 3; ++i) get(first);
    CHECK(get(first).status == 403);
    auto reset_call = c.Post("/__admin/reset", "", "application/json");
    REQUIRE(reset_call);
    CHECK(get(first).status == 200);  // /__admin/reset forgets the windows
    auto journal = c.Get("/__admin/requests");
    REQUIRE(journal);
}

TEST_CASE("a bad rate_limit is a start error naming provider.json and the field") {
    TempDir tmp;
    write_picvault(tmp.path / "picvault", R"(, "rate_limit": {"requests": 0, "window_seconds": 1})");
    const std::string error = start_error(with_extra({tmp.path.string()}, false));
    CHECK(contains(error, "provider.json"));
    CHECK(contains(error, "rate_limit.requests"));
    write_picvault(tmp.path / "picvault", R"(, "rate_limit": {"requests": 5, "window_seconds": 1, "status": 200})");
    CHECK(contains(start_error(with_extra({tmp.path.string()}, false)), "rate_limit.status"));
}

TEST_CASE("auth schemes: a query parameter and HTTP Basic") {
    TempDir tmp;
    write(tmp.path / "qkey" / "provider.json",
          R"({"provider": "qkey", "auth": {"query": "api_key", "tokens": {"{token}": []}}})");
    write(tmp.path / "qkey" / "ping.json",
          R"({"method": "GET", "path": "/ping", "query": [{"name": "api_key", "type": "string"}],
              "examples": [{"name": "OK", "body": {"ok": true}}]})");
    write(tmp.path / "basicpix" / "provider.json",
          R"({"provider": "basicpix", "auth": {"header": "Authorization", "scheme": "Basic",
              "tokens": {"{token}:": [], "mock-user:s3cret": []}}})");
    write(tmp.path / "basicpix" / "ping.json",
          R"({"method": "GET", "path": "/ping", "examples": [{"name": "OK", "body": {"ok": true}}]})");
    RunningMock mock(with_extra({tmp.path.string()}, false));
    auto c = mock.client();
    auto status = [&](const std::string& path, const httplib::Headers& headers = {}) {
        auto r = c.Get(path.c_str(), headers);
        REQUIRE(r);
        return r->status;
    };
    CHECK(status("/qkey/ping?api_key=mock-token") == 200);
    CHECK(status("/qkey/ping?api_key=wrong") == 401);
    CHECK(status("/qkey/ping") == 401);
    CHECK(status("/qkey/ping", {{"Authorization", "Bearer mock-token"}}) == 401);

    // base64("mock-token:") and base64("mock-user:s3cret")
    CHECK(status("/basicpix/ping", {{"Authorization", "Basic bW9jay10b2tlbjo="}}) == 200);
    CHECK(status("/basicpix/ping", {{"Authorization", "Basic bW9jay11c2VyOnMzY3JldA=="}}) == 200);
    CHECK(status("/basicpix/ping", {{"Authorization", "Basic bW9jay11c2VyOndyb25n"}}) == 401);  // mock-user:wrong
    CHECK(status("/basicpix/ping", {{"Authorization", "Basic !!!"}}) == 401);
    CHECK(status("/basicpix/ping", {{"Authorization", "Bearer mock-token"}}) == 401);
    CHECK(status("/basicpix/ping") == 401);

    auto journal = c.Get("/__admin/requests");
    REQUIRE(journal);
    CHECK_FALSE(contains(journal->body, "api_key=mock-token"));  // the credential is masked in the query
}

TEST_CASE("photobridge-mock --no-builtin-fixtures --fixtures DIR --fixtures DIR") {
    TempDir one, two;
    write_picvault(one.path / "picvault");
    write(two.path / "qkey" / "provider.json",
          R"({"provider": "qkey", "auth": {"query": "api_key", "tokens": {"{token}": []}}})");
    write(two.path / "qkey" / "ping.json",
          R"({"method": "GET", "path": "/ping", "examples": [{"name": "OK", "body": {"ok": true}}]})");
    const std::string a = (one.path / "picvault").string(), b = two.path.string();
    MockProgram mock({"--no-builtin-fixtures", "--fixtures", a, "--fixtures", b});
    httplib::Client c("127.0.0.1", mock.port);
    c.set_tcp_nodelay(true);
    auto pictures = c.Get("/picvault/v1/pictures", {{"X-Api-Key", "mock-token"}});
    auto ping = c.Get("/qkey/ping?api_key=mock-token");
    auto builtin = c.Get("/snapbar/contacts", headers_for("snapbar"));
    REQUIRE(pictures);
    REQUIRE(ping);
    REQUIRE(builtin);
    CHECK(pictures->status == 200);
    CHECK(ping->status == 200);
    CHECK(builtin->status == 404);
    CHECK(WIFEXITED(mock.stop()));

    // The same folder twice: exit status 1, both folders named on stderr.
    const std::string command = std::string(PHOTOBRIDGE_MOCK_BINARY) + " --no-builtin-fixtures --fixtures " + a +
                                " --fixtures " + one.path.string() + " 2>&1";
    FILE* p = popen(command.c_str(), "r");
    REQUIRE(p != nullptr);
    std::string output;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, p)) output += buffer;
    const int rc = pclose(p);
    CHECK(WEXITSTATUS(rc) == 1);
    CHECK(contains(output, "defined twice"));
    CHECK(contains(output, a));
}
