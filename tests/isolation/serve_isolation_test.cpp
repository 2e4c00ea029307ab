// serve with every plugin isolated (--isolation process): a webhook
// workflow keeps answering and syncing while another workflow's plugin
// crashes on every write, run after run.
#include <doctest/doctest.h>

#include "isolation/isolation_support.hpp"
#include "serve/serve_support.hpp"

#include <fstream>

using namespace serve_test;

namespace {

// Every second: hello.numbers 1..2 -> crashing.write, which crashes its
// child on each first write (every attempt meets a fresh child).
void write_crash_loop_workflow(const fs::path& dir) {
    std::ofstream(dir / "crash-loop.toml") << R"([workflow]
name = "crash-loop"

[connections.numbers]
plugin = "hello"
base_url = "http://127.0.0.1:1"
token = "unused"

[connections.fragile]
plugin = "crashing"
crash_on_call = 1

[source]
connection = "numbers"
stream = "numbers"
params = { count = 2 }

[[sinks]]
connection = "fragile"
action = "write"
params = { id = "{id}" }

[policy]
key = "{id}"
concurrency = 1
retry = { attempts = 2, backoff_ms = 10, max_backoff_ms = 20 }

[trigger]
every = "1s"
)";
}

}  // namespace

TEST_CASE("isolated serve: webhooks keep being answered and synced while another workflow crashes its plugin in a loop") {
    auto mock = start_mock();
    TempDir dir;
    write_snapbar_workflow(dir.path(), mock->base_url());
    write_crash_loop_workflow(dir.path());
    auto options = service_options(dir.path(), dir.path() / "state.db");
    options.default_isolation = photobridge::model::Isolation::process;
    photobridge::serve::ServeService service(options, isolation_test::registry());
    service.start();

    // The crash loop is under way: runs end partial, their records dead-lettered with the crash.
    const auto crashed_runs = [&] {
        int n = 0;
        for (const auto& r : service.store().runs("crash-loop", 0))
            if (r.outcome != "running") ++n;
        return n;
    };
    REQUIRE(eventually([&] { return crashed_runs() >= 1; }, std::chrono::seconds(30)));
    const auto letters = service.store().dead_letters("crash-loop");
    REQUIRE_FALSE(letters.empty());
    CHECK(letters[0].error.find("SIGSEGV") != std::string::npos);

    const json::object request{{"target", service.base_url() + "/hooks/" + kWorkflow},
                               {"secret", kSecret},
                               {"submission_id", kSubmission},
                               {"payload", "full"}};
    const json::value answer = mock->admin("POST", "/__admin/webhooks/snapbar", json::serialize(request));
    REQUIRE(answer.is_object());
    CHECK(answer.as_object().at("status") == 202);
    CHECK(http_get(service.base_url(), "/healthz").status == 200);
    REQUIRE(eventually([&] { return album_uploads(*mock).size() == 2; }, std::chrono::seconds(30)));
    for (const auto& [name, count] : album_uploads(*mock)) CHECK(count == 1);
    // And the loop went on meanwhile.
    const int before = crashed_runs();
    CHECK(eventually([&] { return crashed_runs() > before; }, std::chrono::seconds(30)));
    CHECK(http_get(service.base_url(), "/healthz").status == 200);
    service.stop();
}
