// Answers one request under "/<provider>/...": route, authenticate, apply
// fault rules, validate query parameters, offer it to the dataset backend,
// replay the documented example; then count coverage and journal it.
//
// Thread contract: called concurrently from cpp-httplib worker threads.
#pragma once

#include "server_state.hpp"

#include <httplib.h>

namespace photobridge::mock {

void handle_provider_request(ServerState& state, const httplib::Request& req, httplib::Response& res);

}  // namespace photobridge::mock
