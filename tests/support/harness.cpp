#include "support/harness.hpp"

#include "host/stream_pages.hpp"

#include <httplib.h>

#include <map>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace photobridge::testing {

const host::PluginRegistry& built_plugins() {
    static const host::PluginRegistry registry = [] {
        host::PluginRegistry r;
        r.load_directory(PHOTOBRIDGE_PLUGIN_OUTPUT_DIR);
        return r;
    }();
    return registry;
}

#ifdef PHOTOBRIDGE_HAVE_MOCK
mock::ServerOptions single_provider_options(const std::string& provider, std::optional<std::size_t> dataset) {
    mock::ServerOptions o;
    o.providers = {provider};
    o.dataset = dataset;
    return o;
}

MockServer& shared_mock(const std::string& provider, std::optional<std::size_t> dataset) {
    static std::mutex mutex;
    static std::map<std::pair<std::string, std::optional<std::size_t>>, std::unique_ptr<MockServer>> mocks;
    std::lock_guard lock(mutex);
    auto& slot = mocks[{provider, dataset}];
    if (!slot) slot = std::make_unique<MockServer>(single_provider_options(provider, dataset));
    return *slot;
}

MockServer::MockServer(mock::ServerOptions options) : server_(std::make_unique<mock::Server>(std::move(options))) {
    port_ = server_->start();
}

MockServer::~MockServer() { server_->stop(); }

std::string MockServer::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::string MockServer::provider_url(std::string_view provider) const { return base_url() + "/" + std::string(provider); }

boost::json::value MockServer::admin(const std::string& method, const std::string& path, const std::string& body) const {
    httplib::Client client("127.0.0.1", port_);
    client.set_tcp_nodelay(true);
    httplib::Request req;
    req.method = method;
    req.path = path;
    req.body = body;
    if (!body.empty()) req.headers.emplace("Content-Type", "application/json");
    httplib::Response res;
    httplib::Error err = httplib::Error::Success;
    if (!client.send(req, res, err)) throw std::runtime_error("mock admin " + path + ": " + httplib::to_string(err));
    if (res.status >= 400) throw std::runtime_error("mock admin " + path + ": HTTP " + std::to_string(res.status) + " " + res.body);
    if (res.body.empty()) return nullptr;
    return boost::json::parse(res.body);
}

boost::json::array MockServer::journal() const {
    boost::json::value v = admin("GET", "/__admin/requests");
    if (v.is_array()) return std::move(v.as_array());
    if (v.is_object())
        if (auto* r = v.as_object().if_contains("requests"); r && r->is_array()) return std::move(r->as_array());
    throw std::runtime_error("mock journal has an unexpected shape: " + boost::json::serialize(v));
}

void MockServer::clear_journal() const { admin("DELETE", "/__admin/requests"); }
void MockServer::reset() const { admin("POST", "/__admin/reset"); }
#endif

PluginUnderTest::PluginUnderTest(std::string plugin_id, boost::json::object config, host::InstanceOptions options) {
    const auto plugin = built_plugins().find(plugin_id);
    if (!plugin) throw std::runtime_error("plugin '" + plugin_id + "' is not in " PHOTOBRIDGE_PLUGIN_OUTPUT_DIR);
    instance_ = std::make_shared<host::PluginInstance>(plugin, config, std::move(options));
}

host::InvokeResult PluginUnderTest::call(std::string_view operation, const boost::json::value& request,
                                         std::string_view input_bytes) const {
    return instance_->invoke(operation, request, input_bytes);
}

boost::json::value PluginUnderTest::manifest() const { return instance_->plugin().manifest->document(); }

boost::json::array read_all(const PluginUnderTest& plugin, std::string_view stream, boost::json::object params,
                            std::optional<std::int64_t> page_size) {
    boost::json::array all;
    host::for_each_page(plugin.instance(), stream, params, std::nullopt, page_size, [&](host::StreamPage& page) {
        for (auto& r : page.records) all.push_back(std::move(r));
        return true;
    });
    return all;
}

}  // namespace photobridge::testing
