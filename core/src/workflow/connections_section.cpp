// One section of the workflow file read into the model; the pass as a
// whole is described in workflow_parser.hpp. Shared helpers: parse_session.hpp.
#include "workflow/parse_session.hpp"

namespace photobridge::workflow_file {
namespace json = boost::json;
namespace {

// A connection setting with its ${env:...} references resolved.
std::optional<json::value> connection_value(ParseSession& p, const toml::node& node, const std::string& path,
                                            const std::string& connection, const std::string& key) {
    if (const auto* s = node.as_string()) {
        const EnvResolution r = resolve_env_references(s->get(), p.env);
        for (const auto& problem : r.problems)
            p.out.add(p.doc.inside_string(path, problem.offset), path + ": " + problem.message);
        for (const auto& v : r.resolved) p.notes.sensitive_values.push_back(v);
        if (!r.variables.empty())
            p.notes.env_config_keys[connection][key] = r.whole ? r.variables.front() : std::string();
        if (!r.problems.empty()) {
            p.notes.env_failed_keys[connection].insert(key);
            return json::value("");
        }
        return json::value(r.value);
    }
    if (const auto* a = node.as_array()) {
        json::array out;
        for (std::size_t i = 0; i < a->size(); ++i) {
            auto v = connection_value(p, (*a)[i], element_path(path, i), connection, key);
            if (!v) return std::nullopt;
            out.push_back(std::move(*v));
        }
        return json::value(std::move(out));
    }
    if (const auto* t = node.as_table()) {
        json::object out;
        for (auto&& [k, child] : *t) {
            auto v = connection_value(p, child, child_path(path, k.str()), connection, key);
            if (!v) return std::nullopt;
            out[k.str()] = std::move(*v);
        }
        return json::value(std::move(out));
    }
    std::string problem;
    auto v = toml_to_json(node, problem);
    if (!v) p.error(path, problem);
    return v;
}

// The keys the host reads itself, never handed to the plugin: where it runs
// (isolation) and the child's limits. True when `key` is one of them.
bool read_host_key(ParseSession& p, Connection& c, std::string_view key, const toml::node& value,
                   const std::string& path) {
    if (key == "isolation") {
        const auto* s = value.as_string();
        if (s != nullptr && s->get() == "process") c.isolation = model::Isolation::process;
        else if (s != nullptr && s->get() == "in-process") c.isolation = model::Isolation::in_process;
        else p.error(path, "expected \"process\" or \"in-process\"");
        return true;
    }
    if (key == "memory_limit_mb" || key == "call_deadline_ms") {
        const auto* i = value.as_integer();
        const std::int64_t least = key == "memory_limit_mb" ? 0 : 1;
        if (i == nullptr || i->get() < least) {
            p.error(path, key == "memory_limit_mb" ? "expected a whole number of MiB (0: no limit)"
                                                   : "expected a whole number of milliseconds, at least 1");
            return true;
        }
        (key == "memory_limit_mb" ? c.memory_limit_mb : c.call_deadline_ms) = i->get();
        return true;
    }
    return false;
}

}  // namespace

// ---- [connections.NAME]
void read_connections_section(ParseSession& p, const toml::table& t) {
    if (t.empty()) p.error("connections", "needs at least one [connections.NAME] table");
    for (auto&& [k, node] : t) {
        const std::string name(k.str());
        const std::string path = child_path("connections", name);
        p.notes.declared_connections.insert(name);
        if (!is_name(name, true, "_-", "_-")) {
            p.error_at_key(path, "connection names are letters, digits, '_' and '-'");
            continue;
        }
        const auto* table = node.as_table();
        if (table == nullptr) {
            p.error(path, "expected a table ([connections." + name + "] with plugin = \"...\"), got " +
                            toml_kind_name(node));
            continue;
        }
        Connection c;
        c.name = name;
        c.where = p.doc.value_at(path);
        for (auto&& [key, value] : *table) {
            const std::string kp = child_path(path, key.str());
            if (key.str() == "plugin") {
                if (const auto* s = value.as_string()) c.plugin = s->get();
                else p.error(kp, "expected a string, got " + toml_kind_name(value));
                continue;
            }
            if (read_host_key(p, c, key.str(), value, kp)) continue;
            auto v = connection_value(p, value, kp, name, std::string(key.str()));
            if (v) c.config[key.str()] = std::move(*v);
        }
        if (table->get("plugin") == nullptr) p.error(path, "missing required key 'plugin'");
        p.wf.connections.emplace(name, std::move(c));
    }
}

}  // namespace photobridge::workflow_file
