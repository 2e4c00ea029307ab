// The admin API under /__admin/ (journal, reset, faults, coverage) and the
// admin routes providers register (ProviderRules::admin_routes, e.g. a
// webhook sender). Admin requests are not journaled and need no credential
// (a webhook the mock sends is journaled as the outgoing request).
// Thread contract: called concurrently from cpp-httplib worker threads.
#pragma once

#include "server_state.hpp"

#include <httplib.h>

namespace photobridge::mock {

inline constexpr std::string_view kAdminPrefix = "/__admin/";

void handle_admin_request(ServerState& state, const httplib::Request& req, httplib::Response& res);

// Zeroes every example's served counter (part of POST /__admin/reset).
void reset_coverage(const Catalog& catalog);

}  // namespace photobridge::mock
