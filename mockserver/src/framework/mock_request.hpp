// Converts a cpp-httplib request into the MockRequest a DatasetBackend sees:
// lower-cased header names, decoded query, multipart parts, the credential
// and the provider's base URL on this mock.
#pragma once

#include "dataset_backend.hpp"

#include <httplib.h>

#include <map>
#include <string>
#include <string_view>

namespace photobridge::mock {

// The decoded query string of `req`, in arrival order per key. Uses
// cpp-httplib's parsed params unless the body is form-urlencoded (cpp-httplib
// merges form fields into params then); in that case parses the target with
// Boost.URL. `storage` backs the returned reference in that case.
const std::multimap<std::string, std::string>& decoded_query(const httplib::Request& req,
                                                             std::multimap<std::string, std::string>& storage);

// `path` is the part after "/<provider>"; `fallback_host` ("HOST:PORT") is
// used when the request carries no Host header.
MockRequest make_mock_request(const httplib::Request& req, std::string_view provider, std::string_view path,
                              const std::multimap<std::string, std::string>& query, std::string credential,
                              std::string_view fallback_host);

// "http://HOST:PORT" as the client reached the mock: its Host header when
// that is a plain host[:port], else `fallback_host`. What {{base_url}} and
// dataset links use.
std::string mock_base_url(const httplib::Request& req, std::string_view fallback_host);

// Bytes the client sent as a body (multipart parts included).
std::size_t request_body_size(const httplib::Request& req);

}  // namespace photobridge::mock
