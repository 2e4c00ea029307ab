// The declarative plugin: a plugin factory (ext/plugin_factory.h) that
// turns each provider file (NAME.provider.toml) the host finds on its
// plugin search path into a plugin of its own. Its own descriptor (id
// "declarative") has no streams or operations.
//
// Thread contract: open() runs while the host loads plugins, one call at a
// time, but is still serialised by a mutex; everything it creates lives
// until the library is unloaded and is read-only afterwards, so create(),
// validate() and the providers' invokes are [any-thread].
#include "declarative_provider.hpp"
#include "provider_file.hpp"
#include "provider_manifest.hpp"

#include "declarative_manifest.hpp"  // generated from manifest.json by photobridge_add_plugin

#include <photobridge/sdk.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

namespace photobridge::plugins::declarative {
namespace json = boost::json;
namespace detail = sdk::detail;

namespace {

inline constexpr const char* kSuffix = ".provider.toml";

// One provider file, opened: its definition and the plugin it defines.
struct OpenedProvider {
    std::shared_ptr<const ProviderDefinition> definition;
    std::string id, name, version, manifest_text;
    detail::PluginInfo info;
};

std::mutex g_mutex;
std::map<std::string, std::unique_ptr<OpenedProvider>> g_opened;  // by canonical path

std::string canonical(const char* path) {
    std::error_code ec;
    const auto c = std::filesystem::weakly_canonical(path, ec);
    return ec ? std::string(path) : c.string();
}

// "FILE:LINE:COLUMN: first problem (and N more: photobridge validate FILE)".
std::string one_line(const common::Diagnostics& problems, const std::string& file) {
    const auto sorted = problems.sorted();
    if (sorted.empty()) return file + ": cannot be read";
    std::string line = sorted.front().str();
    if (sorted.size() > 1)
        line += " (and " + std::to_string(sorted.size() - 1) + " more: photobridge validate " + file + ")";
    return line;
}

const pb_plugin_descriptor* open_provider(const char* path, pb_error* error) noexcept {
    const pb_plugin_descriptor* result = nullptr;
    detail::guarded(error, [&] {
        if (path == nullptr) throw sdk::invalid_argument("open: null path");
        const std::string key = canonical(path);
        std::lock_guard lock(g_mutex);
        if (auto it = g_opened.find(key); it != g_opened.end()) {
            result = &it->second->info.descriptor;
            return;
        }
        common::Diagnostics problems;
        std::optional<ProviderDefinition> definition = read_provider_file(path, problems);
        if (!definition) throw sdk::invalid_argument(one_line(problems, path));
        auto opened = std::make_unique<OpenedProvider>();
        opened->definition = std::make_shared<const ProviderDefinition>(std::move(*definition));
        const ProviderDefinition& d = *opened->definition;
        opened->id = d.id;
        opened->name = d.name;
        opened->version = d.version;
        opened->manifest_text = json::serialize(derive_manifest(d));
        opened->info.manifest = std::make_unique<sdk::Manifest>(opened->manifest_text.c_str());
        opened->info.member_operations = detail::member_operations_of<DeclarativeProvider>();
        pb_plugin_descriptor& desc = opened->info.descriptor;
        desc.magic = PB_PLUGIN_MAGIC;
        desc.abi_major = PB_ABI_MAJOR;
        desc.abi_minor = sdk::kRequiredHostMinor;
        desc.struct_size = sizeof(pb_plugin_descriptor);
        desc.id = opened->id.c_str();
        desc.name = opened->name.c_str();
        desc.version = opened->version.c_str();
        desc.manifest_json = opened->manifest_text.c_str();
        desc.create = nullptr;  // made by the factory's create()
        desc.destroy = &detail::destroy;
        desc.invoke = &detail::invoke;
        desc.get_extension = &detail::get_extension<DeclarativeProvider>;
        result = &desc;
        g_opened.emplace(key, std::move(opened));
    });
    return result;
}

pb_instance* create_provider(const pb_plugin_descriptor* plugin, const pb_host* host, const char* config_json,
                             std::size_t config_len, pb_error* error) noexcept {
    detail::InstanceBox* box = nullptr;
    detail::guarded(error, [&] {
        const OpenedProvider* opened = nullptr;
        {
            std::lock_guard lock(g_mutex);
            for (const auto& [_, o] : g_opened)
                if (&o->info.descriptor == plugin) opened = o.get();
        }
        if (opened == nullptr) throw sdk::invalid_argument("create: not a plugin this factory opened");
        json::object config = detail::parse_object(config_json, config_len, "config");
        sdk::schema::apply_defaults(config, opened->info.manifest->config_schema());
        detail::validate_or_throw(config, opened->info.manifest->config_schema(), "config");
        auto provider = std::make_unique<DeclarativeProvider>(sdk::Host(host), config, opened->definition);
        box = new detail::InstanceBox{&opened->info, std::move(provider)};
    });
    return reinterpret_cast<pb_instance*>(box);
}

std::int32_t validate_provider(const char* path, pb_sink* problems_json, pb_error* error) noexcept {
    return detail::guarded(error, [&] {
        if (path == nullptr) throw sdk::invalid_argument("validate: null path");
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec))
            throw sdk::Error(PB_ERR_NOT_FOUND, std::string(path) + ": no such file");
        common::Diagnostics problems;
        read_provider_file(path, problems);
        json::array list;
        for (const auto& p : problems.sorted())
            list.push_back(json::object{{"line", p.where.line}, {"column", p.where.column}, {"message", p.message}});
        detail::write_json(problems_json, list);
    });
}

}  // namespace

// The library's own plugin: the factory. No streams, no operations.
class DeclarativeFactory : public sdk::Plugin {
public:
    DeclarativeFactory(sdk::Host host, const json::object&) : sdk::Plugin(host) {}

    static const pb_ext_plugin_factory* plugin_factory() noexcept {
        static const pb_ext_plugin_factory table{sizeof(pb_ext_plugin_factory), kSuffix, &open_provider,
                                                 &create_provider, &validate_provider};
        return &table;
    }
};

}  // namespace photobridge::plugins::declarative

PHOTOBRIDGE_PLUGIN(photobridge::plugins::declarative::DeclarativeFactory, "declarative",
                   "Declarative providers (provider files)", "1.0.0", photobridge_manifest_json)
