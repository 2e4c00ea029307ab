// Checking a params table (or a connection's settings) written in a
// workflow file against a manifest schema (sdk/schema.hpp), with each
// problem pointed at the key or value in the file.
//
// Templates: a string with {holes} is only known when a record flows, so
// its value is not checked. A single-hole template ("{raw.album}") may
// render to any JSON type: only its key is checked. A template with text
// around its holes always renders to a string: its type is checked, its
// enum and lengths are not. Strings without holes are literals, checked
// fully.
#pragma once

#include "workflow/toml_reading.hpp"

#include <boost/json.hpp>

#include <set>
#include <string>

namespace photobridge::workflow_file {

struct ParamsCheck {
    std::string path;        // the table in messages and positions: "sinks[0].params", "connections.hp"
    std::string owner;       // who defines the schema: "shootbin.upload_photo", "plugin headshotpro"
    std::string noun = "parameter";  // "parameter" or "setting"
    bool templated = false;          // string values are record templates
    // Keys whose values must not be shown (secrets, ${env:...} values).
    std::set<std::string> hidden_values;
    // Top-level keys already reported: their other problems are not.
    std::set<std::string> skipped_keys;
};

void check_params(const boost::json::object& params, const boost::json::value& schema, const TomlDocument& doc,
                  const ParamsCheck& check, Diagnostics& out);

}  // namespace photobridge::workflow_file
