#include "engine/sink_guarantees.hpp"

#include "engine/media_fan_out.hpp"

namespace photobridge::engine {

std::vector<WorkflowSinkGuarantee> workflow_guarantees(const Workflow& workflow, const host::PluginRegistry& registry) {
    std::vector<WorkflowSinkGuarantee> out;
    for (const auto& sink : workflow.sinks) {
        const auto plugin = registry.find(workflow.connections.at(sink.connection).plugin);
        if (!plugin) continue;  // not validated: nothing to say
        const SinkContract contract = read_sink_contract(*plugin, sink.action);
        out.push_back(WorkflowSinkGuarantee{sink.id, sink_guarantee(contract, sink.params), sink.where});
    }
    return out;
}

std::vector<std::string> guarantee_violations(const Workflow& workflow, const host::PluginRegistry& registry) {
    std::vector<std::string> out = fan_out_violations(workflow, registry);
    if (!workflow.policy.exactly_once_required) return out;
    for (const auto& g : workflow_guarantees(workflow, registry)) {
        if (g.guarantee.level != SinkGuarantee::Level::at_least_once) continue;
        out.push_back(g.where.str() + ": sinks." + g.sink_id + " is " + g.guarantee.text + "; [policy] guarantee = " +
                      "\"exactly-once\" (" + workflow.policy.guarantee_where.str() + ") refuses it");
    }
    return out;
}

}  // namespace photobridge::engine
