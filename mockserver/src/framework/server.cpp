// photobridge::mock::Server: wires the fixtures, the admin API and the
// provider handler into a cpp-httplib server running on a background thread.
#include "photobridge/mock/server.hpp"

#include "admin_api.hpp"
#include "dataset_factory.hpp"
#include "fixture_loader.hpp"
#include "provider_handler.hpp"
#include "server_state.hpp"

#include <httplib.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <utility>

#ifndef PHOTOBRIDGE_MOCK_DEFAULT_FIXTURES_DIR
#error "PHOTOBRIDGE_MOCK_DEFAULT_FIXTURES_DIR must be defined by the build"
#endif

namespace photobridge::mock {

struct Server::Impl {
    ServerOptions options;
    std::unique_ptr<ServerState> state;
    std::unique_ptr<httplib::Server> http;
    std::thread thread;
    int port = 0;
    bool running = false;

    void configure_http();
};

namespace {

// One worker per connection is how cpp-httplib serves keep-alive; size the
// pool for the expected client count (wrk uses 16) with headroom.
std::size_t worker_count() {
    const std::size_t hw = std::max(1u, std::thread::hardware_concurrency());
    return std::max<std::size_t>(64, hw * 8);
}

bool has_request_body(const httplib::Request& req) {
    if (req.has_header("Transfer-Encoding")) return true;
    const std::string length = req.get_header_value("Content-Length");
    return !length.empty() && length != "0";
}

void dispatch(ServerState& state, const httplib::Request& req, httplib::Response& res) {
    if (req.path.compare(0, kAdminPrefix.size(), kAdminPrefix) == 0) handle_admin_request(state, req, res);
    else handle_provider_request(state, req, res);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

}  // namespace

void Server::Impl::configure_http() {
    http = std::make_unique<httplib::Server>();
    const std::size_t workers = worker_count();
    http->new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
    http->set_tcp_nodelay(true);
    http->set_keep_alive_max_count(100000);
    http->set_keep_alive_timeout(5);  // bounds how long stop() waits on an idle keep-alive client
    http->set_payload_max_length(options.max_body_bytes);
    ServerState* s = state.get();
    // Requests without a body are answered before cpp-httplib's regex routing
    // (the hot path); requests with a body go through the catch-all handlers
    // below, after cpp-httplib has read the body (and parsed multipart parts)
    // within the payload limit.
    const std::size_t max_body = options.max_body_bytes;
    http->set_pre_routing_handler([s, max_body](const httplib::Request& req, httplib::Response& res) {
        if (has_request_body(req)) {
            // Refuse an announced oversized body before a byte of it is read
            // (cpp-httplib itself would read and discard it first).
            const std::string length = req.get_header_value("Content-Length");
            std::size_t announced = 0;
            auto [ptr, ec] = std::from_chars(length.data(), length.data() + length.size(), announced);
            if (!length.empty() && (ec != std::errc() || ptr != length.data() + length.size() || announced > max_body)) {
                res.status = ec == std::errc() ? 413 : 400;
                res.set_header("Connection", "close");
                boost::json::object o;
                o["error"] = res.status == 413 ? "payload_too_large" : "bad_content_length";
                o["message"] = res.status == 413 ? "request body of " + length + " bytes exceeds the mock's limit of " +
                                                       std::to_string(max_body) + " bytes; it was not read"
                                                 : "Content-Length is not a number";
                res.set_content(boost::json::serialize(o), "application/json");
                return httplib::Server::HandlerResponse::Handled;
            }
            return httplib::Server::HandlerResponse::Unhandled;
        }
        dispatch(*s, req, res);
        return httplib::Server::HandlerResponse::Handled;
    });
    auto handler = [s](const httplib::Request& req, httplib::Response& res) { dispatch(*s, req, res); };
    http->Get(".*", handler);
    http->Post(".*", handler);
    http->Put(".*", handler);
    http->Patch(".*", handler);
    http->Delete(".*", handler);
    http->Options(".*", handler);
    // Errors cpp-httplib produces itself (413 payload too large, 400 bad
    // request line) get a JSON body too.
    http->set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty() || res.has_header("Content-Type")) return httplib::Server::HandlerResponse::Unhandled;
        boost::json::object o;
        o["error"] = res.status == 413 ? "payload_too_large" : "http_error";
        o["message"] = res.status == 413 ? "request body exceeds the mock's limit; it was not read"
                                         : "request rejected by the HTTP layer with status " + std::to_string(res.status);
        res.set_content(boost::json::serialize(o), "application/json");
        return httplib::Server::HandlerResponse::Handled;
    }));
    http->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown error";
        try {
            if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        boost::json::object o;
        o["error"] = "mock_internal_error";
        o["message"] = what;
        res.status = 500;
        res.set_content(boost::json::serialize(o), "application/json");
    });
}

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>()) { impl_->options = std::move(options); }

