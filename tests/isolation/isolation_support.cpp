#include "isolation/isolation_support.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <csignal>
#include <fstream>
#include <string>

namespace isolation_test {

const host::PluginRegistry& registry() {
    static const host::PluginRegistry loaded = [] {
        host::PluginRegistry r;
        r.load_search_path({PHOTOBRIDGE_PLUGIN_OUTPUT_DIR, PHOTOBRIDGE_ISOLATION_FIXTURE_DIR,
                            std::string(PHOTOBRIDGE_FIXTURE_DIR) + "/extensions",
                            std::string(PHOTOBRIDGE_FIXTURE_DIR) + "/throwing"});
        return r;
    }();
    return loaded;
}

host::IsolationSettings quick_settings(std::chrono::milliseconds deadline, std::uint64_t memory_limit_mb) {
    host::IsolationSettings settings;
    settings.call_deadline = deadline;
    settings.memory_limit_mb = memory_limit_mb;
    return settings;
}

std::unique_ptr<host::PluginInstance> isolated(const std::string& plugin_id, const boost::json::object& config,
                                               host::IsolationSettings settings, host::InstanceOptions options) {
    auto plugin = registry().find(plugin_id);
    REQUIRE_MESSAGE(plugin, "no plugin " << plugin_id);
    options.isolation = settings;
    return std::make_unique<host::PluginInstance>(plugin, config, std::move(options));
}

host::InvokeError failure_of(const std::function<void()>& call) {
    try {
        call();
    } catch (const host::InvokeError& e) {
        return e;
    }
    FAIL("the call did not fail");
    return host::InvokeError(0, "");
}

bool process_runs(int pid) {
    if (::kill(pid, 0) != 0) return errno != ESRCH;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');
    if (close == std::string::npos || close + 2 >= text.size()) return false;
    return text[close + 2] != 'Z' && text[close + 2] != 'X';
}

}  // namespace isolation_test
