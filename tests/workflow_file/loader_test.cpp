// load_workflow on valid files: every value and every default in the
// Workflow; several errors reported at once; secrets kept out of messages.
#include "workflow/workflow_loader.hpp"

#include "workflow_test_support.hpp"

#include <doctest/doctest.h>

#include <set>

namespace json = boost::json;
using namespace photobridge;
using model::Step;

namespace {

std::filesystem::path valid_file(const char* name) {
    return std::filesystem::path(WORKFLOW_FILE_TEST_DIR) / "valid" / name;
}

}  // namespace

TEST_CASE("a file using every part of the format loads with each value in place") {
    const auto r = workflow_file::load_workflow(valid_file("full.toml"), testing::fixture_registry(), testing::fixture_env());
    INFO(testing::diagnostics_text(r));
    REQUIRE(r.diagnostics.empty());
    REQUIRE(r.workflow);
    const model::Workflow& wf = *r.workflow;
    CHECK(wf.file == valid_file("full.toml").string());
    CHECK(wf.name == "studio-full");
    CHECK(wf.description == "Approved studio photos, retouched, into the archive album");

    REQUIRE(wf.connections.size() == 2);
    const auto& archive = wf.connections.at("archive");
    CHECK(archive.plugin == "studio");
    CHECK(archive.config.at("token") == json::value("studio-secret-token-0451"));
    CHECK(archive.config.at("timeout_ms") == json::value(2500));  // ${env:...} typed by the manifest
    CHECK(archive.config.at("base_url") == json::value("http://archive.example:8080/api"));
    CHECK(archive.config.at("mode") == json::value("sandbox"));
    CHECK_FALSE(archive.config.contains("plugin"));
    // What the engine masks: every value read from the environment, secret
    // setting or not, and no other value.
    const std::set<std::string> masked(wf.sensitive_values.begin(), wf.sensitive_values.end());
    CHECK(masked == std::set<std::string>{"studio-secret-token-0451", "2500"});
    CHECK(archive.where.line == 10);
    CHECK(archive.where.column == 1);

    CHECK(wf.source.connection == "studio");
    CHECK(wf.source.stream == "photos");
    CHECK(wf.source.params == json::parse(R"({"album": 3, "status": "approved"})").as_object());
    CHECK(wf.source.page_size == 50);
    CHECK(wf.source.since == "last-run");
    REQUIRE(wf.source.filter.any_of.size() == 2);
    CHECK(wf.source.filter.matches(json::parse(R"({"approved": true, "person": {"email": "bob@example.com"}})")));
    CHECK_FALSE(wf.source.filter.matches(json::parse(R"({"approved": true, "person": {"email": "eve@example.com"}})")));

    REQUIRE(wf.steps.size() == 3);
    CHECK(wf.steps[0].kind == Step::Kind::download);
    CHECK(wf.steps[0].id == "fetch");
    CHECK(wf.steps[0].after.empty());
    CHECK(wf.steps[0].variant == "original");
    CHECK(wf.steps[1].kind == Step::Kind::invoke);
    CHECK(wf.steps[1].id == "polish");
    CHECK(wf.steps[1].after == "fetch");
    CHECK(wf.steps[1].connection == "archive");
    CHECK(wf.steps[1].operation == "retouch");
    CHECK(wf.steps[1].send_bytes);
    CHECK(wf.steps[1].keep_bytes_from_result);
    CHECK(wf.steps[1].params.render(json::object{}) == json::parse(R"({"style": "soft", "strength": 0.5})").as_object());
    CHECK(wf.steps[2].kind == Step::Kind::filter);
    CHECK(wf.steps[2].id == "step3");
    CHECK(wf.steps[2].after == "polish");
    CHECK(wf.steps[2].when.matches(json::parse(R"({"status": "approved", "media": [{"variant": "main"}]})")));
    CHECK_FALSE(wf.steps[2].when.matches(json::parse(R"({"status": "approved", "media": [{"variant": "thumb"}]})")));

    REQUIRE(wf.sinks.size() == 2);
    CHECK(wf.sinks[0].id == "archive.upload_photo");
    CHECK(wf.sinks[0].after == "step3");
    const json::value photo = json::parse(R"({"id": "p1", "status": "approved", "person": {"name": null},
                                               "steps": {"polish": {"note": "ok"}}})");
    const json::value rendered = json::parse(
        R"json({"album": 7, "title": "Unknown (p1)", "description": "{raw} ok", "tags": ["approved", "studio"]})json");
    CHECK(wf.sinks[0].params.render(photo) == rendered.as_object());
    CHECK(wf.sinks[0].when.matches(json::parse(R"({"approved": true})")));
    CHECK(wf.sinks[1].id == "tagged");
    CHECK(wf.sinks[1].after == "fetch");

    CHECK(wf.policy.key.text() == "{provider}:{id}");
    CHECK(wf.policy.concurrency == 8);
    CHECK(wf.policy.on_error == model::OnError::skip);
    CHECK(wf.policy.retry.attempts == 3);
    CHECK(wf.policy.retry.backoff_ms == 100);
    CHECK(wf.policy.retry.max_backoff_ms == 2000);
    CHECK(wf.policy.rate_limit == std::map<std::string, double>{{"archive", 2.5}, {"studio", 5.0}});
    CHECK(wf.policy.timeout_ms == 30000);
    CHECK_FALSE(wf.policy.resync_changed);
    CHECK(wf.policy.queue_capacity == 64);
}

