#include "workflow/workflow_validation.hpp"

#include "workflow/composite_steps.hpp"
#include "workflow/toml_reading.hpp"
#include "workflow/params_validation.hpp"
#include "workflow/record_shapes.hpp"

#include <charconv>

namespace photobridge::workflow_file {
namespace json = boost::json;
namespace {

std::vector<std::string> names_in(const sdk::Manifest& manifest, const char* section) {
    std::vector<std::string> out;
    if (const auto* s = manifest.section(section))
        for (const auto& [k, _] : *s) out.emplace_back(k);
    return out;
}

std::string config_type(const sdk::Manifest& manifest, std::string_view key) {
    if (const auto* c = manifest.section("config"))
        if (const auto* e = c->if_contains(key))
            if (const auto* o = e->if_object())
                if (const auto* t = o->if_contains("type"); t != nullptr && t->is_string()) return std::string(t->get_string());
    return {};
}

// An environment value converted to the setting's declared type, or
// nullopt when it does not fit.
std::optional<json::value> typed_env_value(const std::string& type, const std::string& text) {
    if (type == "integer") {
        std::int64_t n = 0;
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
        if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
        return json::value(n);
    }
    if (type == "number") {
        boost::system::error_code ec;
        json::value v = json::parse(text, ec);
        if (ec || !v.is_number()) return std::nullopt;
        return v;
    }
    if (type == "boolean") {
        if (text == "true") return json::value(true);
        if (text == "false") return json::value(false);
        return std::nullopt;
    }
    return json::value(text);
}

bool output_has_bytes(const json::object& operation) {
    const auto* o = operation.if_contains("output");
    if (o == nullptr || !o->is_string()) return false;
    const std::string_view s = o->get_string();
    return s == "bytes" || s.find("+bytes") != std::string_view::npos;
}

bool requires_input_bytes(const json::object& operation) {
    const auto* ib = operation.if_contains("input_bytes");
    if (ib == nullptr || !ib->is_object()) return false;
    const auto* r = ib->get_object().if_contains("required");
    return r != nullptr && r->is_bool() && r->get_bool();
}

class ReferenceChecker {
public:
    ReferenceChecker(Workflow& wf, const TomlDocument& doc, ParseNotes& notes, const host::PluginRegistry& registry,
                     Diagnostics& out)
        : wf_(wf), doc_(doc), notes_(notes), registry_(registry), out_(out) {}

    PluginFacts run() {
        facts_.step_has_result.assign(wf_.steps.size(), false);
        facts_.step_produces_bytes.assign(wf_.steps.size(), false);
        facts_.step_needs_bytes.assign(wf_.steps.size(), false);
        facts_.sink_needs_bytes.assign(wf_.sinks.size(), false);
        facts_.sink_label.assign(wf_.sinks.size(), std::string());
        for (auto& [name, connection] : wf_.connections) check_connection(connection);
        if (notes_.source_usable) check_source();
        for (std::size_t i = 0; i < wf_.steps.size(); ++i) check_step(i);
        for (std::size_t i = 0; i < wf_.sinks.size(); ++i) check_sink(i);
        if (notes_.source_usable) check_trigger();
        return facts_;
    }

private:
    void error(const std::string& path, const std::string& message) { out_.add(doc_.value_at(path), path + ": " + message); }

    // The plugin of a connection, when both are known.
    host::LoadedPluginPtr plugin_of(const std::string& connection) const {
        auto it = wf_.connections.find(connection);
        if (it == wf_.connections.end() || it->second.plugin.empty()) return nullptr;
        return registry_.find(it->second.plugin);
    }

