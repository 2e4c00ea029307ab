// Loading the plugin registry the way every subcommand does: search path
// from --plugin-dir, PHOTOBRIDGE_PLUGIN_PATH and the build folder; each
// refused file reported as one line on stderr.
#pragma once

#include "cli/command.hpp"
#include "host/isolated_instance.hpp"
#include "host/plugin_registry.hpp"

#include <optional>
#include <string>

namespace photobridge::cli {

host::PluginRegistry load_registry(const GlobalOptions& globals);

// `globals` with a subcommand's own --plugin-dir folders searched first.
GlobalOptions with_plugin_dirs(const GlobalOptions& globals, const std::vector<std::string>& plugin_dirs);

// The --isolation of call and test-read: a plugin-host child with the
// default settings for "process", nullopt (this process) for "in-process".
std::optional<host::IsolationSettings> isolation_from_option(const std::string& isolation);

}  // namespace photobridge::cli
