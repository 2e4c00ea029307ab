// The set of plugins the host knows, found on the plugin search path.
#pragma once

#include "host/plugin_loader.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace photobridge::host {

// Directories searched for plugins, in order: each --plugin-dir, then each
// entry of PHOTOBRIDGE_PLUGIN_PATH (':'-separated), then the installed
// plugin folder next to the running executable (installed_plugin_dir())
// when it exists, otherwise the build's plugin folder. Missing directories
// are skipped when loading.
std::vector<std::filesystem::path> plugin_search_path(const std::vector<std::string>& cli_dirs);

// <directory of /proc/self/exe>/../lib/photobridge/plugins (the install
// layout, cmake/PhotobridgeInstall.cmake), whether or not it exists; empty
// when the executable's path is unknown.
std::filesystem::path installed_plugin_dir();

// Not thread-safe while loading; read-only use afterwards is [any-thread].
class PluginRegistry {
public:
    // Loads every file named photobridge-*.so in `dir` (sorted by name),
    // then the definition files in `dir` of every plugin factory known
    // (ext/plugin_factory.h; the declarative plugin's *.provider.toml).
    void load_directory(const std::filesystem::path& dir);
    // Loads one file. A refusal is recorded in problems(), never thrown.
    void load_file(const std::filesystem::path& file);
    // The libraries of every folder first, then the definition files of
    // every folder, in search-path order (a folder listed twice is read once).
    void load_search_path(const std::vector<std::filesystem::path>& dirs);

    // One line per refused file: "<file>: <reason>".
    const std::vector<std::string>& problems() const noexcept { return problems_; }

    LoadedPluginPtr find(std::string_view id) const;
    // Sorted by id.
    const std::vector<LoadedPluginPtr>& plugins() const noexcept { return plugins_; }

private:
    void load_libraries(const std::filesystem::path& dir);
    void load_definitions(const std::filesystem::path& dir);
    // Keeps `outcome`'s plugin, or records why `file` gave none (a refusal,
    // a duplicate id).
    void add(LoadOutcome outcome, const std::filesystem::path& file);

    std::vector<std::filesystem::path> definitions_read_;  // canonical paths of the definition files opened
    std::vector<LoadedPluginPtr> plugins_;
    std::vector<std::string> problems_;
};

}  // namespace photobridge::host
