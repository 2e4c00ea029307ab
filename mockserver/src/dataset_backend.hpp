// The seam between the replay framework and the stateful dataset mode.
//
// The framework (server.cpp, routing, auth, faults, journal, fixtures)
// authenticates a request, then offers it to the provider's DatasetBackend
// when --dataset is on. A backend that returns nullopt lets the framework
// replay the documented example instead.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace photobridge::mock {

struct MultipartPart {
    std::string name;
    std::string filename;      // empty for plain fields
    std::string content_type;
    std::string content;
};

// One authenticated request, as a backend sees it. Borrowed for the call.
struct MockRequest {
    std::string method;                              // "GET", "POST", ...
    std::string path;                                // after "/<provider>", e.g. "/contacts/abc"
    std::multimap<std::string, std::string> query;   // decoded, in arrival order per key
    std::multimap<std::string, std::string> headers; // names lower-cased
    std::string body;                                // raw body (empty for multipart)
    std::vector<MultipartPart> parts;                // multipart/form-data parts
    std::string credential;                          // the token the client presented
    std::string provider_base_url;                   // "http://HOST:PORT/<provider>", for links
};

struct MockResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string matched;  // what answered, for the journal and coverage: "<endpoint id>#<example>" or "dataset:<route>"
};

struct DatasetOptions {
    std::size_t records = 1000;    // per collection
    std::uint64_t seed = 1;
    std::size_t shootbin_selection_limit = 0;
};

// One provider's stateful world. Thread contract: handle() and reset() may be
// called from many server threads at once; the backend locks its own state.
class DatasetBackend {
public:
    virtual ~DatasetBackend() = default;
    virtual std::string_view provider() const = 0;
    virtual std::optional<MockResponse> handle(const MockRequest& request) = 0;
    virtual void reset() = 0;  // back to the freshly synthesized dataset
};

// Returns nullptr for an unknown provider id.
std::unique_ptr<DatasetBackend> make_dataset_backend(std::string_view provider,
                                                     const DatasetOptions& options);

}  // namespace photobridge::mock
