#include "serve/http_connection.hpp"

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/core/string.hpp>

#include <chrono>

namespace photobridge::serve {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr std::size_t kReadChunk = 4096;
// A connection being closed reads what the peer still sends, so that its
// close is a FIN and the peer can read our answer, up to these bounds.
constexpr std::size_t kMaxDrainBytes = 64 * 1024;
constexpr std::chrono::milliseconds kDrainTimeout{1000};

}  // namespace

HttpConnection::HttpConnection(ListenerCore& core, asio::ip::tcp::socket socket, std::string peer)
    : core_(core), stream_(std::move(socket)), peer_(std::move(peer)) {}

void HttpConnection::start() { await_request(); }

void HttpConnection::shed(std::string_view reason) {
    if (core_.observer) core_.observer->on_listener_shed(core_.name, reason);
    keep_alive_ = false;
    answer(json_error_answer(503, "too many connections; retry later"), /*retry_after=*/true);
}

void HttpConnection::stop() {
    switch (phase_) {
        case Phase::idle:
        case Phase::headers:
        case Phase::body:
        case Phase::closing:
            stream_.cancel();  // the pending read ends with operation_aborted, then close_now()
            break;
        case Phase::endpoint:
        case Phase::writing:
            keep_alive_ = false;  // the answer is written, then the connection closes
            break;
        case Phase::closed:
            break;
    }
}

void HttpConnection::await_request() {
    if (core_.stopping) return close_gracefully();
    phase_ = Phase::idle;
    if (buffer_.size() > 0) return read_headers();  // a pipelined request is here already
    stream_.expires_after(core_.limits.idle_timeout);
    stream_.async_read_some(buffer_.prepare(kReadChunk), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
        self->buffer_.commit(n);
        if (ec) return self->close_now();  // idle timeout or the peer left: nothing to answer
        self->read_headers();
    });
}

void HttpConnection::read_headers() {
    phase_ = Phase::headers;
    head_ = false;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(core_.limits.max_header_bytes));
    parser_->body_limit(kMaxWebhookBodyBytes);
    stream_.expires_after(core_.limits.header_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_headers(ec); });
}

void HttpConnection::on_headers(beast::error_code ec) {
    if (ec) return on_read_error(ec, "headers");
    const auto& request = parser_->get();
    RoutedRequest routed = route_request(request.method_string(), request.target(), core_.routes);
    if (routed.refusal) {
        keep_alive_ = false;  // the body, if any, is not read
        return answer(std::move(*routed.refusal));
    }
    endpoint_ = routed.endpoint;
    workflow_ = std::move(routed.workflow);
    head_ = routed.head;
    if (!parser_->is_done()) {
        const auto length = parser_->content_length();
        if (length && *length > kMaxWebhookBodyBytes) {
            keep_alive_ = false;
            return answer(json_error_answer(413, "the body is larger than 10 MiB"));
        }
        const std::size_t wanted = length ? static_cast<std::size_t>(*length) : kMaxWebhookBodyBytes;
        if (core_.buffered_body_bytes + wanted > core_.limits.max_buffered_body_bytes) {
            if (core_.observer) core_.observer->on_listener_shed(core_.name, "body_bytes");
            keep_alive_ = false;
            return answer(json_error_answer(503, "too many request bodies in flight; retry later"), true);
        }
        reserved_body_bytes_ = wanted;
        core_.buffered_body_bytes += wanted;
    }
    if (beast::iequals(request[http::field::expect], "100-continue")) {
        auto interim = std::make_shared<http::response<http::empty_body>>(http::status::continue_, request.version());
        stream_.expires_after(core_.limits.write_timeout);
        return http::async_write(stream_, *interim, [self = shared_from_this(), interim](beast::error_code ec, std::size_t) {
            if (ec) return self->close_now();
            self->read_body();
        });
    }
    read_body();
}

