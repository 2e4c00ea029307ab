// Helpers for the isolation suite: a registry with the build's plugins and
// the isolation fixtures (crashing, aborting, hanging, leaking) and the host
// fixtures extensions and throwing, isolated
// instances of them, and the failure a call ends with.
#pragma once

#include "host/invoke_error.hpp"
#include "host/plugin_instance.hpp"
#include "host/plugin_registry.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace isolation_test {

namespace host = photobridge::host;

// The build's plugins, the isolation fixtures and the host fixtures
// (extensions). Loaded once; read-only afterwards.
const host::PluginRegistry& registry();

// Settings with a short call deadline (for the tests that hang) and a
// memory limit a leak reaches quickly.
host::IsolationSettings quick_settings(std::chrono::milliseconds deadline = std::chrono::milliseconds(10000),
                                       std::uint64_t memory_limit_mb = 384);

// An instance of `plugin_id` in its own child process.
std::unique_ptr<host::PluginInstance> isolated(const std::string& plugin_id, const boost::json::object& config,
                                               host::IsolationSettings settings = quick_settings(),
                                               host::InstanceOptions options = {});

// The InvokeError `call` throws; fails the test when it throws none.
host::InvokeError failure_of(const std::function<void()>& call);

// Whether `pid` names a process that still runs (a zombie does not).
bool process_runs(int pid);

}  // namespace isolation_test
