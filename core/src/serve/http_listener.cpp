#include "serve/http_listener.hpp"

#include <httplib.h>

#include <boost/json.hpp>

#include <chrono>

namespace photobridge::serve {
namespace {

void send(httplib::Response& res, const HttpAnswer& answer) {
    res.status = answer.status;
    res.set_content(answer.body, answer.content_type.c_str());
}

HttpAnswer json_error(int status, const std::string& message) {
    return HttpAnswer{status, boost::json::serialize(boost::json::object{{"error", message}})};
}

}  // namespace

HttpListener::HttpListener(std::string host, int port, ServeEndpoints& endpoints)
    : host_(std::move(host)), port_(port), endpoints_(endpoints) {}

HttpListener::~HttpListener() { stop(); }

int HttpListener::start() {
    if (server_) return port_;
    auto server = std::make_unique<httplib::Server>();
    server->set_tcp_nodelay(true);
    server->set_keep_alive_timeout(5);  // bounds how long stop() waits for an idle keep-alive client
    server->set_payload_max_length(kMaxWebhookBodyBytes);
    server->new_task_queue = [] { return new httplib::ThreadPool(8); };

    server->Post(R"(/hooks/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
        const auto header = [&req](const std::string& name) -> std::optional<std::string> {
            if (!req.has_header(name.c_str())) return std::nullopt;
            return req.get_header_value(name.c_str());
        };
        send(res, endpoints_.webhook_endpoint(req.matches[1].str(), header, req.body));
    });
    server->Get("/healthz", [this](const httplib::Request&, httplib::Response& res) { send(res, endpoints_.healthz_endpoint()); });
    server->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) { send(res, endpoints_.metrics_endpoint()); });
    for (const char* path : {R"(/hooks/([^/]+))", "/healthz", "/metrics"}) {
        const auto not_allowed = [](const httplib::Request&, httplib::Response& res) {
            send(res, json_error(405, "method not allowed"));
        };
        server->Put(path, not_allowed);
        server->Delete(path, not_allowed);
        server->Patch(path, not_allowed);
    }
    server->Get(R"(/hooks/([^/]+))", [](const httplib::Request&, httplib::Response& res) {
        send(res, json_error(405, "webhooks are delivered with POST"));
    });
    server->set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (res.status == 404) send(res, json_error(404, "not found"));
        else if (res.body.empty()) send(res, json_error(res.status, "request refused"));
    });
    server->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        send(res, json_error(500, "internal error"));
    });

    const int bound = port_ == 0 ? server->bind_to_any_port(host_) : (server->bind_to_port(host_, port_) ? port_ : -1);
    if (bound <= 0) throw std::runtime_error("cannot listen on " + host_ + ":" + std::to_string(port_));
    port_ = bound;
    server_ = std::move(server);
    thread_ = std::thread([s = server_.get()] { s->listen_after_bind(); });
    // The socket listens already; wait for the accept loop so that a caller
    // told "listening" can connect at once.
    for (int i = 0; i < 5000 && !server_->is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return port_;
}

void HttpListener::stop() {
    if (!server_) return;
    server_->stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
}

}  // namespace photobridge::serve
