// A pb_host whose HTTP service is a test's function, for SDK tests that need
// no server: the table, and an ApiClient on it for base URL
// http://127.0.0.1:9 (nothing listens there; the function answers).
#pragma once

#include <photobridge/plugin.h>
#include <photobridge/sdk/api_client.hpp>
#include <photobridge/sdk/host.hpp>

#include <cstdint>

namespace sdk_test {

using HttpFunction = std::int32_t (*)(const pb_host*, const pb_http_request*, pb_http_response*, pb_error*);

// A host table of ABI 1.`minor` answering through `http`.
inline pb_host fake_host(HttpFunction http, std::uint16_t minor = PB_ABI_MINOR) {
    pb_host raw{};
    raw.struct_size = sizeof raw;
    raw.abi_major = PB_ABI_MAJOR;
    raw.abi_minor = minor;
    raw.http = http;
    return raw;
}

inline photobridge::sdk::ApiClient fake_client(const photobridge::sdk::Host& host) {
    photobridge::sdk::ApiClientOptions options;
    options.provider = "photos";
    options.base_url = "http://127.0.0.1:9";
    return photobridge::sdk::ApiClient(host, options);
}

}  // namespace sdk_test
