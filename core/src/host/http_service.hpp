// The host's HTTP client, behind pb_host.http: keep-alive connection reuse
// per origin and per thread, TLS with certificate verification, connect and
// read timeouts, TCP_NODELAY, a response size limit and cancellation.
#pragma once

#include <photobridge/plugin.h>

#include "host/cancellation.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace httplib {
class Client;
}

namespace photobridge::host {

struct HttpServiceOptions {
    std::uint32_t default_timeout_ms = 30000;          // when a request says 0
    std::uint32_t connect_timeout_ms = 10000;          // capped by the request's timeout
    std::size_t max_response_bytes = 256u * 1024 * 1024;
    std::string ca_bundle = "/etc/ssl/certs/ca-certificates.crt";  // used when the file exists
};

// The ranges of a request's body in order: `body`, then the ABI 1.3
// pieces when the plugin's struct has them; empty ranges left out. The
// ranges are borrowed from the request.
std::vector<pb_bytes> request_body_ranges(const pb_http_request& request);

// The bytes of `ranges`, in order, in one string (a copy).
std::string join_ranges(const std::vector<pb_bytes>& ranges);

// Owns its keep-alive connections: one httplib::Client per (thread, origin),
// because a Client serialises its requests. [any-thread] for perform(); the
// destructor closes every connection and must not race with perform().
class HttpService {
public:
    explicit HttpService(HttpServiceOptions options = {});
    ~HttpService();
    HttpService(const HttpService&) = delete;
    HttpService& operator=(const HttpService&) = delete;

    const HttpServiceOptions& options() const noexcept { return options_; }

    // Implements pb_host.http: PB_OK when a response arrived (any status),
    // otherwise a transport status with `error` filled. `cancel` may be null.
    // [any-thread]
    std::int32_t perform(const pb_http_request& request, pb_http_response& response, pb_error* error,
                         const CancellationToken* cancel) const;

private:
    httplib::Client& client_for(const std::string& origin) const;

    HttpServiceOptions options_;
    mutable std::mutex mutex_;  // guards clients_ (the map, not the clients: each is used by one thread)
    mutable std::unordered_map<std::thread::id, std::unordered_map<std::string, std::unique_ptr<httplib::Client>>>
        clients_;
};

}  // namespace photobridge::host
