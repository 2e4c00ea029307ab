// What a verified webhook payload names, read in a provider-neutral way from
// the source plugin's manifest: the workflow's source stream has a record
// kind (snapbar "submissions": "submission"), and the plugin has an
// operation that returns one record of that kind from its id (snapbar
// get_submission, input {submission_id}). The payload names the record as
//   {"<kind>": {"id": ID, ...}}    e.g. {"topic":"SUBMISSION_COMPLETE","submission":{"id":"sub_1",...}}
//   {"<kind>": ID}                 e.g. {"submission": "sub_1"}
//   {"<kind>_id": ID}              e.g. {"submission_id": "sub_1"}
// (ID a string or an integer). The record itself is always fetched with the
// operation, so it is mapped to the canonical record exactly like the
// stream's records, and its media URLs are fresh.
//
// The event key de-duplicates deliveries: "delivery:<id>" when the payload
// carries a delivery id (delivery_id, event_id or webhook_id), else
// "<topic>:<kind>:<record id>".
//
// Pure functions: [any-thread], no I/O.
#pragma once

#include <photobridge/sdk/manifest.hpp>

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <variant>

namespace photobridge::serve {

struct RecordFetch {
    std::string kind;       // the stream's record kind ("submission")
    std::string operation;  // "get_submission"
    std::string id_param;   // "submission_id"
};

// nullopt when the stream has no record kind or no operation fits.
std::optional<RecordFetch> record_fetch_for(const sdk::Manifest& manifest, const std::string& stream);

struct EventReference {
    std::string record_id;
    std::string topic;      // "" when the payload has none
    std::string event_key;
};

// The reference, or the reason the payload names no record (for a 400 answer).
std::variant<EventReference, std::string> read_event_reference(const boost::json::value& payload,
                                                               const RecordFetch& fetch);

}  // namespace photobridge::serve
