// What one HTTP listener of `photobridge serve` tolerates from its peers,
// and what it tells about them. Anyone who knows a webhook URL can connect,
// so every phase of a connection has a deadline and every resource a cap;
// past a cap the listener answers 503 with Retry-After and closes, it never
// queues without bound. See sdk-docs/serve.md, "Facing the internet".
#pragma once

#include <chrono>
#include <cstddef>
#include <string_view>

namespace photobridge::serve {

struct ListenerLimits {
    // From accept (or the end of the previous answer) to the first byte of
    // a request. Past it the connection is closed without an answer.
    std::chrono::milliseconds idle_timeout{5000};
    // From the first byte of a request to the end of its header block.
    std::chrono::milliseconds header_timeout{2000};
    // From the end of the headers to the end of the body.
    std::chrono::milliseconds body_timeout{20000};
    // Writing one answer to a peer that does not read.
    std::chrono::milliseconds write_timeout{10000};

    std::size_t max_connections = 4096;           // open connections, all peers
    std::size_t max_connections_per_peer = 512;   // open connections from one IP address
    std::size_t max_header_bytes = 16 * 1024;     // request line and headers: past it 431
    // Request bodies held in memory at once, all connections (a body counts
    // from its headers, by its Content-Length, or the largest allowed body
    // when it is chunked).
    std::size_t max_buffered_body_bytes = 256u * 1024 * 1024;
    // Webhook requests read whole and waiting for a webhook thread.
    std::size_t max_waiting_webhooks = 256;
    std::size_t webhook_threads = 4;
    int retry_after_seconds = 1;                  // the Retry-After of a shed request
};

// Which paths a listener answers. The public listener answers all three;
// with `--admin-listen`, /metrics moves to the admin listener and the admin
// listener answers no webhook.
struct ListenerRoutes {
    bool webhooks = true;
    bool healthz = true;
    bool metrics = true;
};

// Told what a listener refused or cut. Thread contract: called from the
// listener's I/O thread; implementations are [any-thread] and never throw.
class ListenerObserver {
public:
    virtual ~ListenerObserver() = default;
    // The connections open now (shed ones included until they close).
    virtual void on_listener_connections(std::string_view listener, std::size_t open) noexcept = 0;
    // reason: "connections" (max_connections), "peer" (max_connections_per_peer),
    // "body_bytes" (max_buffered_body_bytes), "busy" (max_waiting_webhooks).
    virtual void on_listener_shed(std::string_view listener, std::string_view reason) noexcept = 0;
    // phase: "headers", "body" or "write" (an idle keep-alive connection
    // closed at idle_timeout is not counted).
    virtual void on_listener_timeout(std::string_view listener, std::string_view phase) noexcept = 0;
};

}  // namespace photobridge::serve
