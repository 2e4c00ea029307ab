// The failure of a plugin call, as the host reports it. Messages are already
// redacted of the connection's secrets.
#pragma once

#include <photobridge/plugin.h>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace photobridge::host {

class InvokeError : public std::runtime_error {
public:
    InvokeError(std::int32_t code, std::string message, int http_status = 0, std::string provider_code = {},
                std::uint32_t retry_after_ms = 0)
        : std::runtime_error(std::move(message)),
          code_(code),
          http_status_(http_status),
          provider_code_(std::move(provider_code)),
          retry_after_ms_(retry_after_ms) {}

    std::int32_t code() const noexcept { return code_; }
    int http_status() const noexcept { return http_status_; }
    const std::string& provider_code() const noexcept { return provider_code_; }
    std::uint32_t retry_after_ms() const noexcept { return retry_after_ms_; }

private:
    std::int32_t code_;
    int http_status_;
    std::string provider_code_;
    std::uint32_t retry_after_ms_;
};

}  // namespace photobridge::host
