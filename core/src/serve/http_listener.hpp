// The HTTP side of `photobridge serve`: an asynchronous listener (Boost.Beast
// on Asio) with three routes, each answered by ServeEndpoints:
//   POST /hooks/<workflow>   a webhook delivery (body up to 10 MiB)
//   GET  /healthz            liveness and readiness
//   GET  /metrics            Prometheus text
// Anything else: 404 JSON; a known path with another method: 405 JSON.
//
// One I/O thread reads and writes every connection; it never blocks, so a
// peer that sends slowly costs a socket, not a thread. Endpoints run on two
// small thread pools, one for webhooks and one for /healthz and /metrics,
// so a webhook backlog never delays a health check. ListenerLimits bounds
// each phase in time and each resource in count; see listener_limits.hpp.
//
// Thread contract: start() and stop() from the owning thread; the endpoints
// are called on the pools' threads, concurrently.
#pragma once

#include "serve/listener_limits.hpp"
#include "serve/webhook_intake.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace photobridge::serve {

class ServeEndpoints {
public:
    virtual ~ServeEndpoints() = default;
    // `header(name)`: a request header's value (case-insensitive name), nullopt when absent.
    virtual HttpAnswer webhook_endpoint(const std::string& workflow,
                               const std::function<std::optional<std::string>(const std::string&)>& header,
                               const std::string& body) = 0;
    virtual HttpAnswer healthz_endpoint() = 0;
    virtual HttpAnswer metrics_endpoint() = 0;
};

inline constexpr std::size_t kMaxWebhookBodyBytes = 10u * 1024 * 1024;

class ListenerCore;

class HttpListener {
public:
    // `name` labels the listener in logs and metrics ("public", "admin").
    // `observer` may be null; it must outlive the listener.
    HttpListener(std::string host, int port, ServeEndpoints& endpoints, ListenerLimits limits = {},
                 ListenerRoutes routes = {}, ListenerObserver* observer = nullptr, std::string name = "public");
    ~HttpListener();  // stop()
    HttpListener(const HttpListener&) = delete;
    HttpListener& operator=(const HttpListener&) = delete;

    // Binds (port 0: any free port) and starts accepting. Returns the port.
    // Throws std::runtime_error when the address cannot be resolved or bound.
    int start();
    // Stops accepting and closes idle and half-read connections; returns
    // once the requests already handed to an endpoint were answered.
    void stop();
    int port() const noexcept { return port_; }
    const std::string& host() const noexcept { return host_; }

private:
    std::string host_;
    int port_;
    std::shared_ptr<ListenerCore> core_;  // null until start(), again after stop()
    ServeEndpoints& endpoints_;
    ListenerLimits limits_;
    ListenerRoutes routes_;
    ListenerObserver* observer_;
    std::string name_;
};

}  // namespace photobridge::serve
