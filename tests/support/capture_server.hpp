// A loopback HTTP server that records every request in full (headers, body,
// query parameters, multipart parts) and answers canned responses per
// "METHOD /path". It covers what the mock's journal does not record (bodies
// and multipart parts) and answers the mock never gives (malformed JSON,
// undocumented shapes). Binds 127.0.0.1 on a free port; stops in the
// destructor.
#pragma once

#include "support/loopback_server.hpp"

#include <httplib.h>

#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace capture {

struct Answer {
    int status = 200;
    std::string body;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
};

inline Answer reply(int status, std::string body, std::string content_type = "application/json",
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    return Answer{status, std::move(body), std::move(content_type), std::move(headers)};
}

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
    Server() = default;
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    std::string url() const { return http_.url(); }
    int port() const { return http_.port(); }

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
        const std::string key = req.method + " " + req.path;
        const auto it = answers_.find(key);
        photobridge::testing::write_answer(res, it == answers_.end() ? nullptr : &it->second, "capture server", key);
    }

    mutable std::mutex mutex_;
    std::map<std::string, Answer> answers_;
    std::vector<Request> requests_;
    photobridge::testing::LoopbackServer http_{"capture server", [this](const httplib::Request& req, httplib::Response& res) {
                                                   answer(req, res);
                                               }};  // last: stops before the members above go
};

}  // namespace capture