    void check_connection(Connection& c) {
        const std::string path = child_path("connections", c.name);
        if (c.plugin.empty()) return;  // reported by the parser
        const auto plugin = registry_.find(c.plugin);
        if (!plugin) {
            std::vector<std::string> known;
            for (const auto& p : registry_.plugins()) known.push_back(p->id);
            std::string hint = known.empty() ? " (no plugins were found: check --plugin-dir and PHOTOBRIDGE_PLUGIN_PATH)"
                                             : suggestion_suffix(c.plugin, known);
            error(child_path(path, "plugin"), "unknown plugin '" + c.plugin + "'" + hint);
            return;
        }
        const sdk::Manifest& manifest = *plugin->manifest;
        ParamsCheck check{path, "plugin " + c.plugin, "setting", false, {}, {}};
        for (const auto& secret : manifest.secret_config_keys()) {
            check.hidden_values.insert(secret);
            if (const auto* v = c.config.if_contains(secret); v != nullptr && v->is_string())
                notes_.sensitive_values.emplace_back(v->get_string());
        }
        const auto failed = notes_.env_failed_keys.find(c.name);
        const auto env_failed = [&](const std::string& key) {
            return failed != notes_.env_failed_keys.end() && failed->second.count(key) != 0;
        };
        if (auto env_keys = notes_.env_config_keys.find(c.name); env_keys != notes_.env_config_keys.end()) {
            for (const auto& [key, variable] : env_keys->second) {
                check.hidden_values.insert(key);
                if (env_failed(key)) {
                    check.skipped_keys.insert(key);
                    continue;
                }
                auto* v = c.config.if_contains(key);
                if (variable.empty() || v == nullptr || !v->is_string()) continue;
                const std::string type = config_type(manifest, key);
                if (type.empty() || type == "string") continue;
                if (auto typed = typed_env_value(type, std::string(v->get_string()))) {
                    *v = std::move(*typed);
                } else {
                    error(child_path(path, key), "${env:" + variable + "} must hold " +
                                                     (type == "integer"   ? std::string("an integer")
                                                      : type == "boolean" ? std::string("true or false")
                                                                          : "a " + type) +
                                                     " for this setting");
                    check.skipped_keys.insert(key);
                }
            }
        }
        if (failed != notes_.env_failed_keys.end())
            check.skipped_keys.insert(failed->second.begin(), failed->second.end());
        check_params(c.config, manifest.config_schema(), doc_, check, out_);
    }

    void check_source() {
        Source& s = wf_.source;
        const auto plugin = plugin_of(s.connection);
        if (!plugin) return;
        const sdk::Manifest& manifest = *plugin->manifest;
        const json::object* stream = manifest.stream(s.stream);
        if (stream == nullptr) {
            const auto known = names_in(manifest, "streams");
            error("source.stream", "plugin '" + plugin->id + "' has no stream '" + s.stream + "'" +
                                       (known.empty() ? std::string(" (it has no streams: it can only be a sink or a step)")
                                                      : suggestion_suffix(s.stream, known)));
            return;
        }
        if (const auto* r = stream->if_contains("record"); r != nullptr && r->is_string())
            facts_.record_kind = std::string(r->get_string());
        const std::string owner = plugin->id + "." + s.stream;
        check_params(notes_.source_params, sdk::Manifest::schema_of(*stream, "params"), doc_,
                     ParamsCheck{"source.params", "stream " + owner, "parameter", false, {}, {}}, out_);
        if (s.page_size) {
            if (const auto* ps = stream->if_contains("page_size"); ps != nullptr && ps->is_object())
                if (const auto* max = ps->get_object().if_contains("maximum"); max != nullptr && max->is_int64())
                    if (*s.page_size > max->get_int64())
                        error("source.page_size", "stream " + owner + " serves at most " +
                                                      std::to_string(max->get_int64()) + " records per page");
        }
        if (s.since) {
            const auto* inc = stream->if_contains("incremental");
            if (inc == nullptr || !inc->is_object())
                error("source.since", "stream " + owner +
                                          " is not incremental (its manifest names no incremental field), so it "
                                          "cannot start from a date");
        }
    }

    const json::object* operation_or_error(const host::LoadedPlugin& plugin, const std::string& name,
                                           const std::string& path) {
        if (const json::object* op = plugin.manifest->operation(name)) return op;
        const auto known = names_in(*plugin.manifest, "operations");
        error(path, "plugin '" + plugin.id + "' has no operation '" + name + "'" +
                        (known.empty() ? std::string(" (it has no operations)") : suggestion_suffix(name, known)));
        return nullptr;
    }

