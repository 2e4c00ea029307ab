// The seam between the replay framework and the stateful dataset mode.
//
// The framework (server.cpp, routing, auth, faults, journal, fixtures)
// authenticates a request, then offers it to the provider's DatasetBackend
// when --dataset is on. A backend that returns nullopt lets the framework
// replay the documented example instead. Backends live in
// providers/<id>/ and are found through the provider registry
// (provider_registry.hpp).
#pragma once

#include "path_template.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
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
    // The part's bytes, never null. Shared, so that a backend keeps an upload
    // by keeping this pointer: the bytes are copied once, out of the HTTP
    // request, and never again.
    std::shared_ptr<const std::string> bytes = std::make_shared<const std::string>();

    const std::string& content() const noexcept { return *bytes; }
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
    std::size_t selection_limit = 0;  // approvals a provider with selections accepts; 0: no limit
    // A provider with generation jobs (generative.photos' variants): a job
    // finishes this long after its creation, on steady_clock, however often
    // it is polled; nullopt: the provider's own poll count decides. Not negative.
    std::optional<std::chrono::milliseconds> generation_time;
    // A provider that detects faces in uploads (generative.photos): an
    // upload's faces are visible this long after the upload, on
    // steady_clock; nullopt: the provider's own poll count decides. Not negative.
    std::optional<std::chrono::milliseconds> face_detection_time;
    // The size of every synthesized JPEG photo (dataset_photo_jpeg); 0: the
    // small 48x64 portraits.
    std::size_t image_bytes = 0;
};

// The path variables a route's template captured, by name ("{modelId}").
class RouteParams {
public:
    explicit RouteParams(const std::vector<std::pair<std::string, std::string>>& captures) : captures_(captures) {}
    // The value captured for `name`; throws std::out_of_range for a name the
    // route's template does not have (a programming error in the backend).
    const std::string& operator[](std::string_view name) const;

private:
    const std::vector<std::pair<std::string, std::string>>& captures_;
};

// One provider's stateful world: a route table on PathTemplate, built by the
// derived class's constructor and read-only afterwards.
//
// Thread contract: handle() and reset() may be called from many server
// threads at once; route handlers and reset() lock the backend's own state.
class DatasetBackend {
public:
    using Handler = std::function<std::optional<MockResponse>(const MockRequest&, const RouteParams&)>;

    virtual ~DatasetBackend() = default;
    DatasetBackend(const DatasetBackend&) = delete;
    DatasetBackend& operator=(const DatasetBackend&) = delete;

    std::string_view provider() const { return provider_; }

    // Runs the first route whose method and template match the request (in
    // the order they were added) and returns its answer, its `matched` set
    // to "dataset:<route name>" unless the handler set it. nullopt: no route
    // matches, or the route declined (the framework then replays fixtures).
    std::optional<MockResponse> handle(const MockRequest& request);

    virtual void reset() = 0;  // back to the freshly synthesized dataset

    // True for a route of this backend that needs no credential (it stands
    // for a signed or public storage URL). `path` is after "/<provider>".
    // Backends registered in C++ declare theirs in ProviderAuthRules instead.
    virtual bool is_public_route(std::string_view path) const {
        (void)path;
        return false;
    }

protected:
    explicit DatasetBackend(std::string provider) : provider_(std::move(provider)) {}

    // Adds a route; `path` is a PathTemplate ("/contacts/{id}") relative to
    // "/<provider>", `name` what the journal and coverage show. Constructor only.
    void route(std::string method, std::string_view path, std::string name, Handler handler);

private:
    struct Route {
        std::string method;
        PathTemplate path;
        std::string matched;  // "dataset:<name>"
        Handler handler;
    };
    std::string provider_;
    std::vector<Route> routes_;
};

}  // namespace photobridge::mock
