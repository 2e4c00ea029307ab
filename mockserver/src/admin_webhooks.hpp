// POST /__admin/webhooks/snapbar: the mock acting as Snapbar's webhook sender.
// Builds a SUBMISSION_COMPLETE event (snapbar_webhook_event.hpp), signs it
// (webhook_token.hpp) and POSTs it to a loopback target; see
// sdk-docs/mockserver.md for the request and answer.
// Thread contract: called concurrently from cpp-httplib worker threads; each
// call uses its own HTTP client and blocks its worker for at most the
// client's timeouts (5 s connect, 5 s read, 5 s write).
#pragma once

#include "server_state.hpp"

#include <httplib.h>

#include <string_view>

namespace photobridge::mock {

// True for hosts that name this machine's loopback interface: "localhost",
// 127.0.0.0/8 and ::1 (the forms Boost.URL parses from a URL authority).
bool is_loopback_host(std::string_view host);

void handle_snapbar_webhook_request(ServerState& state, const httplib::Request& req, httplib::Response& res);

}  // namespace photobridge::mock
