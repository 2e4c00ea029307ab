// photobridge::testing::PluginUnderTest: one plugin instance created through
// the host, as the photobridge program creates it.
#include <photobridge/testing.hpp>

#include "host/cancellation.hpp"
#include "host/invoke_error.hpp"
#include "host/plugin_instance.hpp"
#include "host/plugin_registry.hpp"
#include "host/stream_pages.hpp"
#include "testing/bundled_paths.hpp"

#include <photobridge/ext/media_download.h>
#include <photobridge/ext/sink_lookup.h>
#include <photobridge/ext/webhook_verifier.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <utility>

namespace photobridge::testing {
namespace {

// Each folder is loaded once per process and its plugins stay loaded until
// exit: an instance's library must outlive it, and tests create many. A
// folder of the caller's is searched before the bundled plugins, as
// --plugin-dir is, so its provider files find the bundled factory
// (declarative) and its own plugins win over bundled ones of the same id.
const host::PluginRegistry& registry_of(const std::filesystem::path& folder) {
    static std::mutex mutex;
    static std::map<std::filesystem::path, std::unique_ptr<host::PluginRegistry>> loaded;
    std::lock_guard lock(mutex);
    auto& slot = loaded[folder];
    if (!slot) {
        slot = std::make_unique<host::PluginRegistry>();
        const std::filesystem::path bundled = bundled_plugin_dir();
        std::error_code ec;
        if (std::filesystem::equivalent(folder, bundled, ec)) slot->load_directory(folder);
        else slot->load_search_path({folder, bundled});
    }
    return *slot;
}

host::LoadedPluginPtr find_plugin(const std::string& id, const std::filesystem::path& folder) {
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        throw std::runtime_error("plugin folder '" + folder.string() + "' does not exist");
    const auto& registry = registry_of(folder);
    if (auto plugin = registry.find(id)) return plugin;
    std::string message = "no loadable plugin '" + id + "' (photobridge-" + id + ".so or " + id + ".provider.toml) in '" +
                          folder.string() + "'";
    for (const auto& problem : registry.problems()) message += "; refused " + problem;
    throw std::runtime_error(message);
}

CallError public_error(const host::InvokeError& e) {
    return CallError(e.code(), e.what(), e.http_status(), e.provider_code(), e.retry_after_ms());
}

CallResult public_result(host::InvokeResult r) { return CallResult{std::move(r.json), std::move(r.bytes)}; }

// Runs a host call and turns its InvokeError into the public CallError.
template <class F>
auto translated(F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const host::InvokeError& e) {
        throw public_error(e);
    }
}

}  // namespace

CallError::CallError(std::int32_t code, const std::string& message, int http_status, std::string provider_code,
                     std::uint32_t retry_after_ms)
    : std::runtime_error(message),
      code_(code),
      http_status_(http_status),
      provider_code_(std::move(provider_code)),
      retry_after_ms_(retry_after_ms) {}

struct PluginUnderTest::Impl {
    std::string id;
    host::CancellationTokenPtr cancel = std::make_shared<host::CancellationToken>();
    std::unique_ptr<host::PluginInstance> instance;
};

PluginUnderTest::PluginUnderTest(std::string plugin_id, boost::json::object config, PluginOptions options)
    : impl_(std::make_unique<Impl>()) {
    const std::filesystem::path folder = options.folder.empty() ? bundled_plugin_dir() : std::filesystem::path(options.folder);
    auto plugin = find_plugin(plugin_id, folder);
    host::InstanceOptions instance_options;
    instance_options.connection = options.connection.empty() ? plugin_id : options.connection;
    instance_options.cancel = impl_->cancel;
    impl_->id = std::move(plugin_id);
    impl_->instance = translated(
        [&] { return std::make_unique<host::PluginInstance>(std::move(plugin), config, std::move(instance_options)); });
}

PluginUnderTest::~PluginUnderTest() = default;
PluginUnderTest::PluginUnderTest(PluginUnderTest&&) noexcept = default;
PluginUnderTest& PluginUnderTest::operator=(PluginUnderTest&&) noexcept = default;

CallResult PluginUnderTest::call(std::string_view operation, const boost::json::value& request,
                                 std::string_view input_bytes) const {
    return translated([&] { return public_result(impl_->instance->invoke(operation, request, input_bytes)); });
}

