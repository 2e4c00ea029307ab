// One HTTP request a plugin sent through the host, in the form it may be
// shown to a person (`photobridge test-read`): every value passed through the
// connection's SecretRedactor, credential headers masked whole. Never holds
// a body, only its size.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace photobridge::host {

struct HttpExchange {
    std::string method;
    std::string url;                                          // redacted
    std::vector<std::pair<std::string, std::string>> headers;  // as sent, values redacted or masked
    std::size_t body_bytes = 0;                               // request body size
    int http_status = 0;                                      // 0: no response arrived
    std::int32_t transport_status = 0;                        // pb_status: PB_OK when a response arrived
    std::chrono::milliseconds elapsed{0};                     // from sending to the end of the response
};

// Called once per request, after it ends, on the thread of the plugin call
// that sent it (so concurrently when calls are); must not throw.
using HttpExchangeListener = std::function<void(const HttpExchange&)>;

}  // namespace photobridge::host
