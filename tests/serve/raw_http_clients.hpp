// Many HTTP/1.1 clients at once from one test thread, on plain sockets and
// poll(): slow clients that never finish their headers, and bursts of whole
// requests sent together. For the listener's abuse tests, where a client
// library's one-thread-per-request would be the bottleneck, not the server.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace serve_test {

// Sockets connected to 127.0.0.1:port, each having sent `partial` (for
// instance half a request header). Closed by the destructor.
class SlowClients {
public:
    SlowClients(int port, std::size_t count, const std::string& partial);
    ~SlowClients();
    SlowClients(const SlowClients&) = delete;
    SlowClients& operator=(const SlowClients&) = delete;

    std::size_t size() const noexcept { return sockets_.size(); }
    // How many of them the server has closed (a read gives end of file or
    // an error), waiting up to `wait` for that.
    std::size_t closed_by_server(std::chrono::milliseconds wait) const;

private:
    std::vector<int> sockets_;
};

struct RawReply {
    bool answered = false;    // a whole status line and header block arrived
    int status = 0;
    std::string head;         // status line and headers, as received
    std::string body;         // what followed the headers until the server closed
    std::string header(const std::string& name) const;  // case-insensitive; "" when absent
};

// Connects one socket per request to 127.0.0.1:port, sends every request
// whole, and reads each answer until the server closes the connection (send
// "Connection: close"), all at once. Gives up on those still open after
// `timeout`. Replies in the order of `requests`.
std::vector<RawReply> send_all_at_once(int port, const std::vector<std::string>& requests,
                                       std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace serve_test
