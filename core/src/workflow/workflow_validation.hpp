// Second validation pass: the workflow against the plugins' manifests.
// Unknown plugins, settings, streams, operations and parameters; required
// settings and parameters; value types and ranges from the manifest
// schemas; what each step and sink needs from the bytes flow.
#pragma once

#include "workflow/toml_reading.hpp"
#include "model/workflow.hpp"
#include "workflow/workflow_parser.hpp"
#include "host/plugin_registry.hpp"

#include <string>
#include <vector>

namespace photobridge::workflow_file {
using namespace photobridge::model;  // the run and the parser speak the model's types

// What the manifests say that the step-graph pass needs.
struct PluginFacts {
    std::string record_kind;                // the source stream's "record" ("photo", ...), "" if unknown
    std::vector<bool> step_has_result;      // download and invoke steps: a JSON result under steps.<id>
    std::vector<bool> step_produces_bytes;  // download, or invoke with keep_bytes
    std::vector<bool> step_needs_bytes;     // invoke with send_bytes
    std::vector<bool> sink_needs_bytes;     // the sink's operation requires input bytes
    std::vector<std::string> sink_label;    // "shootbin.upload_photo"
};

// Checks `wf` against the manifests in `registry`. Settings written as one
// whole ${env:NAME} are converted to the manifest's type (integer, number,
// boolean) in `wf`; the literal values of secret settings are added to
// notes.sensitive_values.
PluginFacts check_plugin_references(Workflow& wf, const TomlDocument& doc, ParseNotes& notes,
                                    const host::PluginRegistry& registry, Diagnostics& out);

}  // namespace photobridge::workflow_file
