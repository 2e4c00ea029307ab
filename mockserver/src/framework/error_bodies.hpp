// JSON bodies for the answers the mock itself gives (not documented
// examples): auth failures, bad parameters, unknown routes, faults. Every
// body has "error" (a short code) and "message"; some add context fields.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace photobridge::mock {

std::string unauthorized_body(std::string_view provider, std::string_view header, bool presented);
std::string missing_scope_body(std::string_view scope);
std::string invalid_parameter_body(std::string_view parameter, std::string_view value, std::string_view message);
std::string unknown_route_body(std::string_view method, std::string_view path, const std::vector<std::string>& closest);
std::string method_not_allowed_body(std::string_view method, std::string_view path,
                                    const std::vector<std::string>& allowed);
std::string no_such_example_body(std::string_view prefer, const std::vector<std::string>& available);
std::string fault_status_body(int status, std::string_view rule_id);
std::string simple_error_body(std::string_view error, std::string_view message);

}  // namespace photobridge::mock
