// An HTTP server on 127.0.0.1 (a free port) for the plugin tests' own
// servers (canned answers, capture, a recording proxy): every request, of
// any method, goes to one handler on the server's thread. write_answer()
// gives a canned answer.
//
// Lifetime: serving from construction until the destructor, which stops the
// server and joins its thread, so no handler runs after it returns. An owner
// whose handler uses its other members declares the LoopbackServer as its
// last member: constructed after them, destroyed before them.
// One request per connection: the host caches keep-alive clients per
// thread, and stop() would otherwise wait out those idle connections.
// Header-only.
#pragma once

#include <httplib.h>

#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

namespace photobridge::testing {

class LoopbackServer {
public:
    using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

    // `name` names the server in the error thrown when it cannot bind.
    LoopbackServer(std::string_view name, Handler handler) : handler_(std::move(handler)) {
        server_.set_tcp_nodelay(true);
        server_.set_keep_alive_max_count(1);
        const auto h = [this](const httplib::Request& req, httplib::Response& res) { handler_(req, res); };
        server_.Get(".*", h);
        server_.Post(".*", h);
        server_.Put(".*", h);
        server_.Patch(".*", h);
        server_.Delete(".*", h);
        port_ = server_.bind_to_any_port("127.0.0.1");
        if (port_ <= 0) throw std::runtime_error(std::string(name).append(": cannot bind 127.0.0.1"));
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        for (int i = 0; i < 500 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ~LoopbackServer() {
        server_.stop();
        if (thread_.joinable()) thread_.join();
    }
    LoopbackServer(const LoopbackServer&) = delete;
    LoopbackServer& operator=(const LoopbackServer&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int port() const { return port_; }

private:
    Handler handler_;
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
};

// Writes a canned answer into `res`: its status, headers, body and content
// type (members of `Answer`); when `answer` is null, 599 with a message
// naming `server` and `request`, so that a test missing an answer sees
// which request it was.
template <class Answer>
void write_answer(httplib::Response& res, const Answer* answer, std::string_view server, std::string_view request) {
    if (answer == nullptr) {
        std::string message = "{\"message\":\"";
        message.append(server).append(" has no answer for ").append(request).append("\"}");
        res.status = 599;
        res.set_content(message, "application/json");
        return;
    }
    res.status = answer->status;
    for (const auto& [k, v] : answer->headers) res.set_header(k, v);
    res.set_content(answer->body, answer->content_type);
}

}  // namespace photobridge::testing
