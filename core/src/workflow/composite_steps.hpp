// Composite steps: a plugin declares, in its manifest's "composite_steps",
// a named chain of its own operations; a workflow uses it as
// `use = "PLUGIN.NAME"` (format: sdk-docs/abi.md, "Composite steps").
// This file reads those declarations and fills a composite step of a
// workflow with the invoke steps it runs. It knows no plugin.
//
// A composite step with id X whose declaration lists parts p1 ... pn runs
//   X__p1, X__p2, ..., X__p(n-1), and X (the last part keeps the step's id)
// so that what follows X (steps, sinks, steps.X.* templates) reads the last
// part's result. In a part's input:
//   - a string that is exactly "{params.NAME}" is the step's setting NAME
//     (any JSON type); the key is left out when the workflow does not set it;
//   - "{steps.PART." names the result of an earlier part of the chain;
//   - anything else is a record template, as in an invoke step's params.
#pragma once

#include "host/plugin_registry.hpp"
#include "model/workflow.hpp"

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace photobridge::workflow_file {
using namespace photobridge::model;

struct CompositePart {
    std::string id;               // unique within the chain
    std::string operation;        // an operation of the same plugin
    boost::json::object input;    // templated as described above
    bool send_bytes = false;      // pass the record's current bytes
    bool keep_bytes = false;      // the output bytes replace the record's
};

// One setting of a composite step. Its schema is that of an input property
// of one of the plugin's operations ("from": "OPERATION.PROPERTY").
struct CompositeParam {
    std::string name;
    std::string from_operation;
    std::string from_property;
    bool required = false;
};

struct CompositeDeclaration {
    std::string plugin;           // the declaring plugin's id
    std::string name;             // as in "PLUGIN.NAME"
    std::string description;
    std::vector<CompositeParam> params;
    std::vector<CompositePart> chain;  // at least one part
};

// Every composite step the loaded plugins declare, as "PLUGIN.NAME", sorted.
std::vector<std::string> declared_composite_steps(const host::PluginRegistry& registry);

// The declaration of `plugin`'s composite step `name`: nullopt with
// `problem` empty when the plugin declares none of that name, or with
// `problem` saying what is wrong with the declaration (it names the key).
std::optional<CompositeDeclaration> find_composite_declaration(const host::LoadedPlugin& plugin,
                                                               const std::string& name, std::string& problem);

// The ids the chain runs as, in order ("X__upload", ..., "X").
std::vector<std::string> composite_part_ids(const std::string& step_id, const CompositeDeclaration& declaration);

// Fills step.chain for every composite step of a validated workflow.
// Throws std::logic_error when a declaration cannot be found (validation
// should have refused the workflow).
void expand_composite_steps(Workflow& workflow, const host::PluginRegistry& registry);

}  // namespace photobridge::workflow_file