TEST_CASE("a minimal file gets the documented defaults") {
    const auto r = workflow_file::load_workflow(valid_file("minimal.toml"), testing::fixture_registry(), testing::fixture_env());
    INFO(testing::diagnostics_text(r));
    REQUIRE(r.workflow);
    const model::Workflow& wf = *r.workflow;
    CHECK(wf.description.empty());
    CHECK(wf.steps.empty());
    REQUIRE(wf.sinks.size() == 1);
    CHECK(wf.sinks[0].id == "hello.echo");
    CHECK(wf.sinks[0].after.empty());
    CHECK(wf.sinks[0].when.any_of.empty());
    CHECK(wf.sinks[0].params.render(json::parse(R"({"id": "2", "value": 2})")) ==
          json::parse(R"({"n": 2, "label": "number 2"})").as_object());
    CHECK_FALSE(wf.source.page_size);
    CHECK_FALSE(wf.source.since);
    CHECK(wf.policy.key.text() == "{provider}:{id}");
    CHECK(wf.policy.concurrency == 4);
    CHECK(wf.policy.on_error == model::OnError::dead_letter);
    CHECK(wf.policy.retry.attempts == 5);
    CHECK(wf.policy.retry.backoff_ms == 200);
    CHECK(wf.policy.retry.max_backoff_ms == 10000);
    CHECK(wf.policy.rate_limit.empty());
    CHECK(wf.policy.timeout_ms == 60000);
    CHECK(wf.policy.resync_changed);
    CHECK(wf.policy.queue_capacity == 256);
}

TEST_CASE("steps follow the previous step by default, `after` builds branches") {
    testing::TempWorkflow file(R"(
[workflow]
name = "branches"
[connections.s]
plugin = "studio"
token = "t0k3n-literal"
[source]
connection = "s"
stream = "photos"
[[steps]]
use = "download"
[[steps]]
id = "who"
use = "invoke"
operation = "lookup"
params = { email = "{person.email}" }
[[steps]]
id = "side"
use = "invoke"
after = "source"
operation = "tag_photo"
params = { photo_id = "{id}", tag = "seen" }
[[sinks]]
connection = "s"
action = "upload_photo"
after = "who"
params = { album = 1, title = "{steps.who.name|?}" }
[[sinks]]
connection = "s"
action = "tag_photo"
after = "side"
params = { photo_id = "{id}", tag = "{steps.side.result|x}" }
)");
    const auto r = file.load();
    INFO(testing::diagnostics_text(r));
    REQUIRE(r.workflow);
    const auto& wf = *r.workflow;
    CHECK(wf.steps[0].id == "step1");
    CHECK(wf.steps[0].after.empty());
    CHECK(wf.steps[1].after == "step1");
    CHECK(wf.steps[1].connection == "s");  // invoke defaults to the source's connection
    CHECK(wf.steps[2].after.empty());      // "source"
    CHECK(wf.sinks[0].after == "who");
    CHECK(wf.sinks[1].after == "side");
}

