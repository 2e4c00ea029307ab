#include "workflow/composite_steps.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace photobridge::workflow_file {
namespace json = boost::json;
namespace {

constexpr std::string_view kParamsPrefix = "{params.";

std::string key_path(const std::string& step, std::string_view key) {
    std::string out = "composite_steps.";
    out.append(step).append(".").append(key);
    return out;
}

const json::string* string_at(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr ? v->if_string() : nullptr;
}

bool flag(const json::object& o, std::string_view key, bool& out, std::string& problem, const std::string& where) {
    const auto* v = o.if_contains(key);
    if (v == nullptr) return true;
    if (!v->is_bool()) {
        problem = where + "." + std::string(key) + ": expected true or false";
        return false;
    }
    out = v->get_bool();
    return true;
}

bool read_params(const json::object& decl, CompositeDeclaration& out, std::string& problem) {
    const auto* params = decl.if_contains("params");
    if (params == nullptr) return true;
    const std::string where = key_path(out.name, "params");
    if (!params->is_object()) {
        problem = where + ": expected an object of NAME = {from = \"OPERATION.PROPERTY\"}";
        return false;
    }
    for (const auto& [name, spec] : params->get_object()) {
        const std::string at = where + "." + std::string(name);
        const auto* o = spec.if_object();
        const json::string* from = o != nullptr ? string_at(*o, "from") : nullptr;
        const std::string_view text = from != nullptr ? std::string_view(*from) : std::string_view();
        const std::size_t dot = text.find('.');
        if (dot == std::string_view::npos || dot == 0 || dot + 1 == text.size()) {
            problem = at + ".from: expected \"OPERATION.PROPERTY\" (the input property whose schema it takes)";
            return false;
        }
        CompositeParam param;
        param.name = std::string(name);
        param.from_operation = std::string(text.substr(0, dot));
        param.from_property = std::string(text.substr(dot + 1));
        if (!flag(*o, "required", param.required, problem, at)) return false;
        out.params.push_back(std::move(param));
    }
    return true;
}

bool read_chain(const json::object& decl, CompositeDeclaration& out, std::string& problem) {
    const std::string where = key_path(out.name, "chain");
    const auto* chain = decl.if_contains("chain");
    if (chain == nullptr || !chain->is_array() || chain->get_array().empty()) {
        problem = where + ": expected a non-empty array of parts";
        return false;
    }
    std::set<std::string> ids;
    for (std::size_t i = 0; i < chain->get_array().size(); ++i) {
        const std::string at = where + "[" + std::to_string(i) + "]";
        const auto* o = chain->get_array()[i].if_object();
        if (o == nullptr) {
            problem = at + ": expected an object";
            return false;
        }
        CompositePart part;
        const json::string* id = string_at(*o, "id");
        const json::string* operation = string_at(*o, "operation");
        if (id == nullptr || id->empty() || operation == nullptr || operation->empty()) {
            problem = at + ": needs an id and an operation (strings)";
            return false;
        }
        part.id = std::string(*id);
        part.operation = std::string(*operation);
        if (!ids.insert(part.id).second) {
            problem = at + ".id: '" + part.id + "' is used twice";
            return false;
        }
        if (const auto* input = o->if_contains("input")) {
            if (!input->is_object()) {
                problem = at + ".input: expected an object";
                return false;
            }
            part.input = input->get_object();
        }
        if (!flag(*o, "send_bytes", part.send_bytes, problem, at) ||
            !flag(*o, "keep_bytes", part.keep_bytes, problem, at))
            return false;
        out.chain.push_back(std::move(part));
    }
    return true;
}

// A part's input with the step's settings put in and the chain's own step
// names made the workflow's (see composite_steps.hpp).
json::value bind_input(const json::value& v, const json::object& settings, const std::vector<std::string>& local_ids,
                       const std::vector<std::string>& part_ids, bool& keep) {
    keep = true;
    if (const auto* s = v.if_string()) {
        std::string text(*s);
        if (text.size() > kParamsPrefix.size() + 1 && text.compare(0, kParamsPrefix.size(), kParamsPrefix) == 0 &&
            text.back() == '}' && text.find('{', 1) == std::string::npos) {
            const std::string name = text.substr(kParamsPrefix.size(), text.size() - kParamsPrefix.size() - 1);
            const auto* value = settings.if_contains(name);
            if (value == nullptr) {
                keep = false;
                return nullptr;
            }
            return *value;
        }
        for (std::size_t i = 0; i < local_ids.size(); ++i) {
            const std::string from = "{steps." + local_ids[i] + ".";
            const std::string to = "{steps." + part_ids[i] + ".";
            for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
                text.replace(at, from.size(), to);
        }
        return json::value(json::string(text));
    }
    if (const auto* o = v.if_object()) {
        json::object out;
        for (const auto& [key, child] : *o) {
            bool child_kept = true;
            json::value bound = bind_input(child, settings, local_ids, part_ids, child_kept);
            if (child_kept) out[key] = std::move(bound);
        }
        return out;
    }
    if (const auto* a = v.if_array()) {
        json::array out;
        for (const auto& child : *a) {
            bool child_kept = true;
            json::value bound = bind_input(child, settings, local_ids, part_ids, child_kept);
            if (child_kept) out.push_back(std::move(bound));
        }
        return out;
    }
    return v;
}

}  // namespace