CallResult PluginUnderTest::verify_webhook(std::string_view token, std::string_view body,
                                           std::int32_t leeway_seconds) const {
    return translated([&] { return public_result(impl_->instance->verify_webhook(token, body, leeway_seconds)); });
}

CallResult PluginUnderTest::download_media(std::string_view url, std::string_view variant) const {
    return translated([&] { return public_result(impl_->instance->download_media(url, variant)); });
}

CallResult PluginUnderTest::check(std::string_view operation, const boost::json::value& input,
                                  const boost::json::value& handle) const {
    return translated([&] {
        if (!input.is_object()) throw host::InvokeError(PB_ERR_INVALID_ARGUMENT, "check: the input must be a JSON object");
        const std::string handle_json = handle.is_null() ? std::string() : boost::json::serialize(handle);
        host::StepCheckAnswer a = impl_->instance->check(operation, input.get_object(), handle_json);
        CallResult out;
        boost::json::object answer;
        switch (a.state) {
        case host::StepCheckAnswer::State::done:
            answer = {{"state", "done"}, {"result", std::move(a.result.json)}};
            out.bytes = std::move(a.result.bytes);
            break;
        case host::StepCheckAnswer::State::pending:
            answer = {{"state", "pending"},
                      {"check_after_ms", a.check_after_ms},
                      {"handle", boost::json::parse(a.handle_json)},
                      {"status", a.status},
                      {"id", a.id}};
            break;
        case host::StepCheckAnswer::State::failed:
        case host::StepCheckAnswer::State::expired:
            answer = {{"state", a.state == host::StepCheckAnswer::State::failed ? "failed" : "expired"},
                      {"status", a.status},
                      {"message", a.message},
                      {"provider_code", a.provider_code}};
            break;
        }
        out.json = std::move(answer);
        return out;
    });
}

bool PluginUnderTest::offers(std::string_view extension_id) const {
    const auto& extensions = impl_->instance->plugin().extensions;
    if (extension_id == PB_EXT_WEBHOOK_VERIFIER) return extensions.webhook_verifier != nullptr;
    if (extension_id == PB_EXT_MEDIA_DOWNLOAD) return extensions.media_download != nullptr;
    if (extension_id == PB_EXT_SINK_LOOKUP) return extensions.sink_lookup != nullptr;
    if (extension_id == PB_EXT_STEP_CHECK) return extensions.step_check != nullptr;
    return false;
}

std::string PluginUnderTest::webhook_token_header() const {
    const auto* verifier = impl_->instance->plugin().extensions.webhook_verifier;
    return verifier != nullptr && verifier->token_header != nullptr ? verifier->token_header : "";
}

boost::json::value PluginUnderTest::manifest() const { return impl_->instance->plugin().manifest->document(); }
const std::string& PluginUnderTest::id() const { return impl_->id; }
std::string PluginUnderTest::file() const { return impl_->instance->plugin().file.string(); }
std::uint64_t PluginUnderTest::http_requests() const { return impl_->instance->http_requests(); }
void PluginUnderTest::cancel() const { impl_->cancel->cancel(); }

boost::json::object stream_page(const PluginUnderTest& plugin, std::string_view stream, boost::json::object params,
                                boost::json::value cursor, boost::json::value page_size) {
    auto r = plugin.call(stream, boost::json::object{{"params", std::move(params)},
                                                     {"cursor", std::move(cursor)},
                                                     {"page_size", std::move(page_size)}});
    if (!r.json.is_object())
        throw CallError(PB_ERR_PROTOCOL, "stream '" + std::string(stream) + "' returned a page that is not an object",
                        0, {}, 0);
    return std::move(r.json.as_object());
}

boost::json::array read_all(const PluginUnderTest& plugin, std::string_view stream, boost::json::object params,
                            std::optional<std::int64_t> page_size) {
    boost::json::array all;
    translated([&] {
        host::for_each_page(*plugin.impl_->instance, stream, params, std::nullopt, page_size,
                            [&](host::StreamPage& page) {
                                for (auto& r : page.records) all.push_back(std::move(r));
                                return true;
                            });
        return 0;
    });
    return all;
}

}  // namespace photobridge::testing
