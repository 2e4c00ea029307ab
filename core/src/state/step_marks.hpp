// What the engine remembers of a record's steps between runs: the result of
// every step that creates something at a provider (an upload, a paid
// generation), and where a waiting step stands (its plugin's handle and
// next check). A resumed run continues from them instead of creating again.
// Stored by the StateStore (state_store.hpp); shown by `photobridge state
// jobs`. sdk-docs/workflows.md, "Creating steps and parked waits".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace photobridge::state {

enum class StepMarkStatus {
    pending,  // a creating step was called and its result is not known (the run died, or the call failed ambiguously)
    parked,   // a waiting step answered "not yet": handle and next check are set
    done,     // the step's result is known (result_json)
    failed    // the job ended without a result (the provider said failed, or the plugin's deadline passed)
};

// The status as the schemas write it, and back (anything else reads as
// pending). Defined in status_names.cpp.
const char* step_mark_status_name(StepMarkStatus status) noexcept;
StepMarkStatus step_mark_status_from_name(std::string_view name) noexcept;

// One (workflow, record key, step). A mark whose content_hash differs from
// the record's current hash belongs to an earlier version of the record and
// is not used.
struct StepMark {
    std::string key;                 // the record's idempotency key (with fan-out: the media entry's)
    std::string step;                // the step id (a composite's parts: "X__upload", ...)
    std::string content_hash;        // the record's content hash when the mark was written
    StepMarkStatus status = StepMarkStatus::pending;
    std::string connection;          // the connection the step calls
    std::string operation;           // the plugin operation it runs
    std::string result_json;         // done: the step's result (JSON text); else ""
    std::string handle_json;         // parked: the plugin's handle (JSON text, never a secret); else ""
    std::string provider_id;         // the provider's id of the job, "" when unknown
    std::string provider_status;     // the provider's last status, "" when unknown
    std::int64_t next_check_unix_ms = 0;  // parked: when to look again (Unix ms)
    std::string updated_at;          // ISO 8601 UTC, set by the store
};

}  // namespace photobridge::state
