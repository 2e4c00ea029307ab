// A loopback HTTP server that records every request in full (headers, body,
// query parameters, multipart parts) and answers canned responses per
// "METHOD /path". It covers what the mock's journal does not record (bodies
// and multipart parts) and answers the mock never gives (malformed JSON,
// undocumented shapes). Binds 127.0.0.1 on a free port; stops in the
// destructor.
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

namespace capture {

struct Answer {
    int status = 200;
    std::string body;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
};

struct Part {
    std::string content;
    std::string filename;
    std::string content_type;
};

struct Request {
    std::string method;
    std::string path;
    std::multimap<std::string, std::string> query;
    httplib::Headers headers;
    std::string body;  // empty for multipart (see parts)
    std::multimap<std::string, Part> parts;

    std::optional<std::string> header(const std::string& name) const {
        auto it = headers.find(name);  // httplib::Headers compares names case-insensitively
        if (it == headers.end()) return std::nullopt;
        return it->second;
    }
    std::size_t header_count(const std::string& name) const { return headers.count(name); }
};

class Server {
public:
    Server() {
        server_.set_tcp_nodelay(true);
        // One request per connection: the host caches keep-alive clients per
        // thread, and stop() would otherwise wait for those idle connections.
        server_.set_keep_alive_max_count(1);
        const auto handler = [this](const httplib::Request& req, httplib::Response& res) { answer(req, res); };
        server_.Get(".*", handler);
        server_.Post(".*", handler);
        server_.Put(".*", handler);
        server_.Patch(".*", handler);
        server_.Delete(".*", handler);
        port_ = server_.bind_to_any_port("127.0.0.1");
        if (port_ <= 0) throw std::runtime_error("capture server: cannot bind 127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        for (int i = 0; i < 500 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ~Server() {
        server_.stop();
        if (thread_.joinable()) thread_.join();
    }
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int port() const { return port_; }

    // Answer requests "METHOD /path" (query ignored) with `answer` from now on.
    void on(const std::string& method, const std::string& path, Answer answer) {
        std::lock_guard lock(mutex_);
        answers_[method + " " + path] = std::move(answer);
    }

    std::vector<Request> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }
    Request last() const {
        std::lock_guard lock(mutex_);
        if (requests_.empty()) throw std::runtime_error("capture server: no request received");
        return requests_.back();
    }

private:
    void answer(const httplib::Request& req, httplib::Response& res) {
        Request r;
        r.method = req.method;
        r.path = req.path;
        for (const auto& [k, v] : req.params) r.query.emplace(k, v);
        r.headers = req.headers;
        r.body = req.body;
        for (const auto& [name, file] : req.files) r.parts.emplace(name, Part{file.content, file.filename, file.content_type});
        std::lock_guard lock(mutex_);
        requests_.push_back(std::move(r));
        const auto it = answers_.find(req.method + " " + req.path);
        if (it == answers_.end()) {
            res.status = 599;
            res.set_content("{\"message\":\"capture server has no answer for " + req.method + " " + req.path + "\"}",
                            "application/json");
            return;
        }
        res.status = it->second.status;
        for (const auto& [k, v] : it->second.headers) res.set_header(k, v);
        res.set_content(it->second.body, it->second.content_type);
    }

    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
    mutable std::mutex mutex_;
    std::map<std::string, Answer> answers_;
    std::vector<Request> requests_;
};

}  // namespace capture