std::vector<std::string> declared_composite_steps(const host::PluginRegistry& registry) {
    std::vector<std::string> out;
    for (const auto& plugin : registry.plugins()) {
        const auto* section = plugin->manifest->document().if_contains("composite_steps");
        if (section == nullptr || !section->is_object()) continue;
        for (const auto& [name, _] : section->get_object()) out.push_back(plugin->id + "." + std::string(name));
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<CompositeDeclaration> find_composite_declaration(const host::LoadedPlugin& plugin,
                                                               const std::string& name, std::string& problem) {
    problem.clear();
    const auto* section = plugin.manifest->document().if_contains("composite_steps");
    if (section == nullptr) return std::nullopt;
    if (!section->is_object()) {
        problem = "composite_steps: expected an object";
        return std::nullopt;
    }
    const auto* decl = section->get_object().if_contains(name);
    if (decl == nullptr) return std::nullopt;
    CompositeDeclaration out;
    out.plugin = plugin.id;
    out.name = name;
    if (!decl->is_object()) {
        problem = key_path(name, "") + ": expected an object";
        return std::nullopt;
    }
    if (const json::string* d = string_at(decl->get_object(), "description")) out.description = std::string(*d);
    if (!read_params(decl->get_object(), out, problem) || !read_chain(decl->get_object(), out, problem))
        return std::nullopt;
    return out;
}

std::vector<std::string> composite_part_ids(const std::string& step_id, const CompositeDeclaration& declaration) {
    std::vector<std::string> ids;
    for (std::size_t i = 0; i + 1 < declaration.chain.size(); ++i)
        ids.push_back(step_id + "__" + declaration.chain[i].id);
    ids.push_back(step_id);
    return ids;
}

void expand_composite_steps(Workflow& workflow, const host::PluginRegistry& registry) {
    for (Step& step : workflow.steps) {
        if (step.kind != Step::Kind::composite) continue;
        const auto connection = workflow.connections.find(step.connection);
        const auto plugin = connection == workflow.connections.end() ? nullptr : registry.find(connection->second.plugin);
        const std::size_t dot = step.composite.find('.');
        std::string problem;
        std::optional<CompositeDeclaration> declaration;
        if (plugin && dot != std::string::npos)
            declaration = find_composite_declaration(*plugin, step.composite.substr(dot + 1), problem);
        if (!declaration)
            throw std::logic_error("step " + step.id + ": no declaration of " + step.composite +
                                   " (validation should have refused the workflow)");
        std::vector<std::string> local_ids;
        for (const auto& part : declaration->chain) local_ids.push_back(part.id);
        const std::vector<std::string> part_ids = composite_part_ids(step.id, *declaration);
        step.chain.clear();
        for (std::size_t i = 0; i < declaration->chain.size(); ++i) {
            const CompositePart& part = declaration->chain[i];
            Step s;
            s.kind = Step::Kind::invoke;
            s.id = part_ids[i];
            s.after = i == 0 ? step.after : part_ids[i - 1];
            s.connection = step.connection;
            s.operation = part.operation;
            bool kept = true;
            s.params = RecordTemplateObject(
                bind_input(part.input, step.composite_params, local_ids, part_ids, kept).as_object());
            s.send_bytes = part.send_bytes;
            s.keep_bytes_from_result = part.keep_bytes;
            s.when = step.when;
            s.where = step.where;
            step.chain.push_back(std::move(s));
        }
    }
}

}  // namespace photobridge::workflow_file