Server::~Server() { stop(); }

int Server::start() {
    if (impl_->running) return impl_->port;
    ServerOptions& o = impl_->options;
    for (const auto& [name, time] : {std::pair{"dataset_generation_time", o.dataset_generation_time},
                                     std::pair{"dataset_face_detection_time", o.dataset_face_detection_time}}) {
        if (time && time->count() < 0)
            throw std::runtime_error(std::string(name) + " must not be negative, got " + std::to_string(time->count()) +
                                     " ms");
    }
    std::vector<std::string> fixture_dirs;
    if (o.builtin_fixtures)
        fixture_dirs.push_back(o.builtin_fixtures_dir.empty() ? std::string(PHOTOBRIDGE_MOCK_DEFAULT_FIXTURES_DIR)
                                                              : o.builtin_fixtures_dir);
    fixture_dirs.insert(fixture_dirs.end(), o.extra_fixture_dirs.begin(), o.extra_fixture_dirs.end());
    if (fixture_dirs.empty())
        throw std::runtime_error("no fixtures to serve: the built-in fixtures are off and no fixtures folder is given");
    impl_->state = std::make_unique<ServerState>(o, load_fixtures(fixture_dirs, o.providers), builtin_providers());
    ServerState& state = *impl_->state;
    if (!o.faults_file.empty()) {
        boost::json::error_code ec;
        auto doc = boost::json::parse(read_file(o.faults_file), ec);
        if (ec) throw std::runtime_error("invalid JSON in faults file " + o.faults_file + ": " + ec.message());
        try {
            state.faults.load(doc, true);
        } catch (const std::exception& e) {
            throw std::runtime_error("faults file " + o.faults_file + ": " + e.what());
        }
    }
    if (o.dataset) {
        DatasetOptions dataset{*o.dataset, o.seed, o.dataset_selection_limit, o.dataset_generation_time,
                               o.dataset_face_detection_time, o.dataset_image_bytes};
        for (const auto& provider : state.catalog.providers) {
            const ProviderRules* rules = state.providers.find(provider->id);
            state.backends.push_back(make_provider_dataset(*provider, rules, dataset));
        }
    }
    impl_->configure_http();
    int port = o.port == 0 ? impl_->http->bind_to_any_port(o.host)
                           : (impl_->http->bind_to_port(o.host, o.port) ? o.port : -1);
    if (port <= 0) throw std::runtime_error("cannot bind " + o.host + ":" + std::to_string(o.port));
    state.port = port;
    impl_->port = port;
    impl_->thread = std::thread([http = impl_->http.get()] { http->listen_after_bind(); });
    // The socket already listens (bind_to_* calls listen()); wait until the
    // accept loop runs so that "listening" is true when we return.
    for (int i = 0; i < 5000 && !impl_->http->is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    impl_->running = true;
    return port;
}

void Server::stop() {
    if (!impl_ || !impl_->running) return;
    impl_->http->stop();
    if (impl_->thread.joinable()) impl_->thread.join();
    impl_->running = false;
}

std::string Server::base_url() const { return "http://" + impl_->options.host + ":" + std::to_string(impl_->port); }

}  // namespace photobridge::mock
