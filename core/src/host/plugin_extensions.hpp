// The typed extensions (photobridge/ext/*.h) a plugin offers, found and
// checked when it is loaded, and the host's own extension table.
#pragma once

#include <photobridge/ext/media_download.h>
#include <photobridge/ext/plugin_factory.h>
#include <photobridge/ext/sink_lookup.h>
#include <photobridge/ext/step_check.h>
#include <photobridge/ext/webhook_verifier.h>
#include <photobridge/plugin.h>

#include <string>
#include <string_view>
#include <variant>

namespace photobridge::host {

// Pointers into the plugin library's static tables; null when the plugin
// does not offer the extension (every ABI 1.0 plugin). A non-null table has
// passed check_extensions: struct_size covers every field this host reads
// and every function pointer is set.
struct PluginExtensions {
    const pb_ext_webhook_verifier* webhook_verifier = nullptr;
    const pb_ext_media_download* media_download = nullptr;
    const pb_ext_sink_lookup* sink_lookup = nullptr;
    const pb_ext_step_check* step_check = nullptr;
    const pb_ext_plugin_factory* plugin_factory = nullptr;
};

// Asks `descriptor` (already checked by the loader) for every extension id
// this host knows. A descriptor too short to carry get_extension, or with a
// null one, offers none. Returns the one-line reason when a table the plugin
// returns is malformed (too short, a null function, no token_header): the
// loader then refuses the plugin. Never throws.
std::variant<PluginExtensions, std::string> find_extensions(const pb_plugin_descriptor& descriptor) noexcept;

// pb_host.get_extension: the host extension with this exact id (version
// suffix included), or nullptr. The photobridge host 1.1 offers none yet;
// sdk-docs/abi.md lists what it offers. [any-thread].
const void* host_extension(std::string_view id) noexcept;

}  // namespace photobridge::host
