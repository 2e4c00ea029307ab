#include "dataset_backend.hpp"

#include <stdexcept>

namespace photobridge::mock {

const std::string& RouteParams::operator[](std::string_view name) const {
    for (const auto& [key, value] : captures_)
        if (key == name) return value;
    throw std::out_of_range("route has no path variable " + std::string(name));
}

void DatasetBackend::route(std::string method, std::string_view path, std::string name, Handler handler) {
    std::string matched = "dataset:";
    matched += name;
    routes_.push_back(Route{std::move(method), PathTemplate(path), std::move(matched), std::move(handler)});
}

std::optional<MockResponse> DatasetBackend::handle(const MockRequest& request) {
    std::vector<std::pair<std::string, std::string>> captures;
    for (const Route& r : routes_) {
        if (r.method != request.method || !r.path.match(request.path, captures)) continue;
        std::optional<MockResponse> response = r.handler(request, RouteParams(captures));
        if (response && response->matched.empty()) response->matched = r.matched;
        return response;
    }
    return std::nullopt;
}

}  // namespace photobridge::mock
