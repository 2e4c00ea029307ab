#include "raw_http_clients.hpp"


#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <stdexcept>

namespace serve_test {
namespace {

int connect_loopback(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error("socket() failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        throw std::runtime_error("connect() to 127.0.0.1:" + std::to_string(port) + " failed");
    }
    return fd;
}

void send_whole(int fd, const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // the server closed: its answer (if any) is read later
        sent += static_cast<std::size_t>(n);
    }
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

void parse_reply(const std::string& received, RawReply& reply) {
    const auto end_of_head = received.find("\r\n\r\n");
    if (end_of_head == std::string::npos || received.compare(0, 9, "HTTP/1.1 ") != 0) return;
    reply.answered = true;
    reply.head = received.substr(0, end_of_head);
    reply.body = received.substr(end_of_head + 4);
    reply.status = std::atoi(received.c_str() + 9);
}

// Reads every socket until the server closes it (end of file or an error),
// handing what arrives to `on_bytes(index, bytes, n)`, for up to `wait`.
// Returns how many were closed.
template <typename OnBytes>
std::size_t read_until_closed(const std::vector<int>& sockets, std::chrono::milliseconds wait, OnBytes on_bytes) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    std::vector<bool> closed(sockets.size(), false);
    std::size_t count = 0;
    while (count < sockets.size() && std::chrono::steady_clock::now() < deadline) {
        std::vector<pollfd> polled;
        std::vector<std::size_t> index;
        for (std::size_t i = 0; i < sockets.size(); ++i)
            if (!closed[i]) {
                polled.push_back({sockets[i], POLLIN, 0});
                index.push_back(i);
            }
        if (::poll(polled.data(), polled.size(), 50) <= 0) continue;
        for (std::size_t k = 0; k < polled.size(); ++k) {
            if (polled[k].revents == 0) continue;
            char chunk[8192];
            const ssize_t n = ::recv(polled[k].fd, chunk, sizeof chunk, MSG_DONTWAIT);
            if (n > 0) {
                on_bytes(index[k], chunk, static_cast<std::size_t>(n));
            } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                closed[index[k]] = true;
                ++count;
            }
        }
    }
    return count;
}

}  // namespace

SlowClients::SlowClients(int port, std::size_t count, const std::string& partial) {
    sockets_.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        sockets_.push_back(connect_loopback(port));
        send_whole(sockets_.back(), partial);
    }
}

SlowClients::~SlowClients() {
    for (int fd : sockets_) ::close(fd);
}

std::size_t SlowClients::closed_by_server(std::chrono::milliseconds wait) const {
    return read_until_closed(sockets_, wait, [](std::size_t, const char*, std::size_t) {});
}

std::string RawReply::header(const std::string& name) const {
    const std::string wanted = "\r\n" + lower(name) + ":";
    const std::string lowered = lower(head);
    const auto at = lowered.find(wanted);
    if (at == std::string::npos) return "";
    auto value_start = at + wanted.size();
    auto value_end = head.find("\r\n", value_start);
    std::string value = head.substr(value_start, value_end == std::string::npos ? std::string::npos : value_end - value_start);
    value.erase(0, value.find_first_not_of(' '));
    return value;
}

std::vector<RawReply> send_all_at_once(int port, const std::vector<std::string>& requests, std::chrono::milliseconds timeout) {
    std::vector<int> sockets;
    sockets.reserve(requests.size());
    for (std::size_t i = 0; i < requests.size(); ++i) sockets.push_back(connect_loopback(port));
    // Every connection is open before the first request goes out, so the
    // server sees them all at once.
    for (std::size_t i = 0; i < requests.size(); ++i) send_whole(sockets[i], requests[i]);

    std::vector<std::string> received(requests.size());
    read_until_closed(sockets, timeout, [&received](std::size_t i, const char* bytes, std::size_t n) {
        received[i].append(bytes, n);
    });
    std::vector<RawReply> replies(requests.size());
    for (std::size_t i = 0; i < requests.size(); ++i) {
        parse_reply(received[i], replies[i]);
        ::close(sockets[i]);
    }
    return replies;
}

}  // namespace serve_test
