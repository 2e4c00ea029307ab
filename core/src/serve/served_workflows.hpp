// The workflows `photobridge serve DIR` runs: every *.toml in DIR loaded and
// validated like `run` does, plus what serving needs beyond that (unique
// names; for a webhook trigger, an operation that fetches one record of the
// source stream and, when the plugin declares it, a webhook_secret).
//
// Thread contract: built on one thread; read-only afterwards (the plugin
// instances are [any-thread]).
#pragma once

#include "workflow/toml_reading.hpp"
#include "model/workflow.hpp"
#include "host/cancellation.hpp"
#include "host/plugin_instance.hpp"
#include "host/plugin_registry.hpp"
#include "serve/webhook_event_reference.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace photobridge::serve {

struct ServedWorkflow {
    model::Workflow workflow;
    // Webhook workflows only: the source connection's plugin instance, which
    // verifies deliveries (verify_webhook) and fetches the record an event
    // names (`fetch`).
    std::shared_ptr<host::PluginInstance> source;
    std::optional<RecordFetch> fetch;
    std::string token_header;  // where the delivery's token is (e.g. X-Authenticity-Token)
};

// Every problem found while loading DIR, as "FILE:LINE:COLUMN: message"
// lines (secrets never included). Maps to exit code 2.
class ServeSetupError : public std::runtime_error {
public:
    explicit ServeSetupError(std::vector<std::string> lines);
    const std::vector<std::string>& lines() const noexcept { return lines_; }

private:
    std::vector<std::string> lines_;
};

// The header a plugin's webhooks carry their token in: its webhook-verifier
// extension's token_header; for an ABI 1.0 plugin the verify_webhook
// operation's "token_header" when the manifest has one, else
// X-Authenticity-Token (Snapbar's).
std::string webhook_token_header(const host::LoadedPlugin& plugin);

// Loads DIR/*.toml in name order. `abort` cancels the instances' HTTP.
// Throws ServeSetupError (bad files, no files, duplicate names) or
// host::InvokeError (a plugin refused its config).
// `default_isolation` is set on every connection that has no `isolation`.
std::map<std::string, ServedWorkflow> load_served_workflows(
    const std::filesystem::path& dir, const host::PluginRegistry& registry, host::CancellationTokenPtr abort,
    model::Isolation default_isolation = model::Isolation::in_process);

// One workflow file, loaded as serve loads each file of DIR (for
// `photobridge state events --retry`). Throws like load_served_workflows.
ServedWorkflow load_served_workflow(const std::filesystem::path& file, const host::PluginRegistry& registry,
                                    host::CancellationTokenPtr abort);

}  // namespace photobridge::serve
