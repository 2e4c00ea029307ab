// The state one running HttpListener shares with its connections: the I/O
// context and its thread, the acceptor, the endpoint lanes, and the counts
// that the caps of ListenerLimits are checked against. Private to the
// listener (http_listener.cpp, http_connection.cpp): it brings in Asio.
//
// Thread contract: every member not marked otherwise is touched on the I/O
// thread only (one thread runs `io`), so none needs a lock.
#pragma once

#include "serve/endpoint_lane.hpp"
#include "serve/http_listener.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>

namespace photobridge::serve {

class HttpConnection;

class ListenerCore : public std::enable_shared_from_this<ListenerCore> {
public:
    ListenerCore(ServeEndpoints& endpoints, ListenerLimits limits, ListenerRoutes routes, ListenerObserver* observer,
                 std::string name);

    // Binds and listens (owning thread, before the I/O thread starts).
    // Returns the bound port; throws std::runtime_error.
    int bind(const std::string& host, int port);
    // Starts the I/O thread with the first accept pending.
    void run();
    // Stops accepting, closes what no endpoint holds, waits for the rest
    // (owning thread).
    void stop();

    // Connection bookkeeping, called by HttpConnection on the I/O thread.
    void forget(HttpConnection* connection, const std::string& peer);

    boost::asio::io_context io;  // [any-thread]: posting to it is thread-safe
    ServeEndpoints& endpoints;
    const ListenerLimits limits;
    const ListenerRoutes routes;
    ListenerObserver* const observer;  // may be null
    const std::string name;
    EndpointLane webhook_lane;          // [any-thread]
    EndpointLane admin_lane;            // [any-thread]: /healthz and /metrics
    bool stopping = false;
    std::size_t buffered_body_bytes = 0;  // reserved by connections reading a body

private:
    void accept_next();
    void admit(boost::asio::ip::tcp::socket socket);
    void stop_on_io_thread();

    boost::asio::ip::tcp::acceptor acceptor_{io};
    boost::asio::steady_timer accept_backoff_{io};
    std::size_t open_ = 0;
    std::map<std::string, std::size_t> open_per_peer_;
    std::unordered_map<HttpConnection*, std::weak_ptr<HttpConnection>> live_;
    std::thread io_thread_;  // owning thread
};

}  // namespace photobridge::serve
