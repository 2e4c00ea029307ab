// A loopback HTTP server that answers fixed bodies per path, for the answers
// the mock server never gives (malformed JSON, wrong field types, redirects).
// Binds 127.0.0.1 on a free port; stops in the destructor.
#pragma once

#include <httplib.h>

#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace canned {

struct Answer {
    Answer(int status_, std::string body_, std::string content_type_ = "application/json",
           std::vector<std::pair<std::string, std::string>> headers_ = {})
        : status(status_), body(std::move(body_)), content_type(std::move(content_type_)), headers(std::move(headers_)) {}
    int status;
    std::string body;
    std::string content_type;
    std::vector<std::pair<std::string, std::string>> headers;
};

class Server {
public:
    Server() {
        server_.set_tcp_nodelay(true);
        server_.set_keep_alive_max_count(1);  // close after each answer: stop() never waits on an idle client
        server_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) { answer(req, res); });
        server_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) { answer(req, res); });
        port_ = server_.bind_to_any_port("127.0.0.1");
        if (port_ <= 0) throw std::runtime_error("canned server: cannot bind 127.0.0.1");
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

    // Serve `answer` for requests to `path` (query ignored) from now on.
    void on(const std::string& path, Answer answer) {
        std::lock_guard lock(mutex_);
        answers_.insert_or_assign(path, std::move(answer));
    }

    // Headers of the last request (names as sent).
    httplib::Headers last_headers() const {
        std::lock_guard lock(mutex_);
        return last_headers_;
    }

private:
    void answer(const httplib::Request& req, httplib::Response& res) {
        std::lock_guard lock(mutex_);
        last_headers_ = req.headers;
        const auto it = answers_.find(req.path);
        if (it == answers_.end()) {
            res.status = 599;
            res.set_content("{\"message\":\"canned server has no answer for " + req.path + "\"}", "application/json");
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
    httplib::Headers last_headers_;
};

}  // namespace canned
