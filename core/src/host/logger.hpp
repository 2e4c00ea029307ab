// Plain log lines to stderr: "photobridge: LEVEL [source] message".
// [any-thread]: lines from different threads never interleave.
#pragma once

#include <photobridge/plugin.h>

#include <string_view>

namespace photobridge::host {

enum class LogLevel { debug = PB_LOG_DEBUG, info = PB_LOG_INFO, warn = PB_LOG_WARN, error = PB_LOG_ERROR };

// Lines below the threshold are dropped. Default: info (PHOTOBRIDGE_LOG=debug
// in the environment lowers it).
void set_log_threshold(LogLevel level) noexcept;
LogLevel log_threshold() noexcept;

// `message` must already be redacted by the caller when it may hold secrets.
void log_line(LogLevel level, std::string_view source, std::string_view message);

}  // namespace photobridge::host
