// The loopback HTTP servers of the snapbar contract tests, both on 127.0.0.1
// (a free port) and stopped by their destructors:
//  - RecordingProxy forwards every request to the mock unchanged, optionally
//    adding `Prefer: example=NAME` (to reach the documented examples that have
//    no trigger), and records what the plugin sent, bodies included (the
//    mock's journal keeps only body sizes).
//  - CannedServer (support/canned_server.hpp) answers fixed bodies per path:
//    malformed JSON, wrong field types, a CDN on another origin.
#pragma once

#include "support/canned_server.hpp"
#include "support/loopback_server.hpp"

#include <httplib.h>

#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sb_test {

using SeenRequest = canned::SeenRequest;
using CannedServer = canned::Server;

class RecordingProxy {
public:
    // `upstream` is the mock's http://127.0.0.1:PORT.
    explicit RecordingProxy(std::string upstream) : upstream_(std::move(upstream)) {}

    std::string url() const { return http_.url(); }

    // Every request the plugin sent, oldest first.
    std::vector<SeenRequest> seen() const {
        std::lock_guard lock(mutex_);
        return seen_;
    }

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
            seen_.push_back({req.method, req.target, req.headers, req.body});
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

    const std::string upstream_;
    mutable std::mutex mutex_;
    std::optional<std::string> prefer_;
    std::vector<SeenRequest> seen_;
    photobridge::testing::LoopbackServer http_{"recording proxy", [this](const httplib::Request& req, httplib::Response& res) {
                                                   forward(req, res);
                                               }};  // last: stops before the members above go
};

}  // namespace sb_test
