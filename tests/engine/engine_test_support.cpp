#include "engine_test_support.hpp"

#include "support/harness.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <sstream>

namespace engine_test {

CountingServer::CountingServer(int fail_first, int fail_status) : fail_first_(fail_first), fail_status_(fail_status) {
    server_.set_tcp_nodelay(true);
    server_.Get(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
        if (int d = delay_ms_.load(); d > 0) std::this_thread::sleep_for(std::chrono::milliseconds(d));
        int n;
        {
            std::lock_guard lock(mutex_);
            n = ++counts_[req.path];
        }
        if (n <= fail_first_) {
            res.status = fail_status_;
            if (fail_status_ == 429) res.set_header("Retry-After", "0");
            res.set_content(R"({"error":"try again"})", "application/json");
            return;
        }
        res.set_content(R"({"ok":true})", "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 200 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

CountingServer::~CountingServer() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
}

std::string CountingServer::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

int CountingServer::count(const std::string& path) const {
    std::lock_guard lock(mutex_);
    auto it = counts_.find(path);
    return it == counts_.end() ? 0 : it->second;
}

std::map<std::string, int> CountingServer::counts() const {
    std::lock_guard lock(mutex_);
    return counts_;
}

int CountingServer::total() const {
    std::lock_guard lock(mutex_);
    int n = 0;
    for (const auto& [_, c] : counts_) n += c;
    return n;
}

model::Workflow hello_fetch_workflow(const std::string& name, int count, int page_size, const std::string& server_url) {
    model::Workflow wf;
    wf.file = "";
    wf.name = name;
    model::Connection h;
    h.name = "h";
    h.plugin = "hello";
    h.config = boost::json::object{{"base_url", server_url}, {"token", "secret-token-123"}};
    wf.connections["h"] = h;
    wf.source.connection = "h";
    wf.source.stream = "numbers";
    wf.source.params = boost::json::object{{"count", count}};
    wf.source.page_size = page_size;
    model::Sink sink;
    sink.id = "h.fetch";
    sink.connection = "h";
    sink.action = "fetch";
    sink.params = model::RecordTemplateObject(boost::json::object{{"path", "/item/{id}"}});
    wf.sinks.push_back(sink);
    wf.policy.key = model::RecordTemplate("{id}");
    wf.policy.concurrency = 4;
    wf.policy.retry = model::RetryPolicy{3, 1, 5};
    wf.policy.queue_capacity = 16;
    wf.policy.timeout_ms = 5000;
    return wf;
}

engine::RunSummary run(const model::Workflow& wf, photobridge::state::StateStore* store, engine::RunOptions options) {
    return engine::run_workflow(wf, photobridge::testing::built_plugins(), store, options);
}

}  // namespace engine_test
