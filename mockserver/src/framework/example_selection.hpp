// Picks which documented example answers a request: an explicit Prism-style
// `Prefer: code=NNN` / `Prefer: example=NAME`, else the example whose
// triggers (query, path variables, JSON body fields) all match — the most
// specific one wins — else the endpoint's default example.
#pragma once

#include "fixture_model.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace photobridge::mock {

struct PreferHeader {
    std::optional<int> code;
    std::optional<std::string> example;
    bool empty() const { return !code && !example; }
};

// Parses "code=404", "example=Studio Not Found", "code=422, example=X" (items
// separated by ',' or ';'; values may be double-quoted). Unknown items are ignored.
PreferHeader parse_prefer(std::string_view header);

struct SelectionInput {
    const std::vector<std::pair<std::string, std::string>>* path_params = nullptr;
    const std::multimap<std::string, std::string>* query = nullptr;
    std::string_view body;  // raw request body (JSON body triggers parse it lazily)
};

// Index into endpoint.examples; nullopt when Prefer names nothing documented.
std::optional<std::size_t> select_example(const Endpoint& endpoint, const PreferHeader& prefer,
                                          const SelectionInput& input);

}  // namespace photobridge::mock
