#include "serve/served_workflows.hpp"

#include "engine/connections.hpp"
#include "engine/sink_guarantees.hpp"
#include "workflow/workflow_loader.hpp"

#include <algorithm>

namespace photobridge::serve {
namespace {

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
    return out;
}

// One file, or nullopt with its problems appended to `problems`.
std::optional<ServedWorkflow> load_one(const std::filesystem::path& file, const host::PluginRegistry& registry,
                                       const host::CancellationTokenPtr& abort, std::vector<std::string>& problems,
                                       model::Isolation default_isolation) {
    workflow_file::LoadResult loaded = workflow_file::load_workflow(file, registry);
    if (!loaded.workflow) {
        for (const auto& d : loaded.diagnostics) problems.push_back(d.str());
        return std::nullopt;
    }
    model::Workflow& wf = *loaded.workflow;
    model::default_isolation(wf, default_isolation);
    if (auto violations = engine::guarantee_violations(wf, registry); !violations.empty()) {
        problems.insert(problems.end(), violations.begin(), violations.end());
        return std::nullopt;
    }
    ServedWorkflow s;
    if (wf.trigger.kind == model::Trigger::Kind::webhook) {
        const model::Connection& connection = wf.connections.at(wf.source.connection);
        auto plugin = registry.find(connection.plugin);
        s.fetch = record_fetch_for(*plugin->manifest, wf.source.stream);
        if (!s.fetch) {
            problems.push_back(wf.trigger.where.str() + ": trigger.webhook: plugin " + connection.plugin +
                               " has no operation that fetches one record of stream '" + wf.source.stream +
                               "', so a webhook cannot name its records");
            return std::nullopt;
        }
        const auto* config = plugin->manifest->section("config");
        if (config != nullptr && config->contains("webhook_secret") && !connection.config.contains("webhook_secret")) {
            problems.push_back(connection.where.str() + ": connections." + connection.name +
                               ": a webhook trigger needs webhook_secret (e.g. webhook_secret = \"${env:...}\")");
            return std::nullopt;
        }
        host::InstanceOptions options;
        options.connection = connection.name;
        options.cancel = abort;
        options.isolation = engine::isolation_settings(connection);
        s.source = std::make_shared<host::PluginInstance>(plugin, connection.config, std::move(options));
        s.token_header = webhook_token_header(*plugin);
    }
    s.workflow = std::move(wf);
    return s;
}

}  // namespace

ServedWorkflow load_served_workflow(const std::filesystem::path& file, const host::PluginRegistry& registry,
                                    host::CancellationTokenPtr abort) {
    std::vector<std::string> problems;
    std::optional<ServedWorkflow> s = load_one(file, registry, abort, problems, model::Isolation::in_process);
    if (!s) throw ServeSetupError(std::move(problems));
    return std::move(*s);
}

ServeSetupError::ServeSetupError(std::vector<std::string> lines) : std::runtime_error(joined(lines)), lines_(std::move(lines)) {}

std::string webhook_token_header(const host::LoadedPlugin& plugin) {
    if (const auto* ext = plugin.extensions.webhook_verifier) return ext->token_header;
    if (const auto* op = plugin.manifest->operation("verify_webhook"))
        if (const auto* h = op->if_contains("token_header"); h != nullptr && h->is_string() && !h->get_string().empty())
            return std::string(h->get_string());
    return "X-Authenticity-Token";
}

std::map<std::string, ServedWorkflow> load_served_workflows(const std::filesystem::path& dir,
                                                            const host::PluginRegistry& registry,
                                                            host::CancellationTokenPtr abort,
                                                            model::Isolation default_isolation) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) throw ServeSetupError({dir.string() + ": not a directory"});
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".toml") files.push_back(entry.path());
    if (ec) throw ServeSetupError({dir.string() + ": cannot list: " + ec.message()});
    std::sort(files.begin(), files.end());
    if (files.empty()) throw ServeSetupError({dir.string() + ": no workflow files (*.toml)"});

    std::vector<std::string> problems;
    std::map<std::string, ServedWorkflow> served;
    std::map<std::string, std::string> first_file;
    for (const auto& file : files) {
        std::optional<ServedWorkflow> s = load_one(file, registry, abort, problems, default_isolation);
        if (!s) continue;
        const std::string name = s->workflow.name;
        if (auto [it, fresh] = first_file.emplace(name, file.string()); !fresh) {
            problems.push_back(file.string() + ":1:1: workflow name '" + name + "' is also used by " + it->second +
                               " (names must be unique: they name the state and /hooks/<name>)");
            continue;
        }
        served.emplace(name, std::move(*s));
    }
    if (!problems.empty()) throw ServeSetupError(std::move(problems));
    return served;
}

}  // namespace photobridge::serve