TEST_CASE("every error of a file is reported at once, in file order, and nothing is returned") {
    testing::TempWorkflow file(R"([workflow]
name = "many"
[connections.s]
plugin = "studio"
token = "${env:STUDIO_TOKEN}"
[source]
connection = "s"
stream = "photoz"
[[sinks]]
connection = "s"
action = "upload"
[policy]
concurrency = 0
on_error = "explode"
)");
    const auto r = file.load();
    CHECK_FALSE(r.workflow);
    CHECK(testing::diagnostics_text(r) ==
          "8:10: source.stream: plugin 'studio' has no stream 'photoz' (did you mean 'photos'?)\n"
          "11:10: sinks[0].action: plugin 'studio' has no operation 'upload' (known: download_media, upload_photo, "
          "tag_photo, retouch, lookup)\n"
          "13:15: policy.concurrency: must be between 1 and 64, got 0\n"
          "14:12: policy.on_error: unknown value 'explode' (one of: fail, skip, dead-letter)\n");
    REQUIRE(r.diagnostics.size() == 4);
    CHECK(r.diagnostics[0].str() == file.path().string() + ":8:10: source.stream: plugin 'studio' has no stream "
                                                           "'photoz' (did you mean 'photos'?)");
}

TEST_CASE("secret values never appear in a message") {
    // The mode comes from the environment and is not allowed: the schema's
    // message would quote it.
    testing::TempWorkflow file(R"([workflow]
name = "secrets"
[connections.s]
plugin = "studio"
token = 42
mode = "${env:STUDIO_MODE}"
[connections.t]
plugin = "studio"
token = "literal-secret-token-5521"
timeout_ms = "${env:NOT_A_NUMBER}"
mode = "literal-secret-token-5521"
[source]
connection = "s"
stream = "photos"
[[sinks]]
connection = "t"
action = "tag_photo"
params = { photo_id = "{id}", tag = "x" }
)");
    const auto r = file.load();
    const std::string text = testing::diagnostics_text(r);
    CHECK(text ==
          "5:9: connections.s.token: should be string, got integer\n"
          "6:8: connections.s.mode: *** is not one of: live, sandbox\n"
          "10:14: connections.t.timeout_ms: ${env:NOT_A_NUMBER} must hold an integer for this setting\n"
          // mode is not secret, but its value is the secret token of t: masked too.
          "11:8: connections.t.mode: \"***\" is not one of: live, sandbox\n");
    for (const auto& [_, value] : testing::fixture_env_values()) CHECK(text.find(value) == std::string::npos);
    CHECK(text.find("literal-secret-token-5521") == std::string::npos);
    CHECK(text.find("staging") == std::string::npos);
}

TEST_CASE("an unreadable file is one diagnostic, not an exception") {
    const auto r = workflow_file::load_workflow("/nonexistent/dir/workflow.toml", testing::fixture_registry(),
                                         testing::fixture_env());
    CHECK_FALSE(r.workflow);
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].str() == "/nonexistent/dir/workflow.toml:1:1: cannot read the file");
}

TEST_CASE("with no plugins at all, the message says where plugins are looked for") {
    testing::TempWorkflow file(R"([workflow]
name = "none"
[connections.s]
plugin = "studio"
[source]
connection = "s"
stream = "photos"
[[sinks]]
connection = "s"
action = "upload_photo"
)");
    host::PluginRegistry empty;
    const auto r = workflow_file::load_workflow(file.path(), empty, testing::fixture_env());
    CHECK(testing::diagnostics_text(r) ==
          "4:10: connections.s.plugin: unknown plugin 'studio' (no plugins were found: check --plugin-dir and "
          "PHOTOBRIDGE_PLUGIN_PATH)\n");
}

TEST_CASE("an unset variable in a typed setting is one message, not two") {
    testing::TempWorkflow file(R"([workflow]
name = "unset-typed"
[connections.s]
plugin = "studio"
token = "${env:STUDIO_TOKEN}"
timeout_ms = "${env:UNSET_TIMEOUT}"
[source]
connection = "s"
stream = "photos"
[[sinks]]
connection = "s"
action = "tag_photo"
params = { photo_id = "{id}", tag = "x" }
)");
    CHECK(testing::diagnostics_text(file.load()) ==
          "6:15: connections.s.timeout_ms: environment variable UNSET_TIMEOUT is not set\n");
}

TEST_CASE("a broken step is reported once, not again by the templates that read it") {
    testing::TempWorkflow file(R"([workflow]
name = "broken-step"
[connections.s]
plugin = "studio"
token = "t0k3n-literal"
[source]
connection = "s"
stream = "photos"
[[steps]]
id = "who"
use = "invok"
operation = "lookup"
params = { email = "{person.email}" }
[[sinks]]
connection = "s"
action = "tag_photo"
params = { photo_id = "{id}", tag = "{steps.who.tag}" }
)");
    CHECK(testing::diagnostics_text(file.load()) ==
          "11:7: steps[0].use: unknown step 'invok' (did you mean 'invoke'?)\n");
}
