// `photobridge-mock import-postman FILE --provider ID --out DIR`: turns a
// Postman collection (v2.0/v2.1) with saved examples into fixture files.
//
// What it derives (documented in sdk-docs/mockserver.md):
//  - the base path common to every request (e.g. /api/v2) is stripped, and
//    {{var}} / :var path segments become {var} template variables;
//  - query parameters come from the request's (disabled) query entries; their
//    descriptions give type, default, max ("default: 25, max: 100") and enums
//    ("state: REVIEW, ACCEPTED, REJECTED");
//  - each saved example becomes an example with status, headers and body;
//    its originalRequest gives triggers: enabled concrete query values,
//    concrete values in variable path segments, and JSON body fields whose
//    value differs from every sibling example's;
//  - an enum parameter whose example value is outside the enum makes that
//    example the parameter's documented error (on_invalid);
//  - a JSON request body gives the endpoint's "request" shape: field types
//    from the first 2xx example's request body (also its "example"); a field
//    a 4xx example sends empty as its trigger is required, that example its
//    on_missing answer;
//  - the most common single-string-member body of the 4xx examples becomes
//    provider.json's request_errors shape ({"error": "{message}"}).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

namespace photobridge::mock {

struct ImportedFile {
    std::string name;     // file name inside the provider folder, e.g. "list-contacts.json"
    std::string content;  // pretty JSON text
};

// Pure conversion. `doc_name` is recorded in every provenance (usually the
// collection's file name). Throws std::runtime_error on malformed input.
std::vector<ImportedFile> convert_postman_collection(const boost::json::value& collection, const std::string& provider,
                                                     const std::string& doc_name);

// Reads `collection_file`, converts, writes the files into `out_dir` (created
// if needed) and returns their names.
std::vector<std::string> import_postman(const std::string& collection_file, const std::string& provider,
                                        const std::string& out_dir);

}  // namespace photobridge::mock
