// What `photobridge call` and `photobridge test-read` read from their
// command line: files the user names, a connection's config from --config
// FILE and --set key=value, and JSON objects given as text. Every problem is
// a UsageError (exit 2) naming the file, the line and column, or the key.
#pragma once

#include "cli/usage_error.hpp"

#include <photobridge/sdk/manifest.hpp>

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace photobridge::cli {

// The whole file; `what` names it in the error ("--in-file").
std::string read_input_file(const std::string& path, const char* what);

// --config FILE (a TOML table for *.toml, a JSON object otherwise; empty:
// none), then each --set key=value over it, typed by the manifest's config
// schema.
boost::json::object connection_config(const sdk::Manifest& manifest, const std::string& config_file,
                                      const std::vector<std::string>& sets);

// `text` as a JSON object; `what` names the option ("--input").
boost::json::object json_object_argument(const std::string& text, const char* what);

}  // namespace photobridge::cli
