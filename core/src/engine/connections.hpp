// The live plugin instances of a workflow's connections, configured for a
// run: the engine's cancellation, the connection's rate limit as the
// instance's request gate, and the policy's per-request timeout.
#pragma once

#include "model/workflow.hpp"
#include "host/cancellation.hpp"
#include "host/http_service.hpp"
#include "host/plugin_instance.hpp"
#include "host/plugin_registry.hpp"
#include "host/secret_redactor.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace photobridge::engine {
using namespace photobridge::model;  // the run and the parser speak the model's types

// How `connection`'s plugin is isolated: the settings of its child process
// (isolation = "process": its memory_limit_mb and call_deadline_ms, or the
// defaults), nullopt when it runs in-process.
std::optional<host::IsolationSettings> isolation_settings(const Connection& connection);

// Thread contract: built on one thread; afterwards read-only, and instance()
// results may be used from any thread (PluginInstance::invoke is any-thread).
class Connections {
public:
    // Creates one instance per [connections.NAME]. `abort` cancels in-flight
    // HTTP requests; `stop` makes callers waiting for a rate-limit slot give
    // up. Throws host::InvokeError when a plugin refuses its config and
    // std::runtime_error when a plugin is not in `registry`.
    Connections(const Workflow& workflow, const host::PluginRegistry& registry, host::CancellationTokenPtr stop,
                host::CancellationTokenPtr abort);

    // Throws std::out_of_range naming the connection when it does not exist.
    const host::PluginInstance& instance(const std::string& connection) const;
    // Every secret of every connection: for text that mixes connections
    // (summaries, dead letters, dry-run output).
    const host::SecretRedactor& redactor() const noexcept { return redactor_; }
    // HTTP requests sent by all instances so far.
    std::uint64_t http_requests() const noexcept;

private:
    std::shared_ptr<const host::HttpService> http_;
    std::map<std::string, std::shared_ptr<host::PluginInstance>> instances_;
    host::SecretRedactor redactor_;
};

}  // namespace photobridge::engine
