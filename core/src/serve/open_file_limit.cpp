#include "serve/open_file_limit.hpp"

#include "host/logger.hpp"

#include <sys/resource.h>

#include <string>

namespace photobridge::serve {
namespace {

// Descriptors kept for everything but connections: the shed allowance of
// each listener (256), the state store, plugins, HTTP clients, logs.
constexpr rlim_t kReservedDescriptors = 768;

}  // namespace

void fit_connections_to_open_file_limit(ListenerLimits& limits) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    if (limit.rlim_cur == RLIM_INFINITY) return;
    const rlim_t room = limit.rlim_cur > kReservedDescriptors ? limit.rlim_cur - kReservedDescriptors : 64;
    if (limits.max_connections <= room) return;
    host::log_line(host::LogLevel::warn, "serve",
                   "--max-connections " + std::to_string(limits.max_connections) + " lowered to " + std::to_string(room) +
                       ": the open file limit is " + std::to_string(limit.rlim_cur) + " (raise it with ulimit -n or LimitNOFILE=)");
    limits.max_connections = static_cast<std::size_t>(room);
}

}  // namespace photobridge::serve
