// The host's HTTP client, behind pb_host.http: keep-alive connection reuse
// per origin and per thread, TLS with certificate verification, connect and
// read timeouts, TCP_NODELAY, a response size limit and cancellation.
#pragma once

#include <photobridge/plugin.h>

#include "host/cancellation.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace photobridge::host {

struct HttpServiceOptions {
    std::uint32_t default_timeout_ms = 30000;          // when a request says 0
    std::uint32_t connect_timeout_ms = 10000;          // capped by the request's timeout
    std::size_t max_response_bytes = 256u * 1024 * 1024;
    std::string ca_bundle = "/etc/ssl/certs/ca-certificates.crt";  // used when the file exists
};

// Stateless apart from its options: connections live in per-thread caches,
// so one HttpService may be used from any number of threads at once.
class HttpService {
public:
    explicit HttpService(HttpServiceOptions options = {}) : options_(std::move(options)) {}

    const HttpServiceOptions& options() const noexcept { return options_; }

    // Implements pb_host.http: PB_OK when a response arrived (any status),
    // otherwise a transport status with `error` filled. `cancel` may be null.
    // [any-thread]
    std::int32_t perform(const pb_http_request& request, pb_http_response& response, pb_error* error,
                         const CancellationToken* cancel) const;

private:
    HttpServiceOptions options_;
};

}  // namespace photobridge::host
