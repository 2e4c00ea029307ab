// photobridge::testing::MockServer: the mock library started in-process,
// and its admin API (sdk-docs/mockserver.md, "Admin API") over loopback.
#include <photobridge/testing.hpp>

#include "testing/bundled_paths.hpp"

#include <photobridge/mock/server.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <httplib.h>

#include <utility>

namespace photobridge::testing {
namespace {

mock::ServerOptions server_options(MockOptions options) {
    mock::ServerOptions o;
    o.providers = std::move(options.providers);
    o.dataset = options.dataset;
    o.seed = options.seed;
    o.token = std::move(options.token);
    o.faults_file = std::move(options.faults_file);
    o.dataset_selection_limit = options.dataset_selection_limit;
    o.dataset_generation_time = options.dataset_generation_time;
    o.dataset_face_detection_time = options.dataset_face_detection_time;
    o.journal_capacity = options.journal_capacity;
    o.max_body_bytes = options.max_body_bytes;
    o.dataset_image_bytes = options.dataset_image_bytes;
    o.builtin_fixtures = options.builtin_fixtures;
    o.builtin_fixtures_dir = bundled_fixtures_dir().string();
    o.extra_fixture_dirs = std::move(options.fixture_dirs);
    return o;
}

}  // namespace

struct MockServer::Impl {
    explicit Impl(MockOptions options) : server(server_options(std::move(options))) { port = server.start(); }
    ~Impl() { server.stop(); }
    mock::Server server;
    int port = 0;
};

MockServer::MockServer(MockOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
MockServer::~MockServer() = default;

std::string MockServer::base_url() const { return "http://127.0.0.1:" + std::to_string(impl_->port); }

std::string MockServer::provider_url(std::string_view provider) const {
    return base_url() + "/" + std::string(provider);
}

boost::json::value MockServer::admin(const std::string& method, const std::string& path, const std::string& body) const {
    httplib::Client client("127.0.0.1", impl_->port);
    client.set_tcp_nodelay(true);
    httplib::Request req;
    req.method = method;
    req.path = path;
    req.body = body;
    if (!body.empty()) req.headers.emplace("Content-Type", "application/json");
    httplib::Response res;
    httplib::Error err = httplib::Error::Success;
    if (!client.send(req, res, err)) throw std::runtime_error("mock admin " + path + ": " + httplib::to_string(err));
    if (res.status >= 400)
        throw std::runtime_error("mock admin " + path + ": HTTP " + std::to_string(res.status) + " " + res.body);
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
boost::json::value MockServer::coverage() const { return admin("GET", "/__admin/coverage"); }

void MockServer::set_faults(const boost::json::array& rules) const {
    admin("POST", "/__admin/faults", boost::json::serialize(boost::json::object{{"rules", rules}}));
}

void MockServer::clear_faults() const { admin("DELETE", "/__admin/faults"); }

FaultRules::FaultRules(const MockServer& mock, const boost::json::array& rules) : mock_(mock) { mock_.set_faults(rules); }

FaultRules::~FaultRules() {
    try {
        mock_.clear_faults();
    } catch (...) {
        // A destructor must not throw; the next reset() clears the rules too.
    }
}

}  // namespace photobridge::testing
