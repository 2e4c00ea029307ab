// A pb_host whose HTTP service is the real host's (host::HttpService), for
// SDK tests that send requests to a loopback server: everything else (log,
// cancellation, extensions) is a no-op. Owns the table; sdk::Host views it,
// so a LoopbackHost must outlive every ApiClient built on it. [any-thread]
#pragma once

#include <photobridge/plugin.h>
#include <photobridge/sdk.hpp>

#include "host/http_service.hpp"

#include <string>
#include <utility>

namespace sdk_test {

class LoopbackHost {
public:
    LoopbackHost() {
        table_.struct_size = sizeof table_;
        table_.abi_major = PB_ABI_MAJOR;
        table_.abi_minor = PB_ABI_MINOR;
        table_.host_data = this;
        table_.log = [](const pb_host*, std::int32_t, const char*) {};
        table_.http = [](const pb_host* host, const pb_http_request* request, pb_http_response* response,
                         pb_error* error) {
            return static_cast<const LoopbackHost*>(host->host_data)->http_.perform(*request, *response, error, nullptr);
        };
        table_.is_cancelled = [](const pb_host*) -> std::int32_t { return 0; };
        table_.get_extension = [](const pb_host*, const char*) -> const void* { return nullptr; };
    }
    LoopbackHost(const LoopbackHost&) = delete;
    LoopbackHost& operator=(const LoopbackHost&) = delete;

    photobridge::sdk::Host host() const { return photobridge::sdk::Host(&table_); }

private:
    photobridge::host::HttpService http_;
    pb_host table_{};
};

// Options for provider "acme" at `base_url`, without a credential.
inline photobridge::sdk::ApiClientOptions plain_options(std::string base_url) {
    photobridge::sdk::ApiClientOptions options;
    options.provider = "acme";
    options.base_url = std::move(base_url);
    return options;
}

}  // namespace sdk_test
