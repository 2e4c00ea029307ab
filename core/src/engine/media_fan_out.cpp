#include "engine/media_fan_out.hpp"

#include "engine/content_hash.hpp"
#include "engine/sink_contract.hpp"
#include "model/record_path.hpp"

#include <algorithm>

namespace photobridge::engine {
namespace json = boost::json;
namespace {

std::size_t step_index(const Workflow& wf, const std::string& id) {
    for (std::size_t i = 0; i < wf.steps.size(); ++i)
        if (wf.steps[i].id == id) return i;
    return wf.steps.size();
}

// The steps from the source to `after`, nearest first (a validated
// workflow's `after` links form a tree).
std::vector<std::size_t> path_to(const Workflow& wf, std::string after) {
    std::vector<std::size_t> out;
    while (!after.empty() && out.size() <= wf.steps.size()) {
        const std::size_t i = step_index(wf, after);
        if (i == wf.steps.size()) break;
        out.push_back(i);
        after = wf.steps[i].after;
    }
    return out;
}

std::string variant_name(const json::value& media_entry, std::size_t index) {
    if (const auto* o = media_entry.if_object())
        if (const auto* v = o->if_contains("variant"); v != nullptr && v->is_string() && !v->get_string().empty())
            return std::string(v->get_string());
    return std::to_string(index);
}

bool selects(const Step& step, const std::string& variant) {
    if (step.every_variant) return true;
    return std::find(step.variant_list.begin(), step.variant_list.end(), variant) != step.variant_list.end();
}

}  // namespace

MediaFanOut::MediaFanOut(const Workflow& workflow) : workflow_(workflow) {
    for (const auto& sink : workflow.sinks) {
        std::optional<std::size_t> fan_out;
        for (std::size_t step : path_to(workflow, sink.after))
            if (workflow.steps[step].fans_out()) fan_out = step;
        sink_fan_out_.push_back(fan_out);
        any_ = any_ || fan_out.has_value();
    }
}

std::vector<MediaFanOut::Unit> MediaFanOut::units(const json::value& record) const {
    std::vector<Unit> out;
    Unit whole;
    for (std::size_t s = 0; s < sink_fan_out_.size(); ++s)
        if (!sink_fan_out_[s]) whole.sinks.push_back(s);
    if (!whole.sinks.empty()) out.push_back(std::move(whole));
    if (!any_) return out;
    const json::value* media = find_path(record, "media");
    if (media == nullptr || !media->is_array()) return out;
    const json::array& entries = media->get_array();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        Unit unit;
        unit.entry = MediaEntry{i, variant_name(entries[i], i)};
        for (std::size_t s = 0; s < sink_fan_out_.size(); ++s)
            if (sink_fan_out_[s] && selects(workflow_.steps[*sink_fan_out_[s]], unit.entry->variant)) unit.sinks.push_back(s);
        if (!unit.sinks.empty()) out.push_back(std::move(unit));
    }
    return out;
}

std::string entry_key(const std::string& record_key, const MediaEntry& entry) {
    return record_key + ":" + entry.variant;
}

std::string entry_content_hash(const json::value& record, const MediaEntry& entry) {
    if (!record.is_object()) return content_hash(record);
    json::object only_entry(record.get_object(), json::storage_ptr());  // not the page's arena
    const json::value* media = record.get_object().if_contains("media");
    json::array one;
    if (media != nullptr && media->is_array() && entry.index < media->get_array().size())
        one.push_back(media->get_array()[entry.index]);
    only_entry["media"] = std::move(one);
    return content_hash(json::value(std::move(only_entry)));
}

void add_entry_fields(json::value& record, const MediaEntry& entry) {
    if (auto* o = record.if_object()) {
        (*o)["variant"] = entry.variant;
        (*o)["variant_index"] = static_cast<std::int64_t>(entry.index);
    }
}

json::value record_for_entry(const json::value& record, const MediaEntry& entry) {
    json::value out(record, json::storage_ptr());
    add_entry_fields(out, entry);
    return out;
}

std::vector<std::string> fan_out_violations(const Workflow& workflow, const host::PluginRegistry& registry) {
    std::vector<std::string> out;
    const MediaFanOut fan_out(workflow);
    if (!fan_out.any()) return out;
    for (std::size_t s = 0; s < workflow.sinks.size(); ++s) {
        const auto step = fan_out.fan_out_step_of_sink(s);
        if (!step) continue;
        const Sink& sink = workflow.sinks[s];
        const auto plugin = registry.find(workflow.connections.at(sink.connection).plugin);
        if (!plugin) continue;
        const SinkContract contract = read_sink_contract(*plugin, sink.action);
        // The steps whose results differ per entry: the fan-out step and
        // those after it on the way to this sink.
        std::vector<std::string> per_entry_steps;
        for (std::size_t at : path_to(workflow, sink.after)) {
            per_entry_steps.push_back("steps." + workflow.steps[at].id);
            if (at == *step) break;
        }
        const auto varies = [&](const json::value& value) {
            const auto* text = value.if_string();
            if (text == nullptr) return false;
            try {
                for (const std::string& path : RecordTemplate(std::string(*text)).paths()) {
                    if (path == "variant" || path == "variant_index") return true;
                    for (const auto& prefix : per_entry_steps)
                        if (path == prefix || path.rfind(prefix + ".", 0) == 0) return true;
                }
            } catch (const TemplateSyntaxError&) {
            }
            return false;
        };
        for (const std::string& field : contract.lookup_by) {
            const json::value* value = sink.params.literal().if_contains(field);
            if (value == nullptr || value->is_null() || varies(*value)) continue;  // unset: filled from the key, or none
            out.push_back(sink.where.str() + ": sinks." + sink.id + ".params." + field + ": step '" +
                          workflow.steps[*step].id + "' sends every photo of a record on its own, and this gives " +
                          "them all the same " + field + " (" + plugin->id + " finds its writes by it, so the " +
                          "second photo would be taken for the first): put {variant} or {variant_index} in it" +
                          (contract.key_into ? ", or leave it out (it then comes from the key)" : ""));
        }
    }
    return out;
}

}  // namespace photobridge::engine
