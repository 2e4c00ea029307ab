// JSON bodies for the answers the mock itself gives (not documented
// examples): auth failures, bad parameters, unknown routes, faults. Every
// body has "error" (a short code) and "message"; some add context fields.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

namespace photobridge::mock {

// `where` names the credential's place: "X-Auth-Token header", "api_key query parameter".
std::string unauthorized_body(std::string_view provider, std::string_view where, bool presented);
std::string missing_scope_body(std::string_view scope);
std::string invalid_parameter_body(std::string_view parameter, std::string_view value, std::string_view message);
std::string unknown_route_body(std::string_view method, std::string_view path, const std::vector<std::string>& closest);
std::string method_not_allowed_body(std::string_view method, std::string_view path,
                                    const std::vector<std::string>& allowed);
std::string no_such_example_body(std::string_view prefer, const std::vector<std::string>& available);
std::string fault_status_body(int status, std::string_view rule_id);
// The 400 for a request body the docs say is invalid: `shape` (the
// provider's documented error body, see RequestErrorShape) with its
// placeholders filled, or {"error": code, "message", "field"}.
std::string invalid_body_body(const boost::json::value& shape, std::string_view code, std::string_view message,
                              std::string_view field);
std::string simple_error_body(std::string_view error, std::string_view message);

}  // namespace photobridge::mock
