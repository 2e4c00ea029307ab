// A loopback HTTP server that answers fixed bodies per path, for the answers
// the mock server never gives (malformed JSON, wrong field types, redirects).
// Binds 127.0.0.1 on a free port; stops in the destructor.
#pragma once

#include "support/loopback_server.hpp"

#include <httplib.h>

#include <map>
#include <mutex>
#include <string>
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

// A request as the server received it.
struct SeenRequest {
    std::string method;
    std::string target;  // path and raw query, as sent
    httplib::Headers headers;
    std::string body;
};

class Server {
public:
    Server() = default;
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    std::string url() const { return http_.url(); }

    // Serve `answer` for requests to `path` (query ignored) from now on.
    void on(const std::string& path, Answer answer) {
        std::lock_guard lock(mutex_);
        answers_.insert_or_assign(path, std::move(answer));
    }

    // Headers of the last request (names as sent).
    httplib::Headers last_headers() const {
        std::lock_guard lock(mutex_);
        return seen_.empty() ? httplib::Headers{} : seen_.back().headers;
    }

    // Every request so far, oldest first.
    std::vector<SeenRequest> seen() const {
        std::lock_guard lock(mutex_);
        return seen_;
    }

private:
    void answer(const httplib::Request& req, httplib::Response& res) {
        std::lock_guard lock(mutex_);
        seen_.push_back({req.method, req.target, req.headers, req.body});
        const auto it = answers_.find(req.path);
        photobridge::testing::write_answer(res, it == answers_.end() ? nullptr : &it->second, "canned server", req.path);
    }

    mutable std::mutex mutex_;
    std::map<std::string, Answer> answers_;
    std::vector<SeenRequest> seen_;
    photobridge::testing::LoopbackServer http_{"canned server", [this](const httplib::Request& req, httplib::Response& res) {
                                                   answer(req, res);
                                               }};  // last: stops before the members above go
};

}  // namespace canned
