// Helpers for driving dataset backends directly: building MockRequests,
// reading JSON answers, comparing shapes with the provider docs.
#pragma once

#include <boost/json.hpp>

#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "framework/provider_registry.hpp"

namespace dataset_test {

using photobridge::mock::DatasetBackend;
using photobridge::mock::MockRequest;
using photobridge::mock::MockResponse;

inline constexpr const char* kBaseUrl = "http://127.0.0.1:8080";

using Query = std::vector<std::pair<std::string, std::string>>;

// The provider's dataset world as --dataset builds it: its C++ backend, or
// the dataset.toml of its built-in fixtures folder.
std::unique_ptr<DatasetBackend> make_backend(const std::string& provider, std::size_t records = 1000,
                                             std::uint64_t seed = 1, std::size_t selection_limit = 0);
// DatasetOptions with these records and seed, every other option its default.
photobridge::mock::DatasetOptions dataset_options(std::size_t records, std::uint64_t seed);

// The same with every dataset option given (the clock-driven times, ...).
std::unique_ptr<DatasetBackend> make_backend(const std::string& provider,
                                             const photobridge::mock::DatasetOptions& options);

MockRequest request(const std::string& provider, std::string method, std::string path, const Query& query = {},
                    std::string body = {});

// One multipart part of a request, as the HTTP layer hands it to a backend.
photobridge::mock::MultipartPart part(std::string name, std::string filename, std::string content_type,
                                      std::string content);

// Calls handle() and requires an answer (not nullopt).
MockResponse call(DatasetBackend& backend, const MockRequest& request);
MockResponse get(DatasetBackend& backend, const std::string& path, const Query& query = {});
MockResponse send_json(DatasetBackend& backend, const std::string& method, const std::string& path,
                       const boost::json::value& body);

boost::json::value json_of(const MockResponse& response);

// Splits an absolute URL from a dataset record into the MockRequest path
// (after "<kBaseUrl>/<provider>") and its decoded query.
std::pair<std::string, Query> split_url(const std::string& url, const std::string& provider);

// True when `actual` has the documented example's shape: same object keys,
// same JSON kinds (a documented null accepts any kind; int and double are one
// kind "number"), recursively; arrays compare their first elements; a
// `custom_attributes` object is free-form (its keys are not compared).
bool same_shape(const boost::json::value& documented, const boost::json::value& actual, std::string& where);

// A provider's doc, read from mockserver/fixtures/<provider>/source/<file_name>,
// and one saved example body of the Snapbar Postman collection (by request
// name and example name).
std::string provider_doc(const std::string& provider, const std::string& file_name);
boost::json::value postman_example(const std::string& request_name, const std::string& example_name);

}  // namespace dataset_test
