#include "host/definition_files.hpp"

#include "host/invoke_error.hpp"

#include <photobridge/sdk/error.hpp>
#include <photobridge/sdk/sinks.hpp>

#include <boost/json.hpp>

#include <cstring>

namespace photobridge::host {

LoadedPluginPtr factory_for(const PluginRegistry& registry, const std::filesystem::path& file) {
    const std::string name = file.filename().string();
    for (const auto& plugin : registry.plugins()) {
        const pb_ext_plugin_factory* factory = plugin->extensions.plugin_factory;
        if (factory == nullptr) continue;
        const std::string_view suffix = factory->file_suffix;
        if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            return plugin;
    }
    return nullptr;
}

std::vector<DefinitionProblem> validate_definition(const LoadedPlugin& factory, const std::filesystem::path& file) {
    const pb_ext_plugin_factory* ext = factory.extensions.plugin_factory;
    if (ext == nullptr) throw InvokeError(PB_ERR_UNSUPPORTED, "plugin '" + factory.id + "' reads no definition files");
    sdk::StringSink sink(16u * 1024 * 1024);
    pb_error error = sdk::make_error_struct();
    const std::string path = file.string();
    const std::int32_t rc = ext->validate(path.c_str(), sink.get(), &error);
    if (rc != PB_OK) throw InvokeError(rc, std::string(error.message, strnlen(error.message, sizeof error.message)));
    boost::system::error_code ec;
    const boost::json::value answer = boost::json::parse(sink.take(), ec);
    const std::string what = "plugin '" + factory.id + "': validate: ";
    if (ec || !answer.is_array()) throw InvokeError(PB_ERR_PROTOCOL, what + "the answer is not a JSON array");
    std::vector<DefinitionProblem> problems;
    for (const auto& item : answer.get_array()) {
        const auto* o = item.if_object();
        const auto* message = o != nullptr ? o->if_contains("message") : nullptr;
        if (message == nullptr || !message->is_string())
            throw InvokeError(PB_ERR_PROTOCOL, what + "a problem without a message");
        DefinitionProblem p;
        p.message = std::string(message->get_string());
        if (const auto* l = o->if_contains("line"); l != nullptr && l->is_int64()) p.line = static_cast<int>(l->get_int64());
        if (const auto* c = o->if_contains("column"); c != nullptr && c->is_int64()) p.column = static_cast<int>(c->get_int64());
        problems.push_back(std::move(p));
    }
    return problems;
}

}  // namespace photobridge::host
