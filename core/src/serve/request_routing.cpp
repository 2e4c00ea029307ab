#include "serve/request_routing.hpp"

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include <vector>

namespace photobridge::serve {

HttpAnswer json_error_answer(int status, const std::string& message) {
    return HttpAnswer{status, boost::json::serialize(boost::json::object{{"error", message}})};
}

RoutedRequest route_request(std::string_view method, std::string_view target, const ListenerRoutes& routes) {
    RoutedRequest routed;
    auto url = boost::urls::parse_origin_form(target);
    if (!url) {
        routed.refusal = json_error_answer(400, "the request target is not a path");
        return routed;
    }
    std::vector<std::string> segments;
    for (auto segment : url->segments()) segments.push_back(segment);
    const bool get = method == "GET" || method == "HEAD";
    routed.head = method == "HEAD";

    if (routes.webhooks && segments.size() == 2 && segments[0] == "hooks" && !segments[1].empty()) {
        routed.endpoint = Endpoint::webhook;
        routed.workflow = segments[1];
        if (method == "GET") routed.refusal = json_error_answer(405, "webhooks are delivered with POST");
        else if (method != "POST") routed.refusal = json_error_answer(405, "method not allowed");
        return routed;
    }
    if (segments.size() == 1 && ((routes.healthz && segments[0] == "healthz") || (routes.metrics && segments[0] == "metrics"))) {
        routed.endpoint = segments[0] == "healthz" ? Endpoint::healthz : Endpoint::metrics;
        if (!get) routed.refusal = json_error_answer(405, "method not allowed");
        return routed;
    }
    routed.refusal = json_error_answer(404, "not found");
    return routed;
}

}  // namespace photobridge::serve
