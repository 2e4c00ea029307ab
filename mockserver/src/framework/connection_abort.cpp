#include "connection_abort.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <charconv>
#include <cstring>
#include <filesystem>

namespace photobridge::mock {

namespace {

bool endpoint_equals(const sockaddr_storage& addr, const std::string& host, int port) {
    char text[INET6_ADDRSTRLEN] = {};
    int actual_port = -1;
    if (addr.ss_family == AF_INET) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
        inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
        actual_port = ntohs(in->sin_port);
    } else if (addr.ss_family == AF_INET6) {
        const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
        inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
        actual_port = ntohs(in6->sin6_port);
    } else {
        return false;
    }
    return actual_port == port && (host.empty() || host == text);
}

}  // namespace

bool abort_connection(const std::string& local_addr, int local_port, const std::string& remote_addr, int remote_port) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
        const std::string name = entry.path().filename().string();
        int fd = -1;
        auto [ptr, err] = std::from_chars(name.data(), name.data() + name.size(), fd);
        if (err != std::errc() || fd < 0) continue;
        sockaddr_storage local{}, peer{};
        socklen_t local_len = sizeof local, peer_len = sizeof peer;
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) continue;
        if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) continue;
        if (!endpoint_equals(local, local_addr, local_port) || !endpoint_equals(peer, remote_addr, remote_port)) continue;
        linger hard{1, 0};
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
        sockaddr unspec{};
        unspec.sa_family = AF_UNSPEC;
        connect(fd, &unspec, sizeof unspec);  // disconnects: the peer receives RST
        return true;
    }
    return false;
}

}  // namespace photobridge::mock
