// Which endpoint a request's method and target go to, or the refusal it
// gets (404, 405, 400). Knows the listener's paths; knows nothing of HTTP
// parsing or sockets.
#pragma once

#include "serve/listener_limits.hpp"
#include "serve/webhook_intake.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace photobridge::serve {

enum class Endpoint { webhook, healthz, metrics };

struct RoutedRequest {
    Endpoint endpoint = Endpoint::healthz;
    std::string workflow;                // the <workflow> of /hooks/<workflow>, percent-decoded
    bool head = false;                   // HEAD: answer the headers of GET, no body
    std::optional<HttpAnswer> refusal;   // set: answer this and close, call no endpoint
};

// `target`: the request-target as sent (origin form, query ignored).
RoutedRequest route_request(std::string_view method, std::string_view target, const ListenerRoutes& routes);

// {"error": message} with `status`.
HttpAnswer json_error_answer(int status, const std::string& message);

}  // namespace photobridge::serve
