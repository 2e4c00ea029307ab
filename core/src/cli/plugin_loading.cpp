#include "cli/plugin_loading.hpp"

#include <iostream>

namespace photobridge::cli {

host::PluginRegistry load_registry(const GlobalOptions& globals) {
    host::PluginRegistry registry;
    registry.load_search_path(host::plugin_search_path(globals.plugin_dirs));
    for (const auto& problem : registry.problems()) std::cerr << "photobridge: plugin refused: " << problem << "\n";
    return registry;
}

GlobalOptions with_plugin_dirs(const GlobalOptions& globals, const std::vector<std::string>& plugin_dirs) {
    GlobalOptions merged = globals;
    merged.plugin_dirs.insert(merged.plugin_dirs.begin(), plugin_dirs.begin(), plugin_dirs.end());
    return merged;
}

std::optional<host::IsolationSettings> isolation_from_option(const std::string& isolation) {
    if (isolation == "process") return host::IsolationSettings{};
    return std::nullopt;
}

}  // namespace photobridge::cli
