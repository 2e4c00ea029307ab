// Reads mockserver/fixtures/<provider>/{provider.json, <endpoint>.json} into a
// Catalog. The file format is documented in sdk-docs/mockserver.md.
#pragma once

#include "fixture_model.hpp"

#include <string>
#include <vector>

namespace photobridge::mock {

// Loads the providers of every folder in `dirs`, in order. A folder is one
// provider folder (it holds provider.json) or a folder of provider folders
// (each subfolder holding provider.json). `providers`, when not empty, picks
// those ids only. Throws std::runtime_error naming the file and the problem
// when a fixture is invalid, a provider is missing, or two folders define
// the same provider id (both folders named).
Catalog load_fixtures(const std::vector<std::string>& dirs, const std::vector<std::string>& providers);

// Parses one endpoint fixture document (exposed for tests and the importer).
std::unique_ptr<Endpoint> parse_endpoint(const boost::json::value& doc, const std::string& provider,
                                         const std::string& id);

}  // namespace photobridge::mock
