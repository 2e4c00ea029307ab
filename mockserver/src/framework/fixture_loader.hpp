// Reads mockserver/fixtures/<provider>/{provider.json, <endpoint>.json} into a
// Catalog. The file format is documented in sdk-docs/mockserver.md.
#pragma once

#include "fixture_model.hpp"

#include <string>
#include <vector>

namespace photobridge::mock {

// Loads every provider folder under `dir` (or only those named in
// `providers` when it is not empty). Throws std::runtime_error naming the
// file and the problem when a fixture is invalid or a provider is missing.
Catalog load_fixtures(const std::string& dir, const std::vector<std::string>& providers);

// Parses one endpoint fixture document (exposed for tests and the importer).
std::unique_ptr<Endpoint> parse_endpoint(const boost::json::value& doc, const std::string& provider,
                                         const std::string& id);

}  // namespace photobridge::mock
