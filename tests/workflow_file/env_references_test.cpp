// ${env:NAME} references: resolution, syntax errors, and no value in messages.
#include "workflow/env_references.hpp"

#include "workflow_test_support.hpp"

#include <doctest/doctest.h>

using photobridge::workflow_file::has_env_reference;
using photobridge::workflow_file::resolve_env_references;
using photobridge::testing::env_from;

TEST_CASE("references are replaced, alone or inside text") {
    auto env = env_from({{"KEY", "abc123"}, {"HOST", "studio.example"}, {"EMPTY", ""}});
    auto r = resolve_env_references("${env:KEY}", env);
    CHECK(r.problems.empty());
    CHECK(r.value == "abc123");
    CHECK(r.whole);
    CHECK(r.variables == std::vector<std::string>{"KEY"});
    CHECK(r.resolved == std::vector<std::string>{"abc123"});

    r = resolve_env_references("https://${env:HOST}/api?k=${env:KEY}", env);
    CHECK(r.problems.empty());
    CHECK(r.value == "https://studio.example/api?k=abc123");
    CHECK_FALSE(r.whole);

    r = resolve_env_references("${env:EMPTY}", env);
    CHECK(r.problems.empty());
    CHECK(r.value.empty());

    r = resolve_env_references("costs $5, $${env:KEY} stays", env);
    CHECK(r.problems.empty());
    CHECK(r.value == "costs $5, ${env:KEY} stays");
    CHECK(r.variables.empty());
    CHECK_FALSE(r.whole);
}

TEST_CASE("bad references are reported with the offset of their '$' and never the value") {
    auto env = env_from({{"SET", "s3cr3t-value"}});
    auto r = resolve_env_references("a ${env:UNSET} b ${env:SET}", env);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].offset == 2);
    CHECK(r.problems[0].message == "environment variable UNSET is not set");

    r = resolve_env_references("${env:}", env);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].message == "empty variable name in '${env:}'");
    r = resolve_env_references("x${env:9LIVES}", env);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].offset == 1);
    CHECK(r.problems[0].message == "bad variable name '9LIVES' (letters, digits and '_', not starting with a digit)");
    r = resolve_env_references("${vault:SET}", env);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].message == "unknown reference '${vault:...}' (only ${env:NAME} is supported)");
    r = resolve_env_references("${SET}", env);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].message == "unknown reference '${SET}' (only ${env:NAME} is supported)");
    r = resolve_env_references("abc ${env:SET", env);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].offset == 4);
    CHECK(r.problems[0].message == "unclosed '${' (write \"$${\" for a literal \"${\")");
}

TEST_CASE("has_env_reference spots references, not escapes") {
    CHECK(has_env_reference("${env:X}"));
    CHECK(has_env_reference("a ${env:X"));
    CHECK_FALSE(has_env_reference("$${env:X}"));
    CHECK_FALSE(has_env_reference("${raw.price}"));
    CHECK_FALSE(has_env_reference("plain"));
}

TEST_CASE("process_env reads the real environment") {
    ::setenv("PB_WORKFLOW_FILE_TEST_VAR", "from-process", 1);
    auto env = photobridge::workflow_file::process_env();
    CHECK(env("PB_WORKFLOW_FILE_TEST_VAR") == std::optional<std::string>("from-process"));
    ::unsetenv("PB_WORKFLOW_FILE_TEST_VAR");
    CHECK_FALSE(env("PB_WORKFLOW_FILE_TEST_VAR").has_value());
}
