#include "router.hpp"

#include <algorithm>
#include <numeric>

namespace photobridge::mock {

RouteMatch match_route(const Provider& provider, std::string_view method, std::string_view path) {
    RouteMatch result;
    for (const auto& ep : provider.endpoints) {
        if (ep->method != method) continue;
        if (ep->compiled.match(path, result.captures)) {
            result.endpoint = ep.get();
            return result;
        }
    }
    std::vector<std::pair<std::string, std::string>> scratch;
    for (const auto& ep : provider.endpoints) {
        scratch.clear();
        if (ep->method != method && ep->compiled.match(path, scratch) &&
            std::find(result.allowed_methods.begin(), result.allowed_methods.end(), ep->method) ==
                result.allowed_methods.end())
            result.allowed_methods.push_back(ep->method);
    }
    return result;
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), std::size_t{0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::vector<std::string> closest_routes(const Catalog& catalog, std::string_view method, std::string_view full_path,
                                        std::size_t limit) {
    std::vector<std::pair<std::size_t, std::string>> scored;
    for (const auto& provider : catalog.providers) {
        for (const auto& ep : provider->endpoints) {
            std::string route = "/" + provider->id + ep->path;
            std::size_t score = edit_distance(full_path, route) + (ep->method == method ? 0 : 2);
            scored.emplace_back(score, ep->method + " " + route);
        }
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    for (std::size_t i = 0; i < scored.size() && i < limit; ++i) out.push_back(std::move(scored[i].second));
    return out;
}

}  // namespace photobridge::mock
