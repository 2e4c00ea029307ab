#include "admin_api.hpp"

#include "error_bodies.hpp"

#include <boost/json.hpp>

namespace photobridge::mock {
namespace json = boost::json;

namespace {

constexpr const char* kJson = "application/json";

void reply(httplib::Response& res, int status, const json::value& body) {
    res.status = status;
    res.set_content(json::serialize(body), kJson);
}

json::value coverage_json(const Catalog& catalog) {
    json::array endpoints;
    std::uint64_t examples_total = 0, examples_served = 0;
    for (const auto& provider : catalog.providers) {
        for (const auto& ep : provider->endpoints) {
            json::object e;
            e["provider"] = provider->id;
            e["endpoint"] = ep->id;
            e["method"] = ep->method;
            e["path"] = "/" + provider->id + ep->path;
            json::array examples;
            std::uint64_t served_total = 0;
            for (std::size_t i = 0; i < ep->examples.size(); ++i) {
                const auto served = ep->served[i].load(std::memory_order_relaxed);
                served_total += served;
                ++examples_total;
                if (served > 0) ++examples_served;
                json::object x;
                x["name"] = ep->examples[i].name;
                x["status"] = ep->examples[i].status;
                x["served"] = served;
                examples.push_back(std::move(x));
            }
            e["served"] = served_total;
            e["rejected_bodies"] = ep->rejected_bodies.load(std::memory_order_relaxed);
            e["examples"] = std::move(examples);
            endpoints.push_back(std::move(e));
        }
    }
    json::object out;
    out["examples_total"] = examples_total;
    out["examples_served"] = examples_served;
    out["endpoints"] = std::move(endpoints);
    return out;
}

}  // namespace

void reset_coverage(const Catalog& catalog) {
    for (const auto& provider : catalog.providers)
        for (const auto& ep : provider->endpoints) {
            for (std::size_t i = 0; i < ep->examples.size(); ++i) ep->served[i].store(0, std::memory_order_relaxed);
            ep->rejected_bodies.store(0, std::memory_order_relaxed);
        }
}

void handle_admin_request(ServerState& state, const httplib::Request& req, httplib::Response& res) {
    const std::string_view what = std::string_view(req.path).substr(kAdminPrefix.size());
    const std::string& m = req.method;
    if (what == "requests" && (m == "GET" || m == "HEAD")) {
        json::array requests;
        for (const auto& e : state.journal.snapshot()) requests.push_back(to_json(e));
        json::object out;
        out["capacity"] = state.journal.capacity();
        out["total_recorded"] = state.journal.total_recorded();
        out["requests"] = std::move(requests);
        return reply(res, 200, out);
    }
    if (what == "requests" && m == "DELETE") {
        state.journal.clear();
        return reply(res, 200, json::object{{"cleared", true}});
    }
    if (what == "reset" && m == "POST") {
        state.journal.clear();
        state.faults.reset();
        for (auto& windows : state.rate_windows) windows->clear();
        reset_coverage(state.catalog);
        for (auto& backend : state.backends)
            if (backend) backend->reset();
        return reply(res, 200, json::object{{"reset", true}});
    }
    if (what == "faults" && m == "GET") return reply(res, 200, state.faults.to_json());
    if (what == "faults" && m == "DELETE") {
        state.faults.clear();
        return reply(res, 200, json::object{{"cleared", true}});
    }
    if (what == "faults" && (m == "POST" || m == "PUT")) {
        json::error_code ec;
        json::value doc = json::parse(req.body, ec);
        if (ec) return reply(res, 400, json::parse(simple_error_body("invalid_json", ec.message())));
        try {
            state.faults.load(doc);
        } catch (const std::exception& e) {
            return reply(res, 400, json::parse(simple_error_body("invalid_fault_rules", e.what())));
        }
        return reply(res, 200, state.faults.to_json());
    }
    if (what == "coverage" && m == "GET") return reply(res, 200, coverage_json(state.catalog));
    for (const auto& provider : state.providers.all())
        for (const auto& route : provider.admin_routes)
            if (what == route.path && m == route.method) return route.handler(state, req, res);
    json::object out;
    out["error"] = "unknown_admin_route";
    out["message"] = "no admin route " + m + " " + req.path;
    json::array routes{"GET /__admin/requests", "DELETE /__admin/requests", "POST /__admin/reset",
                       "GET /__admin/faults",   "POST /__admin/faults",     "DELETE /__admin/faults",
                       "GET /__admin/coverage"};
    for (const auto& provider : state.providers.all())
        for (const auto& route : provider.admin_routes) {
            std::string text = route.method;
            text.append(" ").append(kAdminPrefix).append(route.path);
            routes.emplace_back(text);
        }
    out["routes"] = std::move(routes);
    reply(res, 404, out);
}

}  // namespace photobridge::mock
