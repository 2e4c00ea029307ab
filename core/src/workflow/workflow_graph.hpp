// Third validation pass: how records flow. `after` links must form a tree
// rooted at the source (no unknown names, no cycles, no step whose work no
// sink uses); every template and condition path must be able to exist where
// it is read (a canonical field, raw.*, or steps.<id> of an invoke step that
// runs before); a step or sink that needs bytes must come after one that
// fetches them.
#pragma once

#include "workflow/toml_reading.hpp"
#include "model/workflow.hpp"
#include "workflow/workflow_parser.hpp"
#include "workflow/workflow_validation.hpp"

namespace photobridge::workflow_file {
using namespace photobridge::model;  // the run and the parser speak the model's types

void check_workflow_graph(const Workflow& wf, const TomlDocument& doc, const ParseNotes& notes,
                          const PluginFacts& facts, Diagnostics& out);

}  // namespace photobridge::workflow_file
