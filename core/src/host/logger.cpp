#include "host/logger.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

namespace photobridge::host {
namespace {

LogLevel initial_threshold() {
    const char* env = std::getenv("PHOTOBRIDGE_LOG");
    if (env == nullptr) return LogLevel::info;
    if (std::strcmp(env, "debug") == 0) return LogLevel::debug;
    if (std::strcmp(env, "warn") == 0) return LogLevel::warn;
    if (std::strcmp(env, "error") == 0) return LogLevel::error;
    return LogLevel::info;
}

std::atomic<int> g_threshold{static_cast<int>(initial_threshold())};
std::mutex g_mutex;

const char* level_name(LogLevel level) {
    switch (level) {
        case LogLevel::debug: return "debug";
        case LogLevel::info: return "info";
        case LogLevel::warn: return "warn";
        case LogLevel::error: return "error";
    }
    return "info";
}

}  // namespace

void set_log_threshold(LogLevel level) noexcept { g_threshold.store(static_cast<int>(level)); }
LogLevel log_threshold() noexcept { return static_cast<LogLevel>(g_threshold.load()); }

void log_line(LogLevel level, std::string_view source, std::string_view message) {
    if (static_cast<int>(level) < g_threshold.load(std::memory_order_relaxed)) return;
    std::string line = "photobridge: ";
    line.append(level_name(level)).append(" [").append(source).append("] ").append(message).append("\n");
    std::lock_guard lock(g_mutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace photobridge::host
