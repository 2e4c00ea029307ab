// What the engine needs to know about a sink action beyond its input schema,
// read from the sink plugin's manifest (convention documented in
// sdk-docs/workflows.md, "State and guarantees"):
//
//   "operations": {
//     "upload_photo": {
//       ...,
//       "idempotent": false,
//       "result_id": "id",                 // dotted path of the written thing's id in the result
//       "lookup": {                         // how to ask whether a write already happened
//         "operation": "find_photo",
//         "input": {"project": "{project}", "album": "{album}",
//                   "original_filename": "{client_original_filename}"},
//         "found": "photo",                 // path in the lookup's result: null/false/missing = not there
//         "result_id": "photo.id"           // path of the found thing's id
//       }
//     }
//   }
//
// The lookup's input templates are rendered against the action's own input
// (the sink's rendered params), so a lookup works only when the workflow
// gives the action the fields the lookup needs (e.g. a stable
// client_original_filename per record).
#pragma once

#include "engine/record_template.hpp"

#include <photobridge/sdk/manifest.hpp>

#include <boost/json.hpp>

#include <optional>
#include <string>

namespace photobridge::engine {

struct SinkLookup {
    std::string operation;
    RecordTemplateObject input;
    std::string found;      // dotted path; "" means: the whole result must be truthy
    std::string result_id;  // dotted path; "" means: no id
};

struct SinkContract {
    bool idempotent = false;          // manifest "idempotent": repeating the write changes nothing
    std::string result_id_path;       // "" : try "result_id", then "id"
    std::optional<SinkLookup> lookup;
};

// Reads the contract of `action` from a plugin manifest. A malformed
// "lookup" throws std::invalid_argument naming the plugin field.
SinkContract read_sink_contract(const sdk::Manifest& manifest, const std::string& plugin_id, const std::string& action);

// The id of what a write produced, as text ("" when the result has none).
std::string written_result_id(const SinkContract& contract, const boost::json::value& result);

// Interprets a lookup's result: nullopt when the thing is not there,
// otherwise its id ("" when the lookup gives none).
std::optional<std::string> found_result_id(const SinkLookup& lookup, const boost::json::value& result);

// JSON scalar as ledger text: strings as they are, numbers printed.
std::string id_text(const boost::json::value& v);

}  // namespace photobridge::engine
