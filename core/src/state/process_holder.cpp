#include "state/process_holder.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

namespace photobridge::state {
namespace {

constexpr std::string_view kPrefix = "photobridge pid ";
constexpr std::string_view kOn = " on ";

std::string host_name() {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0) return {};
    return host;
}

}  // namespace

std::string process_holder_name() {
    std::string name = std::string(kPrefix) + std::to_string(::getpid());
    if (const std::string host = host_name(); !host.empty()) name += std::string(kOn) + host;
    return name;
}

bool is_dead_local_holder(std::string_view holder) {
    if (!holder.starts_with(kPrefix)) return false;
    holder.remove_prefix(kPrefix.size());
    long pid = 0;
    const auto [end, error] = std::from_chars(holder.data(), holder.data() + holder.size(), pid);
    if (error != std::errc{} || pid <= 0) return false;
    const std::string_view host = holder.substr(static_cast<std::size_t>(end - holder.data()));
    const std::string local = host_name();
    if (local.empty() ? !host.empty() : host != std::string(kOn) + local) return false;  // another machine
    return ::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH;
}

}  // namespace photobridge::state
