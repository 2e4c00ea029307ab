// Helpers for the engine suite: temporary folders, a counting HTTP server
// (the far side of the hello plugin's `fetch`, so tests count sink writes
// where they land), and workflows built directly as structs.
#pragma once

#include "support/test_files.hpp"
#include "engine/run_engine.hpp"
#include "model/workflow.hpp"
#include "state/state_store.hpp"

#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace engine_test {

namespace engine = photobridge::engine;
namespace model = photobridge::model;

// A fresh folder under /tmp, removed with everything in it.
using TempDir = photobridge::testing::TempDir;  // support/test_files.hpp

// An HTTP server on 127.0.0.1:0 that counts GETs per path and answers
// {"ok":true}; `fail_first` makes the first N requests of each path answer
// `fail_status` (with Retry-After: 0 for 429).
class CountingServer {
public:
    explicit CountingServer(int fail_first = 0, int fail_status = 503);
    ~CountingServer();
    std::string url() const;
    int count(const std::string& path) const;
    std::map<std::string, int> counts() const;
    int total() const;
    // Requests may wait this long before being answered.
    void set_delay(std::chrono::milliseconds d) { delay_ms_ = static_cast<int>(d.count()); }

private:
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    int fail_first_;
    int fail_status_;
    std::atomic<int> delay_ms_{0};
    mutable std::mutex mutex_;
    std::map<std::string, int> counts_;
};

// source: hello.numbers (1..count) -> sink: hello.fetch GET /item/{id} on `server_url`.
model::Workflow hello_fetch_workflow(const std::string& name, int count, int page_size, const std::string& server_url);

// Runs quietly (no progress); aborts the test if the run cannot start.
engine::RunSummary run(const model::Workflow& wf, photobridge::state::StateStore* store,
                       engine::RunOptions options = {});

}  // namespace engine_test
