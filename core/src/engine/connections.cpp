#include "engine/connections.hpp"

#include "engine/connection_gate.hpp"
#include "engine/rate_limiter.hpp"

#include <stdexcept>

namespace photobridge::engine {

std::optional<host::IsolationSettings> isolation_settings(const Connection& connection) {
    if (connection.isolation != Isolation::process) return std::nullopt;
    host::IsolationSettings settings;
    if (connection.memory_limit_mb) settings.memory_limit_mb = static_cast<std::uint64_t>(*connection.memory_limit_mb);
    if (connection.call_deadline_ms) settings.call_deadline = std::chrono::milliseconds(*connection.call_deadline_ms);
    return settings;
}

Connections::Connections(const Workflow& workflow, const host::PluginRegistry& registry,
                         host::CancellationTokenPtr stop, host::CancellationTokenPtr abort) {
    host::HttpServiceOptions http_options;
    http_options.default_timeout_ms = workflow.policy.timeout_ms;
    if (http_options.connect_timeout_ms > workflow.policy.timeout_ms)
        http_options.connect_timeout_ms = workflow.policy.timeout_ms;
    http_ = std::make_shared<host::HttpService>(http_options);

    for (const auto& [name, connection] : workflow.connections) {
        auto plugin = registry.find(connection.plugin);
        if (!plugin)
            throw std::runtime_error("connection '" + name + "': no plugin with id '" + connection.plugin + "'");
        boost::json::object config = connection.config;
        // The policy's per-request timeout reaches plugins that take one,
        // unless the connection sets its own.
        if (const auto* section = plugin->manifest->section("config");
            section != nullptr && section->contains("timeout_ms") && !config.contains("timeout_ms"))
            config["timeout_ms"] = static_cast<std::int64_t>(workflow.policy.timeout_ms);

        host::InstanceOptions options;
        options.connection = name;
        options.http = http_;
        options.cancel = abort;
        std::unique_ptr<TokenBucket> bucket;
        if (auto limit = workflow.policy.rate_limit.find(name); limit != workflow.policy.rate_limit.end())
            bucket = std::make_unique<TokenBucket>(limit->second, 1.0, stop);
        options.gate = std::make_shared<ConnectionGate>(std::move(bucket), stop);
        options.isolation = isolation_settings(connection);
        auto instance = std::make_shared<host::PluginInstance>(plugin, config, std::move(options));
        for (const auto& key : plugin->manifest->secret_config_keys())
            if (const auto* v = config.if_contains(key); v != nullptr && v->is_string())
                redactor_.add(std::string(v->get_string()));
        instances_.emplace(name, std::move(instance));
    }
    for (const auto& value : workflow.sensitive_values) redactor_.add(value);
}

const host::PluginInstance& Connections::instance(const std::string& connection) const {
    auto it = instances_.find(connection);
    if (it == instances_.end()) throw std::out_of_range("no connection named '" + connection + "'");
    return *it->second;
}

std::uint64_t Connections::http_requests() const noexcept {
    std::uint64_t total = 0;
    for (const auto& [_, instance] : instances_) total += instance->http_requests();
    return total;
}

}  // namespace photobridge::engine
