// One accepted connection of an HttpListener: reads requests one at a time
// (keep-alive, pipelining tolerated), each phase under its deadline, hands
// each whole request to an endpoint lane and writes the answer back.
//
//   idle ──first byte──► headers ──► body ──► endpoint (a lane thread) ──► writing ──► idle
//     │ idle_timeout        │ header_timeout │ body_timeout                      │ write_timeout
//     └────────────── closed (or answered 4xx/5xx and closed) ◄─────────────────┘
//
// Ownership: shared by the asynchronous operations under way (each holds a
// shared_ptr); the ListenerCore holds a weak_ptr to reach it at stop().
// Thread contract: every member runs on the listener's I/O thread.
#pragma once

#include "serve/listener_core.hpp"
#include "serve/request_routing.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace photobridge::serve {

class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
public:
    HttpConnection(ListenerCore& core, boost::asio::ip::tcp::socket socket, std::string peer);

    const std::string& peer() const noexcept { return peer_; }
    // Starts reading requests.
    void start();
    // Answers 503 with Retry-After at once, without reading a request, and
    // closes (the connection was over a cap; `reason` as ListenerObserver).
    void shed(std::string_view reason);
    // The listener stops: closes now unless an endpoint holds the request,
    // in which case the answer is written and then the connection closes.
    void stop();

private:
    enum class Phase { idle, headers, body, endpoint, writing, closing, closed };

    void await_request();
    void read_headers();
    void on_headers(boost::beast::error_code ec);
    void read_body();
    void on_body(boost::beast::error_code ec);
    void hand_to_endpoint();
    void on_read_error(boost::beast::error_code ec, std::string_view phase);
    void answer(HttpAnswer answer, bool retry_after = false);
    void close_gracefully();
    void drain();
    void close_now();
    void release_body_bytes();

    ListenerCore& core_;
    boost::beast::tcp_stream stream_;
    std::string peer_;
    boost::beast::flat_buffer buffer_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    boost::beast::http::response<boost::beast::http::string_body> response_;
    Phase phase_ = Phase::idle;
    bool keep_alive_ = true;
    bool head_ = false;
    Endpoint endpoint_ = Endpoint::healthz;
    std::string workflow_;
    std::size_t reserved_body_bytes_ = 0;
    std::size_t drained_bytes_ = 0;
    std::array<char, 4096> drain_buffer_{};
};

}  // namespace photobridge::serve