    void check_step(std::size_t i) {
        if (!notes_.steps[i].usable) return;
        Step& s = wf_.steps[i];
        const std::string path = element_path("steps", i);
        if (s.kind == Step::Kind::download) {
            facts_.step_produces_bytes[i] = true;
            facts_.step_has_result[i] = true;  // {size, variant} and what download_media returns
            if (!notes_.source_usable) return;
            const auto plugin = plugin_of(wf_.source.connection);
            if (!plugin) return;
            if (!host::downloads_media(*plugin))
                error(path, "download steps call the source plugin's download_media operation, and plugin '" +
                                plugin->id + "' has none");
            if (!facts_.record_kind.empty() && is_canonical_kind(facts_.record_kind) &&
                canonical_path_problem(facts_.record_kind, "media.0.url").has_value())
                error(path, "stream '" + wf_.source.stream + "' gives " + facts_.record_kind +
                                " records, which have no media to download");
            return;
        }
        if (s.kind == Step::Kind::composite) return check_composite_step(i);
        if (s.kind != Step::Kind::invoke) return;
        facts_.step_has_result[i] = true;
        facts_.step_needs_bytes[i] = s.send_bytes;
        const auto plugin = plugin_of(s.connection);
        if (!plugin) return;
        const json::object* op = operation_or_error(*plugin, s.operation, child_path(path, "operation"));
        if (op == nullptr) return;
        const std::string owner = plugin->id + "." + s.operation;
        if (notes_.steps[i].params_parsed)
            check_params(notes_.steps[i].params, sdk::Manifest::schema_of(*op, "input"), doc_,
                         ParamsCheck{child_path(path, "params"), owner, "parameter", true, {}, {}}, out_);
        if (requires_input_bytes(*op) && !s.send_bytes)
            error(path, owner + " needs input bytes: add send_bytes = true (after a step that fetches them)");
        if (s.keep_bytes_from_result) {
            if (output_has_bytes(*op)) facts_.step_produces_bytes[i] = true;
            else error(child_path(path, "keep_bytes"), owner + " returns no bytes, so there are none to keep");
        }
    }

    // [trigger] webhook = "PLUGIN": the source connection's plugin, which
    // must verify its webhooks (a verify_webhook operation).
    void check_trigger() {
        if (wf_.trigger.kind != Trigger::Kind::webhook) return;
        auto it = wf_.connections.find(wf_.source.connection);
        if (it == wf_.connections.end() || it->second.plugin.empty()) return;
        const std::string& plugin_id = it->second.plugin;
        if (wf_.trigger.webhook != plugin_id) {
            error("trigger.webhook", "must be the plugin of the source connection '" + wf_.source.connection +
                                         "' (\"" + plugin_id + "\"): webhooks are verified and read by the source's plugin");
            return;
        }
        const auto plugin = registry_.find(plugin_id);
        if (!plugin) return;  // reported with the connection
        if (!host::verifies_webhooks(*plugin))
            error("trigger.webhook", "plugin " + plugin_id + " cannot receive webhooks (it has no verify_webhook operation)");
    }

