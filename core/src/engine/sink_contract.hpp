// What the engine needs to know about a sink action beyond its input schema:
// whether repeating it is harmless, where the written thing's id is in its
// result, and how to ask whether an interrupted write happened
// (sdk-docs/workflows.md, "State and guarantees").
//
// The lookup comes from the plugin's sink-lookup extension
// (ext/sink_lookup.h) when it offers one. A plugin built for ABI 1.0
// declares it in its manifest instead, which the engine then interprets:
//
//   "operations": {
//     "upload_photo": {
//       ...,
//       "idempotent": false,
//       "result_id": "id",                 // dotted path of the written thing's id in the result
//       "lookup": {                         // how to ask whether a write already happened
//         "stream": "album_photos",         // walk this stream ...
//         "params": {"project": "{project}", "album": "{album}"},
//         "match": {"raw.original_filename": "{client_original_filename}"},
//         "result_id": "id"                 // ... the matching record's id
//       }
//       (or the operation form: {"operation": "find_photo", "input": {...},
//        "found": "photo", "result_id": "photo.id"})
//     }
//   }
//
// The lookup's input templates are rendered against the action's own input
// (the sink's rendered params), so a lookup works only when the workflow
// gives the action the fields the lookup needs (e.g. a stable
// client_original_filename per record).
#pragma once

#include "host/plugin_loader.hpp"
#include "model/record_template.hpp"

#include <photobridge/sdk/manifest.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string_view>
#include <string>
#include <utility>
#include <vector>

namespace photobridge::engine {
using namespace photobridge::model;  // the run and the parser speak the model's types

// The ABI 1.0 manifest lookup. Two forms. Operation form: call `operation` with `input`; `found` says
// whether the thing exists, `result_id` where its id is in the result.
// Stream form: walk `stream` with `params` page by page (each page retried
// on its own, so a long scan survives transient faults) and take the first
// record whose every `match` path equals the rendered value; `result_id` is
// the path of the id in that record. All templates are rendered against the
// write's own input.
struct SinkLookup {
    std::string operation;  // operation form
    RecordTemplateObject input;
    std::string found;      // dotted path; "" means: the whole result must be truthy
    std::string stream;     // stream form
    RecordTemplateObject params;
    std::vector<std::pair<std::string, RecordTemplate>> match;  // record path -> expected value
    std::optional<std::int64_t> page_size;  // the stream's largest page, fewest requests
    std::string result_id;  // dotted path; "" means: no id
};

// Manifest "key_into" of a create action: how the record's idempotency key
// becomes the value of the action's first "lookup_by" input when the
// workflow does not set it (e.g. Shootbin's client_original_filename), so
// that every write can be looked up. `format` holds "{key}" once; the key is
// put in file-name-safe form (key_as_name).
struct KeyInto {
    std::string param;   // the input field it fills
    std::string prefix;  // format before "{key}"
    std::string suffix;  // format after "{key}"
};

struct SinkContract {
    bool idempotent = false;          // manifest "idempotent": repeating the write changes nothing
    std::string result_id_path;       // "" : try "result_id", then "id"
    bool plugin_lookup = false;       // the plugin's sink-lookup extension answers (manifest_lookup unused)
    std::optional<SinkLookup> manifest_lookup;  // the ABI 1.0 form, for a plugin without the extension
    // Manifest "lookup_by": the input fields the lookup searches by. With the
    // extension, it is also how the manifest says which actions the lookup
    // covers (for the guarantee validate reports).
    std::vector<std::string> lookup_by;
    std::optional<KeyInto> key_into;     // manifest "key_into"

    bool has_lookup() const noexcept { return plugin_lookup || manifest_lookup.has_value(); }
};

// Reads the contract of `action` of `plugin`: its manifest entry, and the
// sink-lookup extension when the plugin offers one (the manifest's "lookup"
// is then not read). A malformed manifest "lookup" throws
// std::invalid_argument naming the plugin field.
SinkContract read_sink_contract(const host::LoadedPlugin& plugin, const std::string& action);

// An idempotency key as a name any provider accepts in a file name: ASCII
// letters, digits, '.' and '-' kept, every other byte written as _XX (its
// hex value), so different keys never give the same name.
std::string key_as_name(std::string_view key);

// Sets contract.key_into's param of `input` from `key` when the workflow
// left it unset (absent or null). Does nothing without key_into.
void fill_key_param(const SinkContract& contract, boost::json::object& input, const std::string& key);

// What a sink of the workflow guarantees across crashes and ambiguous
// failures, from its contract and the params the workflow gives it.
struct SinkGuarantee {
    enum class Level { exactly_once, exactly_once_in_effect, at_least_once };
    Level level = Level::at_least_once;
    std::string text;  // e.g. "exactly once (looked up by client_original_filename)"
};
SinkGuarantee sink_guarantee(const SinkContract& contract, const RecordTemplateObject& params);

// The id of what a write produced, as text ("" when the result has none).
std::string written_result_id(const SinkContract& contract, const boost::json::value& result);

// Interprets a lookup's result: nullopt when the thing is not there,
// otherwise its id ("" when the lookup gives none).
std::optional<std::string> found_result_id(const SinkLookup& lookup, const boost::json::value& result);

// JSON scalar as ledger text: strings as they are, numbers printed.
std::string id_text(const boost::json::value& v);

}  // namespace photobridge::engine
