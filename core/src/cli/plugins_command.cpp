// `photobridge plugins [--json]` and `photobridge plugins inspect ID`.
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/plugin_loading.hpp"
#include "common/json_pretty.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <iomanip>
#include <iostream>

namespace photobridge::cli {
namespace {

// The ids of the typed extensions the plugin offers (ext/*.h), in header order.
boost::json::array extension_ids(const host::LoadedPlugin& plugin) {
    boost::json::array ids;
    if (plugin.extensions.webhook_verifier != nullptr) ids.emplace_back(PB_EXT_WEBHOOK_VERIFIER);
    if (plugin.extensions.media_download != nullptr) ids.emplace_back(PB_EXT_MEDIA_DOWNLOAD);
    if (plugin.extensions.sink_lookup != nullptr) ids.emplace_back(PB_EXT_SINK_LOOKUP);
    if (plugin.extensions.step_check != nullptr) ids.emplace_back(PB_EXT_STEP_CHECK);
    if (plugin.extensions.plugin_factory != nullptr) ids.emplace_back(PB_EXT_PLUGIN_FACTORY);
    return ids;
}

std::vector<std::string> names_of(const host::LoadedPlugin& plugin, const char* section) {
    std::vector<std::string> out;
    if (const auto* s = plugin.manifest->section(section))
        for (const auto& [k, _] : *s) out.emplace_back(k);
    return out;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out.empty() ? "-" : out;
}

int list_plugins(const GlobalOptions& globals, bool as_json) {
    const host::PluginRegistry registry = load_registry(globals);
    if (as_json) {
        boost::json::array out;
        for (const auto& p : registry.plugins()) {
            boost::json::array streams, operations;
            for (auto& s : names_of(*p, "streams")) streams.emplace_back(s);
            for (auto& o : names_of(*p, "operations")) operations.emplace_back(o);
            out.push_back(boost::json::object{{"id", p->id},
                                              {"name", p->name},
                                              {"version", p->version},
                                              {"file", p->file.string()},
                                              {"streams", streams},
                                              {"operations", operations}});
        }
        std::cout << common::pretty_json(out);
        return kExitOk;
    }
    if (registry.plugins().empty()) {
        std::cout << "No plugins found. Searched: --plugin-dir, PHOTOBRIDGE_PLUGIN_PATH and the build's plugin folder.\n";
        return kExitOk;
    }
    std::size_t w_id = 2, w_name = 4, w_version = 7;
    for (const auto& p : registry.plugins()) {
        w_id = std::max(w_id, p->id.size());
        w_name = std::max(w_name, p->name.size());
        w_version = std::max(w_version, p->version.size());
    }
    std::cout << std::left << std::setw(static_cast<int>(w_id + 2)) << "ID" << std::setw(static_cast<int>(w_name + 2))
              << "NAME" << std::setw(static_cast<int>(w_version + 2)) << "VERSION"
              << "STREAMS / OPERATIONS\n";
    for (const auto& p : registry.plugins()) {
        std::cout << std::left << std::setw(static_cast<int>(w_id + 2)) << p->id
                  << std::setw(static_cast<int>(w_name + 2)) << p->name << std::setw(static_cast<int>(w_version + 2))
                  << p->version << "streams: " << joined(names_of(*p, "streams"))
                  << "; operations: " << joined(names_of(*p, "operations")) << "\n";
    }
    return kExitOk;
}

int inspect_plugin(const GlobalOptions& globals, const std::string& id) {
    const host::PluginRegistry registry = load_registry(globals);
    const auto plugin = registry.find(id);
    if (!plugin) {
        std::cerr << "photobridge: error: no plugin with id '" << id << "'";
        if (!registry.plugins().empty()) {
            std::cerr << " (known:";
            for (const auto& p : registry.plugins()) std::cerr << " " << p->id;
            std::cerr << ")";
        }
        std::cerr << "\n";
        return kExitUsage;
    }
    boost::json::object out{{"id", plugin->id},
                            {"name", plugin->name},
                            {"version", plugin->version},
                            {"file", plugin->file.string()},
                            {"abi", std::to_string(plugin->descriptor->abi_major) + "." +
                                        std::to_string(plugin->descriptor->abi_minor)},
                            {"extensions", extension_ids(*plugin)},
                            {"manifest", plugin->manifest->document()}};
    if (!plugin->factory_id.empty()) out["factory"] = plugin->factory_id;  // made from `file` by that plugin
    std::cout << common::pretty_json(out);
    return kExitOk;
}

}  // namespace

int run_plugins_command(const GlobalOptions& globals, const PluginsOptions& options) {
    const GlobalOptions merged = with_plugin_dirs(globals, options.plugin_dirs);
    return options.inspect ? inspect_plugin(merged, options.inspect_id) : list_plugins(merged, options.json);
}

}  // namespace photobridge::cli
