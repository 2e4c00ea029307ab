#include "host/plugin_registry.hpp"

#include <algorithm>
#include <cstdlib>
#include <sstream>

#ifndef PHOTOBRIDGE_BUILD_PLUGIN_DIR
#define PHOTOBRIDGE_BUILD_PLUGIN_DIR ""
#endif
// The installed plugin folder relative to the installed bin/ folder
// (GNUInstallDirs' layout: ../lib/photobridge/plugins).
#ifndef PHOTOBRIDGE_PLUGINDIR_FROM_BINDIR
#define PHOTOBRIDGE_PLUGINDIR_FROM_BINDIR "../lib/photobridge/plugins"
#endif

namespace photobridge::host {

std::filesystem::path installed_plugin_dir() {
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec || exe.empty()) return {};
    return (exe.parent_path() / PHOTOBRIDGE_PLUGINDIR_FROM_BINDIR).lexically_normal();
}

std::vector<std::filesystem::path> plugin_search_path(const std::vector<std::string>& cli_dirs) {
    std::vector<std::filesystem::path> dirs(cli_dirs.begin(), cli_dirs.end());
    if (const char* env = std::getenv("PHOTOBRIDGE_PLUGIN_PATH")) {
        std::stringstream ss(env);
        for (std::string item; std::getline(ss, item, ':');)
            if (!item.empty()) dirs.emplace_back(item);
    }
    // An installed program uses the plugins installed with it, never the
    // build folder it was built in (the same plugins again would be
    // refused as duplicates, or stale ones loaded).
    std::error_code ec;
    const std::filesystem::path installed = installed_plugin_dir();
    if (!installed.empty() && std::filesystem::is_directory(installed, ec))
        dirs.push_back(installed);
    else if (std::string_view(PHOTOBRIDGE_BUILD_PLUGIN_DIR).size() > 0)
        dirs.emplace_back(PHOTOBRIDGE_BUILD_PLUGIN_DIR);
    return dirs;
}

namespace {

// The files in `dir` whose names `wanted` accepts, sorted by name.
template <typename Wanted>
std::vector<std::filesystem::path> files_in(const std::filesystem::path& dir, Wanted&& wanted) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (wanted(name, entry.path())) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() > suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

void PluginRegistry::load_search_path(const std::vector<std::filesystem::path>& dirs) {
    std::vector<std::filesystem::path> seen, unique;
    for (const auto& dir : dirs) {
        std::error_code ec;
        const auto canonical = std::filesystem::weakly_canonical(dir, ec);
        if (std::find(seen.begin(), seen.end(), canonical) != seen.end()) continue;
        seen.push_back(canonical);
        unique.push_back(dir);
    }
    // Every library first, so a factory found late on the path still reads
    // the definition files of the folders before it.
    for (const auto& dir : unique) load_libraries(dir);
    for (const auto& dir : unique) load_definitions(dir);
}

void PluginRegistry::load_directory(const std::filesystem::path& dir) {
    load_libraries(dir);
    load_definitions(dir);
}

void PluginRegistry::load_libraries(const std::filesystem::path& dir) {
    const auto libraries = files_in(dir, [](const std::string& name, const std::filesystem::path& path) {
        return name.rfind("photobridge-", 0) == 0 && path.extension() == ".so";
    });
    for (const auto& f : libraries) load_file(f);
}

void PluginRegistry::load_definitions(const std::filesystem::path& dir) {
    std::vector<LoadedPluginPtr> factories;
    for (const auto& p : plugins_)
        if (p->extensions.plugin_factory != nullptr) factories.push_back(p);
    for (const auto& factory : factories) {
        const std::string suffix = factory->extensions.plugin_factory->file_suffix;
        const auto definitions = files_in(
            dir, [&](const std::string& name, const std::filesystem::path&) { return ends_with(name, suffix); });
        for (const auto& definition : definitions) {
            std::error_code ec;
            const auto canonical = std::filesystem::weakly_canonical(definition, ec);
            if (std::find(definitions_read_.begin(), definitions_read_.end(), canonical) != definitions_read_.end())
                continue;
            definitions_read_.push_back(canonical);
            add(load_factory_plugin(factory, definition), definition);
        }
    }
}

void PluginRegistry::load_file(const std::filesystem::path& file) { add(load_plugin(file), file); }

void PluginRegistry::add(LoadOutcome outcome, const std::filesystem::path& file) {
    if (!outcome.plugin) {
        problems_.push_back(std::move(outcome.problem));
        return;
    }
    if (const auto existing = find(outcome.plugin->id)) {
        problems_.push_back(file.string() + ": duplicate plugin id '" + outcome.plugin->id + "' (already loaded from " +
                            existing->file.string() + ")");
        return;
    }
    auto pos = std::lower_bound(plugins_.begin(), plugins_.end(), outcome.plugin->id,
                                [](const LoadedPluginPtr& p, const std::string& id) { return p->id < id; });
    plugins_.insert(pos, std::move(outcome.plugin));
}

LoadedPluginPtr PluginRegistry::find(std::string_view id) const {
    auto pos = std::lower_bound(plugins_.begin(), plugins_.end(), id,
                                [](const LoadedPluginPtr& p, std::string_view v) { return p->id < v; });
    return pos != plugins_.end() && (*pos)->id == id ? *pos : nullptr;
}

}  // namespace photobridge::host
