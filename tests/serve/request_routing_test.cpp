// Which endpoint a method and target reach, and what the rest is refused.
#include "serve/request_routing.hpp"

#include <doctest/doctest.h>

using photobridge::serve::Endpoint;
using photobridge::serve::ListenerRoutes;
using photobridge::serve::route_request;

TEST_CASE("routing: webhooks by POST, /healthz and /metrics by GET or HEAD, the rest 404 or 405") {
    const ListenerRoutes all;
    auto hook = route_request("POST", "/hooks/snapbar-to-album?x=1", all);
    CHECK_FALSE(hook.refusal);
    CHECK(hook.endpoint == Endpoint::webhook);
    CHECK(hook.workflow == "snapbar-to-album");
    CHECK(route_request("POST", "/hooks/with%20space", all).workflow == "with space");

    CHECK(route_request("GET", "/hooks/w", all).refusal->status == 405);
    CHECK(route_request("DELETE", "/hooks/w", all).refusal->status == 405);
    CHECK(route_request("POST", "/hooks/", all).refusal->status == 404);
    CHECK(route_request("POST", "/hooks/w/extra", all).refusal->status == 404);

    auto health = route_request("GET", "/healthz", all);
    CHECK_FALSE(health.refusal);
    CHECK(health.endpoint == Endpoint::healthz);
    auto head = route_request("HEAD", "/metrics", all);
    CHECK_FALSE(head.refusal);
    CHECK(head.endpoint == Endpoint::metrics);
    CHECK(head.head);
    CHECK(route_request("POST", "/healthz", all).refusal->status == 405);
    CHECK(route_request("GET", "/", all).refusal->status == 404);
    CHECK(route_request("GET", "http://elsewhere/healthz", all).refusal->status == 400);
    CHECK(route_request("GET", "/healthz", all).refusal == std::nullopt);
}

TEST_CASE("routing: a listener without webhooks or without /metrics answers them 404") {
    const ListenerRoutes admin{false, true, true};
    CHECK(route_request("POST", "/hooks/w", admin).refusal->status == 404);
    CHECK_FALSE(route_request("GET", "/metrics", admin).refusal);
    const ListenerRoutes public_with_admin_elsewhere{true, true, false};
    CHECK(route_request("GET", "/metrics", public_with_admin_elsewhere).refusal->status == 404);
    CHECK_FALSE(route_request("GET", "/healthz", public_with_admin_elsewhere).refusal);
}
