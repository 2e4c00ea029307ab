// A process-wide observer of the HTTP requests plugins send through the
// host (pb_host.http): `photobridge serve` counts them for /metrics. The
// host depends only on this interface, never on who implements it.
//
// Thread contract: set_http_observer() and http_observer() are
// [any-thread]; on_http_response() is called on the plugin's calling thread,
// concurrently from many threads, and must be cheap and never throw.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

namespace photobridge::host {

class HttpObserver {
public:
    virtual ~HttpObserver() = default;
    // One finished request. `provider` is the plugin id ("snapbar");
    // `http_status` is the response status, 0 when no response arrived
    // (then `transport_status` is the pb_status of the failure, e.g.
    // PB_ERR_TIMEOUT; it is PB_OK otherwise). Never sees URLs or headers.
    virtual void on_http_response(std::string_view provider, int http_status, std::int32_t transport_status) noexcept = 0;
};

// Replaces the observer (null: none). The previous one may still receive
// calls that were already under way.
void set_http_observer(std::shared_ptr<HttpObserver> observer);
std::shared_ptr<HttpObserver> http_observer();

}  // namespace photobridge::host