    // use = "PLUGIN.NAME": a connection of PLUGIN, which declares the
    // composite step NAME well and has every operation of its chain;
    // settings its declaration accepts; no other step taking an id of the
    // chain (composite_steps.hpp).
    void check_composite_step(std::size_t i) {
        const Step& s = wf_.steps[i];
        const std::string path = element_path("steps", i);
        facts_.step_has_result[i] = true;
        const std::size_t dot = s.composite.find('.');
        const std::string plugin_id = s.composite.substr(0, dot);
        const std::string name = dot == std::string::npos ? std::string() : s.composite.substr(dot + 1);
        const auto connection = wf_.connections.find(s.connection);
        if (connection == wf_.connections.end() || connection->second.plugin.empty()) return;
        if (connection->second.plugin != plugin_id) {
            error(child_path(path, "connection"), s.composite + " steps need a " + plugin_id +
                                                      " connection, and connection '" + s.connection +
                                                      "' uses plugin '" + connection->second.plugin + "'");
            return;
        }
        const auto plugin = plugin_of(s.connection);
        if (!plugin) return;  // unknown plugin: reported with the connection
        std::string problem;
        const auto declaration = find_composite_declaration(*plugin, name, problem);
        if (!declaration) {
            if (!problem.empty()) {
                error(child_path(path, "use"), "plugin '" + plugin_id + "' declares " + s.composite +
                                                   " wrongly in its manifest (" + problem + ")");
                return;
            }
            std::vector<std::string> known;
            for (const std::string& c : declared_composite_steps(registry_))
                if (c.compare(0, plugin_id.size() + 1, plugin_id + ".") == 0) known.push_back(c.substr(plugin_id.size() + 1));
            error(child_path(path, "use"), "plugin '" + plugin_id + "' declares no composite step '" + name + "'" +
                                               (known.empty() ? std::string(" (it declares none)")
                                                              : suggestion_suffix(name, known)));
            return;
        }
        const std::vector<std::string> ids = composite_part_ids(s.id, *declaration);
        for (std::size_t part = 0; part + 1 < ids.size(); ++part) {
            for (std::size_t k = 0; k < wf_.steps.size(); ++k) {
                if (k == i || wf_.steps[k].id != ids[part]) continue;
                std::string runs_as;
                for (std::size_t n = 0; n < ids.size(); ++n)
                    runs_as += (n == 0 ? "" : n + 1 == ids.size() ? " and " : ", ") + ids[n];
                error(child_path(element_path("steps", k), "id"), "step id '" + ids[part] + "' is reserved: " +
                                                                      s.composite + " step '" + s.id + "' runs as " +
                                                                      runs_as);
            }
        }
        bool bytes_kept = false;
        for (const CompositePart& part : declaration->chain) {
            const json::object* op = plugin->manifest->operation(part.operation);
            if (op == nullptr) {
                error(path, s.composite + " needs operation '" + part.operation + "', which this build's " + plugin_id +
                                " plugin lacks");
                return;
            }
            if (part.send_bytes && !bytes_kept) facts_.step_needs_bytes[i] = true;
            if (part.keep_bytes) bytes_kept = true;
        }
        facts_.step_produces_bytes[i] = bytes_kept;
        // Each setting takes its schema from an input property of one of the
        // plugin's operations: checked with it, at its place in this step.
        json::object properties;
        json::array required;
        for (const CompositeParam& param : declaration->params) {
            const json::object* op = plugin->manifest->operation(param.from_operation);
            const json::value& input = op != nullptr ? sdk::Manifest::schema_of(*op, "input") : json::value();
            const json::value* all = input.is_object() ? input.get_object().if_contains("properties") : nullptr;
            const json::value* schema =
                all != nullptr && all->is_object() ? all->get_object().if_contains(param.from_property) : nullptr;
            if (schema == nullptr) {
                error(child_path(path, "use"), "plugin '" + plugin_id + "' declares " + s.composite +
                                                   " wrongly in its manifest (setting '" + param.name + "' comes from " +
                                                   param.from_operation + "." + param.from_property +
                                                   ", which is no input property)");
                return;
            }
            properties[param.name] = *schema;
            if (param.required) required.push_back(json::string(param.name));
        }
        json::object schema{{"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(required)},
                            {"additionalProperties", false}};
        check_params(s.composite_params, schema, doc_, ParamsCheck{path, s.composite, "setting", false, {}, {}}, out_);
    }

    void check_sink(std::size_t i) {
        if (!notes_.sinks[i].usable) return;
        const Sink& s = wf_.sinks[i];
        const std::string path = element_path("sinks", i);
        const auto plugin = plugin_of(s.connection);
        if (!plugin) return;
        const json::object* op = operation_or_error(*plugin, s.action, child_path(path, "action"));
        if (op == nullptr) return;
        const std::string owner = plugin->id + "." + s.action;
        facts_.sink_label[i] = owner;
        facts_.sink_needs_bytes[i] = requires_input_bytes(*op);
        if (notes_.sinks[i].params_parsed)
            check_params(notes_.sinks[i].params, sdk::Manifest::schema_of(*op, "input"), doc_,
                         ParamsCheck{child_path(path, "params"), owner, "parameter", true, {}, {}}, out_);
    }

    Workflow& wf_;
    const TomlDocument& doc_;
    ParseNotes& notes_;
    const host::PluginRegistry& registry_;
    Diagnostics& out_;
    PluginFacts facts_;
};

}  // namespace

PluginFacts check_plugin_references(Workflow& wf, const TomlDocument& doc, ParseNotes& notes,
                                    const host::PluginRegistry& registry, Diagnostics& out) {
    return ReferenceChecker(wf, doc, notes, registry, out).run();
}

}  // namespace photobridge::workflow_file