void HttpConnection::read_body() {
    phase_ = Phase::body;
    stream_.expires_after(core_.limits.body_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
}

void HttpConnection::on_body(beast::error_code ec) {
    if (ec) return on_read_error(ec, "body");
    stream_.expires_never();
    keep_alive_ = parser_->get().keep_alive();
    hand_to_endpoint();
}

void HttpConnection::hand_to_endpoint() {
    phase_ = Phase::endpoint;
    auto self = shared_from_this();
    // The request stays in parser_ while a lane thread reads it: this
    // connection does no I/O until `done` runs.
    const auto& request = parser_->get();
    std::function<HttpAnswer()> work;
    if (endpoint_ == Endpoint::webhook) {
        work = [self, &request] {
            const auto header = [&request](const std::string& name) -> std::optional<std::string> {
                auto it = request.find(name);
                if (it == request.end()) return std::nullopt;
                return std::string(it->value());
            };
            return self->core_.endpoints.webhook_endpoint(self->workflow_, header, request.body());
        };
    } else if (endpoint_ == Endpoint::healthz) {
        work = [self] { return self->core_.endpoints.healthz_endpoint(); };
    } else {
        work = [self] { return self->core_.endpoints.metrics_endpoint(); };
    }
    EndpointLane& lane = endpoint_ == Endpoint::webhook ? core_.webhook_lane : core_.admin_lane;
    const bool taken = lane.submit(core_.io, std::move(work), [self](HttpAnswer answer) {
        self->release_body_bytes();
        self->answer(std::move(answer));
    });
    if (!taken) {
        release_body_bytes();
        if (core_.observer) core_.observer->on_listener_shed(core_.name, "busy");
        keep_alive_ = false;
        answer(json_error_answer(503, "busy; retry later"), /*retry_after=*/true);
    }
}

void HttpConnection::on_read_error(beast::error_code ec, std::string_view phase) {
    release_body_bytes();
    if (ec == beast::error::timeout) {
        if (core_.observer) core_.observer->on_listener_timeout(core_.name, phase);
        return close_now();  // a peer too slow to send is not worth an answer it may never read
    }
    keep_alive_ = false;
    if (ec == http::error::header_limit) return answer(json_error_answer(431, "the request headers are too large"));
    if (ec == http::error::body_limit) return answer(json_error_answer(413, "the body is larger than 10 MiB"));
    if (ec == http::error::end_of_stream || ec == http::error::partial_message || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof)
        return close_now();
    if (ec.category() == http::make_error_code(http::error::bad_target).category())  // a parse error
        return answer(json_error_answer(400, "malformed HTTP request"));
    close_now();
}

void HttpConnection::answer(HttpAnswer answer, bool retry_after) {
    phase_ = Phase::writing;
    if (core_.stopping) keep_alive_ = false;
    response_ = {};
    response_.version(11);
    response_.result(static_cast<unsigned>(answer.status));
    response_.set(http::field::server, "photobridge");
    response_.set(http::field::content_type, answer.content_type);
    if (retry_after) response_.set(http::field::retry_after, std::to_string(core_.limits.retry_after_seconds));
    response_.keep_alive(keep_alive_);
    response_.body() = std::move(answer.body);
    response_.prepare_payload();
    if (head_) response_.body().clear();  // Content-Length stays that of the GET answer
    stream_.expires_after(core_.limits.write_timeout);
    http::async_write(stream_, response_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) {
            if (ec == beast::error::timeout && self->core_.observer)
                self->core_.observer->on_listener_timeout(self->core_.name, "write");
            return self->close_now();
        }
        if (!self->keep_alive_) return self->close_gracefully();
        self->await_request();
    });
}

void HttpConnection::close_gracefully() {
    if (phase_ == Phase::closed) return;
    phase_ = Phase::closing;
    beast::error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    if (core_.stopping) return close_now();
    stream_.expires_after(kDrainTimeout);
    drain();
}

void HttpConnection::drain() {
    stream_.async_read_some(asio::buffer(drain_buffer_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
        self->drained_bytes_ += n;
        if (ec || self->drained_bytes_ >= kMaxDrainBytes) return self->close_now();
        self->drain();
    });
}

void HttpConnection::close_now() {
    if (phase_ == Phase::closed) return;
    phase_ = Phase::closed;
    release_body_bytes();
    stream_.close();
    core_.forget(this, peer_);
}

void HttpConnection::release_body_bytes() {
    core_.buffered_body_bytes -= reserved_body_bytes_;
    reserved_body_bytes_ = 0;
}

}  // namespace photobridge::serve
