// The HTTP side of `photobridge serve`: a cpp-httplib server on its own
// thread with three routes, each answered by ServeEndpoints:
//   POST /hooks/<workflow>   a webhook delivery (body up to 10 MiB)
//   GET  /healthz            liveness and readiness
//   GET  /metrics            Prometheus text
// Anything else: 404 JSON; a known path with another method: 405 JSON.
//
// Thread contract: start() and stop() from the owning thread; the endpoints
// are called on the server's worker threads, concurrently.
#pragma once

#include "serve/webhook_intake.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

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

class HttpListener {
public:
    HttpListener(std::string host, int port, ServeEndpoints& endpoints);
    ~HttpListener();  // stop()
    HttpListener(const HttpListener&) = delete;
    HttpListener& operator=(const HttpListener&) = delete;

    // Binds (port 0: any free port) and starts accepting. Returns the port.
    // Throws std::runtime_error when the address cannot be bound.
    int start();
    // Stops accepting; returns once the requests under way were answered.
    void stop();
    int port() const noexcept { return port_; }
    const std::string& host() const noexcept { return host_; }

private:
    std::string host_;
    int port_;
    ServeEndpoints& endpoints_;
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
};

}  // namespace photobridge::serve
