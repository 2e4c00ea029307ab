// What each sink of a workflow guarantees across crashes (sink_contract.hpp,
// sink_guarantee), for `photobridge validate` to print and for [policy]
// guarantee = "exactly-once" to enforce before anything runs.
#pragma once

#include "engine/sink_contract.hpp"
#include "host/plugin_registry.hpp"
#include "model/workflow.hpp"

#include <string>
#include <vector>

namespace photobridge::engine {

struct WorkflowSinkGuarantee {
    std::string sink_id;
    SinkGuarantee guarantee;
    SourcePosition where;  // the sink's [[sinks]] table
};

// One entry per sink, in file order. The workflow must have been validated
// against `registry` (every sink's plugin is there). Throws
// std::invalid_argument for a plugin whose manifest lookup is malformed.
std::vector<WorkflowSinkGuarantee> workflow_guarantees(const Workflow& workflow, const host::PluginRegistry& registry);

// "FILE:LINE:COLUMN: message" for every at-least-once sink of a workflow
// whose [policy] says guarantee = "exactly-once", and for every sink after a
// fan-out step that would take one photo of a record for another
// (media_fan_out.hpp, fan_out_violations); empty otherwise. These are
// validation errors (exit code 2).
std::vector<std::string> guarantee_violations(const Workflow& workflow, const host::PluginRegistry& registry);

}  // namespace photobridge::engine
