// Reading a workflow file: TOML syntax, structure, the plugins' manifests,
// the step graph and record paths, all checked before anything runs.
// The file format is documented in sdk-docs/workflows.md.
#pragma once

#include "workflow/toml_reading.hpp"
#include "workflow/env_references.hpp"
#include "model/workflow.hpp"
#include "host/plugin_registry.hpp"

#include <filesystem>
#include <optional>
#include <vector>

namespace photobridge::workflow_file {
using namespace photobridge::model;  // the run and the parser speak the model's types

struct LoadResult {
    std::optional<Workflow> workflow;     // set exactly when diagnostics is empty
    std::vector<Diagnostic> diagnostics;  // every error, in file order
};

// Parses and validates `file`. `registry` supplies the plugin manifests
// (unknown plugins, streams, operations and parameters are errors); `env`
// resolves ${env:NAME} references (a variable that is not set is an error).
// Never throws for bad input; reads nothing but `file` and the environment;
// writes nothing. Secret values (settings a manifest marks "secret" and
// every value read from the environment) never appear in a diagnostic.
// [any-thread] as long as `registry` is not being loaded meanwhile.
LoadResult load_workflow(const std::filesystem::path& file, const host::PluginRegistry& registry,
                         const EnvLookup& env = process_env());

}  // namespace photobridge::workflow_file
