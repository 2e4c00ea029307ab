// Reading a MockRequest (path segments, query parameters, JSON bodies) and
// building the responses every dataset backend shares.
//
// Error contract for parameters the provider does not document an error
// for: 400 with {"error":"invalid_parameter","parameter":NAME,"value":VALUE,
// "message":TEXT} ("value" only when the parameter had one), the same body
// the framework's own query validation sends.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "framework/dataset_backend.hpp"

namespace photobridge::mock::dataset {

// The first value of query parameter `name`, or nullptr.
const std::string* query_value(const MockRequest& request, std::string_view name);

// The first value of header `name` (lower case), or nullptr.
const std::string* header_value(const MockRequest& request, std::string_view name);

MockResponse json_response(int status, std::string body);
MockResponse json_response(int status, const boost::json::value& body);
MockResponse bytes_response(std::string bytes, std::string content_type);
MockResponse invalid_parameter(std::string_view parameter, std::string message);
MockResponse invalid_parameter(std::string_view parameter, std::string_view value, std::string message);

// An optional integer query parameter in [min, max]; `fallback` when absent.
// Returns the 400 response when present but not a decimal integer in range.
std::optional<MockResponse> read_integer_param(const MockRequest& request, std::string_view name,
                                               std::int64_t fallback, std::int64_t min, std::int64_t max,
                                               std::int64_t& out);

// An optional enumerated query parameter; `out` stays empty when absent.
// Returns the 400 response for a value outside `allowed` (case-sensitive).
std::optional<MockResponse> read_enum_param(const MockRequest& request, std::string_view name,
                                            std::initializer_list<std::string_view> allowed, std::string& out);

// The body parsed as JSON, or nullopt when it is not JSON.
std::optional<boost::json::value> parse_json_body(std::string_view body);

// `name` without directories ("a/b/c.jpg" -> "c.jpg") and without its last
// extension ("photo.jpg" -> "photo"; "README" -> "README").
std::string file_basename(std::string_view name);
std::string strip_extension(std::string_view file_name);

enum class ImageFormat { unknown, jpeg, png, gif, webp, tiff, iso_bmff /* HEIC, AVIF, CR3 */ };
// Recognises an image by its leading magic bytes.
ImageFormat sniff_image_format(std::string_view bytes);

}  // namespace photobridge::mock::dataset
