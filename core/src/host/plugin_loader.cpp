#include "host/plugin_loader.hpp"

#include <boost/dll/shared_library_load_mode.hpp>

#include <cstring>

namespace photobridge::host {
namespace {

LoadOutcome refuse(const std::filesystem::path& file, const std::string& reason) {
    return LoadOutcome{nullptr, file.string() + ": " + reason};
}

// The descriptor size of ABI 1.0: the shortest a plugin may report.
constexpr std::size_t kMinimumDescriptorSize = offsetof(pb_plugin_descriptor, invoke) + sizeof(void*);

}  // namespace

bool is_valid_plugin_id(std::string_view id) noexcept {
    if (id.empty() || id.size() > 64) return false;
    for (const char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

namespace {

// The checks every descriptor passes, from an entry point or a factory;
// fills `plugin` from it. `from_factory`: instances are made by the
// factory, so the descriptor's own create may be NULL.
LoadOutcome adopt_descriptor(std::shared_ptr<LoadedPlugin> plugin, const pb_plugin_descriptor* d,
                             const std::filesystem::path& file, bool from_factory) {
    if (d->magic != PB_PLUGIN_MAGIC) return refuse(file, "wrong magic number in the plugin descriptor");
    if (d->abi_major != PB_ABI_MAJOR)
        return refuse(file, "built for ABI major " + std::to_string(d->abi_major) + ", this host speaks " +
                                std::to_string(PB_ABI_MAJOR));
    if (d->abi_minor > PB_ABI_MINOR)
        return refuse(file, "needs ABI " + std::to_string(d->abi_major) + "." + std::to_string(d->abi_minor) +
                                ", this host has " + std::to_string(PB_ABI_MAJOR) + "." + std::to_string(PB_ABI_MINOR) +
                                " (a newer host is needed)");
    if (d->struct_size < kMinimumDescriptorSize)
        return refuse(file, "descriptor struct_size " + std::to_string(d->struct_size) + " is too short (at least " +
                                std::to_string(kMinimumDescriptorSize) + " expected)");
    if (d->id == nullptr || !is_valid_plugin_id(d->id)) return refuse(file, "plugin id is missing or not [a-z0-9_]{1,64}");
    if (d->name == nullptr || d->version == nullptr || d->manifest_json == nullptr)
        return refuse(file, "descriptor lacks a name, version or manifest");
    if ((d->create == nullptr && !from_factory) || d->destroy == nullptr || d->invoke == nullptr)
        return refuse(file, "descriptor lacks create, destroy or invoke");
    try {
        plugin->manifest = std::make_shared<const sdk::Manifest>(d->manifest_json);
    } catch (const std::exception& e) {
        return refuse(file, std::string("plugin '") + d->id + "': " + e.what());
    }
    auto extensions = find_extensions(*d);
    if (auto* problem = std::get_if<std::string>(&extensions))
        return refuse(file, std::string("plugin '") + d->id + "': " + *problem);
    plugin->extensions = std::get<PluginExtensions>(extensions);
    plugin->descriptor = d;
    plugin->id = d->id;
    plugin->name = d->name;
    plugin->version = d->version;
    return LoadOutcome{std::move(plugin), {}};
}

}  // namespace

LoadOutcome load_plugin(const std::filesystem::path& file) noexcept {
    try {
        auto plugin = std::make_shared<LoadedPlugin>();
        plugin->file = file;
        boost::system::error_code ec;
        plugin->library.load(boost::dll::fs::path(file.string()),
                             boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
        if (ec) return refuse(file, "cannot be loaded: " + ec.message());
        if (!plugin->library.has(PB_ENTRY_SYMBOL))
            return refuse(file, std::string("no entry symbol '").append(PB_ENTRY_SYMBOL).append("' (not a photobridge plugin)"));
        auto entry = plugin->library.get<const pb_plugin_descriptor*(std::uint16_t, std::uint16_t)>(PB_ENTRY_SYMBOL);
        const pb_plugin_descriptor* d = entry(PB_ABI_MAJOR, PB_ABI_MINOR);
        if (d == nullptr)
            return refuse(file, "the plugin needs a newer host (it refused host ABI " + std::to_string(PB_ABI_MAJOR) +
                                    "." + std::to_string(PB_ABI_MINOR) + ")");
        return adopt_descriptor(std::move(plugin), d, file, false);
    } catch (const std::exception& e) {
        return refuse(file, std::string("cannot be loaded: ") + e.what());
    } catch (...) {
        return refuse(file, "cannot be loaded: unknown error");
    }
}

LoadOutcome load_factory_plugin(const LoadedPluginPtr& factory, const std::filesystem::path& definition) noexcept {
    try {
        const pb_ext_plugin_factory* ext = factory->extensions.plugin_factory;
        if (ext == nullptr) return refuse(definition, "plugin '" + factory->id + "' is not a plugin factory");
        pb_error error{};
        error.struct_size = sizeof error;
        const std::string path = definition.string();
        const pb_plugin_descriptor* d = ext->open(path.c_str(), &error);
        if (d == nullptr) {
            const std::string message(error.message, strnlen(error.message, sizeof error.message));
            return LoadOutcome{nullptr, message.empty() ? path + ": refused by plugin '" + factory->id + "'" : message};
        }
        auto plugin = std::make_shared<LoadedPlugin>();
        plugin->file = definition;
        plugin->library = factory->library;  // keeps the factory's library loaded
        plugin->made_by = ext;
        plugin->factory_id = factory->id;
        return adopt_descriptor(std::move(plugin), d, definition, true);
    } catch (const std::exception& e) {
        return refuse(definition, std::string("cannot be loaded: ") + e.what());
    } catch (...) {
        return refuse(definition, "cannot be loaded: unknown error");
    }
}

bool verifies_webhooks(const LoadedPlugin& plugin) noexcept {
    return plugin.extensions.webhook_verifier != nullptr || plugin.manifest->operation("verify_webhook") != nullptr;
}

bool downloads_media(const LoadedPlugin& plugin) noexcept {
    return plugin.extensions.media_download != nullptr || plugin.manifest->operation("download_media") != nullptr;
}

}  // namespace photobridge::host
