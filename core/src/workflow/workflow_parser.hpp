// First validation pass: the workflow file's structure, read into a
// Workflow. Checks everything that needs no plugin: known keys (with "did you
// mean"), required keys, value types, ranges and enums, ids and their
// duplicates, template and condition syntax, ${env:...} references and the
// names of connections. Plugin-level checks are in workflow_validation.hpp,
// the step graph and record paths in workflow_graph.hpp.
#pragma once

#include "workflow/toml_reading.hpp"
#include "workflow/env_references.hpp"
#include "model/workflow.hpp"

#include <boost/json.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace photobridge::workflow_file {
using namespace photobridge::model;  // the run and the parser speak the model's types

// What the parse found out about one [[steps]] or [[sinks]] table.
struct PartNotes {
    bool usable = false;          // parsed well enough to be checked further
    boost::json::object params;   // its params as written (JSON form)
    bool params_parsed = true;    // false when a params template has a syntax error
    bool after_written = false;   // `after` was written (else the default was filled in)
};

// What later passes need to know about the parse besides the Workflow.
struct ParseNotes {
    // Per connection: the config keys whose value came from ${env:...}, and
    // the env variable of each whole-value reference (for messages).
    std::map<std::string, std::map<std::string, std::string>> env_config_keys;
    // Per connection: settings whose ${env:...} could not be resolved (already
    // reported; kept in the config as "" so that nothing else is said about them).
    std::map<std::string, std::set<std::string>> env_failed_keys;
    // Every connection name written in the file, even one too broken to keep.
    std::set<std::string> declared_connections;
    // Every value resolved from the environment (the validation pass adds
    // literal values of secret config keys): masked in every message.
    std::vector<std::string> sensitive_values;
    // Parts parsed well enough to be checked further; a broken part is left
    // alone by later passes so that one mistake gives one message.
    bool source_usable = false;
    // Params as written (JSON form), for schema checks; templates in
    // string values are not yet parsed here.
    boost::json::object source_params;
    std::vector<PartNotes> steps;  // one per [[steps]] table, in file order
    std::vector<PartNotes> sinks;  // one per [[sinks]] table, in file order
};

// Reads `doc` into a Workflow; every problem goes to `out`. Fills defaults:
// Step.id "step<N>" (N = 1-based position), Step.after the previous step's
// id ("" for the first: the source), Step.connection the source's connection
// (invoke), Sink.id "<connection>.<action>", Sink.after the last step's id
// ("" when there are no steps), Policy.key "{provider}:{id}". An `after`
// written as "source" is stored as "". `composite_steps` lists the
// composite steps ("PLUGIN.NAME") the loaded plugins declare.
Workflow parse_workflow(const TomlDocument& doc, const EnvLookup& env, const std::vector<std::string>& composite_steps,
                        Diagnostics& out, ParseNotes& notes);

}  // namespace photobridge::workflow_file
