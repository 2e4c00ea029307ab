#include "serve/http_listener.hpp"

#include "host/logger.hpp"
#include "serve/http_connection.hpp"
#include "serve/listener_core.hpp"

#include <boost/asio/post.hpp>

#include <chrono>
#include <stdexcept>

namespace photobridge::serve {
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

// Connections past a cap are answered 503 and closed; past this many more
// they are closed at once, so that shedding itself stays bounded.
constexpr std::size_t kShedAllowance = 256;
constexpr std::size_t kAdminThreads = 1;
constexpr std::size_t kMaxWaitingAdminCalls = 32;

}  // namespace

ListenerCore::ListenerCore(ServeEndpoints& endpoints_in, ListenerLimits limits_in, ListenerRoutes routes_in,
                           ListenerObserver* observer_in, std::string name_in)
    : endpoints(endpoints_in),
      limits(limits_in),
      routes(routes_in),
      observer(observer_in),
      name(std::move(name_in)),
      webhook_lane(limits_in.webhook_threads, limits_in.max_waiting_webhooks),
      admin_lane(kAdminThreads, kMaxWaitingAdminCalls) {}

int ListenerCore::bind(const std::string& host, int port) {
    boost::system::error_code ec;
    tcp::resolver resolver(io);
    auto endpoints_found = resolver.resolve(host, std::to_string(port), tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec || endpoints_found.empty())
        throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message());
    const tcp::endpoint endpoint = endpoints_found.begin()->endpoint();
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message());
    return acceptor_.local_endpoint().port();
}

void ListenerCore::run() {
    accept_next();
    io_thread_ = std::thread([self = shared_from_this()] {
        for (;;) {
            try {
                self->io.run();
                return;
            } catch (const std::exception& e) {
                host::log_line(host::LogLevel::error, "serve", self->name + " listener: " + e.what());
            }
        }
    });
}

void ListenerCore::accept_next() {
    acceptor_.async_accept([self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || self->stopping) return;
        if (ec) {
            // Out of file descriptors, most likely: wait and accept again;
            // the peers wait in the backlog meanwhile.
            host::log_line(host::LogLevel::warn, "serve", self->name + " listener: accept failed: " + ec.message());
            self->accept_backoff_.expires_after(std::chrono::milliseconds(50));
            self->accept_backoff_.async_wait([self](boost::system::error_code wait_ec) {
                if (!wait_ec && !self->stopping) self->accept_next();
            });
            return;
        }
        self->admit(std::move(socket));
        self->accept_next();
    });
}

void ListenerCore::admit(tcp::socket socket) {
    boost::system::error_code ec;
    const tcp::endpoint remote = socket.remote_endpoint(ec);
    if (ec) return;  // the peer is gone already
    socket.set_option(tcp::no_delay(true), ec);
    std::string peer = remote.address().to_string();
    const char* shed_reason = nullptr;
    if (open_ >= limits.max_connections) shed_reason = "connections";
    else if (open_per_peer_[peer] >= limits.max_connections_per_peer) shed_reason = "peer";
    if (shed_reason && open_ >= limits.max_connections + kShedAllowance) {
        if (observer) observer->on_listener_shed(name, shed_reason);
        return;  // the socket closes here, unanswered
    }
    auto connection = std::make_shared<HttpConnection>(*this, std::move(socket), peer);
    live_[connection.get()] = connection;
    ++open_;
    ++open_per_peer_[peer];
    if (observer) observer->on_listener_connections(name, open_);
    if (shed_reason) connection->shed(shed_reason);
    else connection->start();
}

void ListenerCore::forget(HttpConnection* connection, const std::string& peer) {
    if (live_.erase(connection) == 0) return;
    --open_;
    if (auto it = open_per_peer_.find(peer); it != open_per_peer_.end() && --it->second == 0) open_per_peer_.erase(it);
    if (observer) observer->on_listener_connections(name, open_);
}

void ListenerCore::stop_on_io_thread() {
    stopping = true;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    accept_backoff_.cancel();
    // Copies: stop() may close a connection, which erases it from live_.
    std::vector<std::shared_ptr<HttpConnection>> connections;
    for (auto& [raw, weak] : live_)
        if (auto connection = weak.lock()) connections.push_back(std::move(connection));
    for (auto& connection : connections) connection->stop();
}

void ListenerCore::stop() {
    asio::post(io, [self = shared_from_this()] { self->stop_on_io_thread(); });
    if (io_thread_.joinable()) io_thread_.join();  // returns when no connection and no lane call is left
    webhook_lane.join();
    admin_lane.join();
}

HttpListener::HttpListener(std::string host, int port, ServeEndpoints& endpoints, ListenerLimits limits,
                           ListenerRoutes routes, ListenerObserver* observer, std::string name)
    : host_(std::move(host)),
      port_(port),
      endpoints_(endpoints),
      limits_(limits),
      routes_(routes),
      observer_(observer),
      name_(std::move(name)) {}

HttpListener::~HttpListener() { stop(); }

int HttpListener::start() {
    if (core_) return port_;
    auto core = std::make_shared<ListenerCore>(endpoints_, limits_, routes_, observer_, name_);
    port_ = core->bind(host_, port_);
    core->run();
    core_ = std::move(core);
    return port_;
}

void HttpListener::stop() {
    if (!core_) return;
    core_->stop();
    core_.reset();
}

}  // namespace photobridge::serve
