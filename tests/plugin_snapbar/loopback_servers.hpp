// Two loopback HTTP servers for the snapbar contract tests, both bound to
// 127.0.0.1 on a free port and stopped by their destructors:
//  - RecordingProxy forwards every request to the mock unchanged, optionally
//    adding `Prefer: example=NAME` (to reach the documented examples that have
//    no trigger), and records what the plugin sent, bodies included (the
//    mock's journal keeps only body sizes).
//  - CannedServer answers fixed bodies per path: malformed JSON, wrong field
//    types, a CDN on another origin.
#pragma once

#include <httplib.h>

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace sb_test {

struct SeenRequest {
    std::string method;
    std::string target;  // path and raw query, as sent
    httplib::Headers headers;
    std::string body;
};

// Base: owns the httplib server and its thread.
class LoopbackServer {
public:
    LoopbackServer(const LoopbackServer&) = delete;
    LoopbackServer& operator=(const LoopbackServer&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    std::vector<SeenRequest> seen() const {
        std::lock_guard lock(mutex_);
        return seen_;
    }
    void clear_seen() {
        std::lock_guard lock(mutex_);
        seen_.clear();
    }

protected:
    LoopbackServer() { server_.set_tcp_nodelay(true); }
    ~LoopbackServer() { stop(); }

    // Derived destructors call this first, so no handler runs on a half-destroyed object.
    void stop() {
        server_.stop();
        if (thread_.joinable()) thread_.join();
    }

    template <typename Handler>
    void start(Handler handler) {
        auto h = [this, handler](const httplib::Request& req, httplib::Response& res) {
            {
                std::lock_guard lock(mutex_);
                seen_.push_back({req.method, req.target, req.headers, req.body});
            }
            handler(req, res);
        };
        server_.Get(".*", h);
        server_.Post(".*", h);
        server_.Put(".*", h);
        server_.Patch(".*", h);
        server_.Delete(".*", h);
        port_ = server_.bind_to_any_port("127.0.0.1");
        if (port_ <= 0) throw std::runtime_error("loopback server: cannot bind 127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        for (int i = 0; i < 500 && !server_.is_running(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }

    mutable std::mutex mutex_;

private:
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
    std::vector<SeenRequest> seen_;
};

class RecordingProxy : public LoopbackServer {
public:
    // `upstream` is the mock's http://127.0.0.1:PORT.
    explicit RecordingProxy(std::string upstream) : upstream_(std::move(upstream)) {
        start([this](const httplib::Request& req, httplib::Response& res) { forward(req, res); });
    }
    ~RecordingProxy() { stop(); }

    // Adds `Prefer: example=NAME` to the forwarded requests from now on
    // (nullopt: stop adding it).
    void prefer_example(std::optional<std::string> name) {
        std::lock_guard lock(mutex_);
        prefer_ = std::move(name);
    }

private:
    void forward(const httplib::Request& req, httplib::Response& res) {
        httplib::Request out;
        out.method = req.method;
        out.path = req.target;
        for (const auto& [k, v] : req.headers) {
            if (k == "Host" || k == "Content-Length" || k == "REMOTE_ADDR" || k == "REMOTE_PORT" || k == "LOCAL_ADDR" ||
                k == "LOCAL_PORT")
                continue;
            out.headers.emplace(k, v);
        }
        {
            std::lock_guard lock(mutex_);
            if (prefer_) out.headers.emplace("Prefer", "example=" + *prefer_);
        }
        out.body = req.body;
        httplib::Client client(upstream_);
        client.set_tcp_nodelay(true);
        auto result = client.send(out);
        if (!result) {
            res.status = 502;
            res.set_content("{\"error\":\"proxy: upstream unreachable\"}", "application/json");
            return;
        }
        res.status = result->status;
        const std::string type = result->get_header_value("Content-Type");
        res.set_content(result->body, type.empty() ? "application/octet-stream" : type);
    }

    std::string upstream_;
    std::optional<std::string> prefer_;
};

struct Answer {
    int status = 200;
    std::string body;
    std::string content_type = "application/json";
};

class CannedServer : public LoopbackServer {
public:
    CannedServer() {
        start([this](const httplib::Request& req, httplib::Response& res) { answer(req, res); });
    }
    ~CannedServer() { stop(); }

    // Serve `answer` for requests to `path` (query ignored) from now on.
    void on(const std::string& path, Answer answer) {
        std::lock_guard lock(mutex_);
        answers_[path] = std::move(answer);
    }

private:
    void answer(const httplib::Request& req, httplib::Response& res) {
        std::lock_guard lock(mutex_);
        const auto it = answers_.find(req.path);
        if (it == answers_.end()) {
            res.status = 599;
            res.set_content("{\"error\":\"canned server has no answer for this path\"}", "application/json");
            return;
        }
        res.status = it->second.status;
        if (it->second.content_type.empty())
            res.body = it->second.body;
        else
            res.set_content(it->second.body, it->second.content_type);
    }

    std::map<std::string, Answer> answers_;
};

}  // namespace sb_test
