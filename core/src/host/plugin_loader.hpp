// Loading one plugin file through Boost.DLL and checking its descriptor.
#pragma once

#include "host/plugin_extensions.hpp"

#include <photobridge/plugin.h>
#include <photobridge/sdk/manifest.hpp>

#include <boost/dll/shared_library.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace photobridge::host {

// A loaded, checked plugin. Immutable. The shared library stays mapped for
// as long as any LoadedPlugin pointer lives: instances hold one, so a plugin
// is never unloaded under a live instance.
struct LoadedPlugin {
    std::filesystem::path file;
    boost::dll::shared_library library;
    const pb_plugin_descriptor* descriptor = nullptr;  // static inside `library`
    std::string id;
    std::string name;
    std::string version;
    std::shared_ptr<const sdk::Manifest> manifest;
    PluginExtensions extensions;  // checked at load; null members: not offered
    // A plugin a factory made from a definition file (`file`): instances
    // are created with made_by->create (ext/plugin_factory.h); null for a
    // plugin with its own entry point.
    const pb_ext_plugin_factory* made_by = nullptr;
    std::string factory_id;       // the factory plugin's id, "" when made_by is null
};

// What a plugin can do beyond its streams and operations: the typed
// extension when it offers one, else the ABI 1.0 convention of an operation
// with the reserved name ("verify_webhook", "download_media") in its manifest.
bool verifies_webhooks(const LoadedPlugin& plugin) noexcept;
bool downloads_media(const LoadedPlugin& plugin) noexcept;

using LoadedPluginPtr = std::shared_ptr<const LoadedPlugin>;

// Whether `id` is a plugin id the host loads: [a-z0-9_]{1,64}.
bool is_valid_plugin_id(std::string_view id) noexcept;

// Either a plugin or the one-line reason it was refused.
struct LoadOutcome {
    LoadedPluginPtr plugin;
    std::string problem;  // "<file>: <reason>" when plugin is null
};

// Loads with RTLD_NOW | RTLD_LOCAL and checks: entry symbol present, the entry
// accepts this host's ABI, magic, major, minor, struct_size, id syntax,
// non-null functions, manifest JSON, and every extension table the plugin
// offers (find_extensions). Never throws.
LoadOutcome load_plugin(const std::filesystem::path& file) noexcept;

// A plugin that `factory` (a loaded plugin offering the plugin-factory
// extension) makes from the definition file `definition`: the same checks
// as load_plugin (the descriptor's own create may be NULL). The refusal
// reason is the factory's one line ("FILE:LINE:COLUMN: ..."). Never throws.
LoadOutcome load_factory_plugin(const LoadedPluginPtr& factory, const std::filesystem::path& definition) noexcept;

}  // namespace photobridge::host
