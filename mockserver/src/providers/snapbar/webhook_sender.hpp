// POST /__admin/webhooks/snapbar: the mock acting as Snapbar's webhook sender
// (registered as a ProviderRules::admin_routes entry by provider.cpp).
// Builds a SUBMISSION_COMPLETE event (webhook_event.hpp), signs it
// (webhook_token.hpp) and POSTs it to a loopback target; see
// sdk-docs/mockserver.md for the request and answer.
// Thread contract: called concurrently from cpp-httplib worker threads; each
// call uses its own HTTP client and blocks its worker for at most the
// client's timeouts (5 s connect, 5 s read, 5 s write).
#pragma once

#include "framework/server_state.hpp"

#include <httplib.h>

namespace photobridge::mock {

void handle_snapbar_webhook_request(ServerState& state, const httplib::Request& req, httplib::Response& res);

}  // namespace photobridge::mock
