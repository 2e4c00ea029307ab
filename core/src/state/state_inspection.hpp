// Read-only views of a state store for people (`photobridge state show`):
// what the engine's StateStore interface does not need but an operator
// does. Kept apart from state_store.hpp so the engine's interface stays
// small; a backend implements both (SqliteStateStore does).
//
// Thread contract: as StateStore (any thread, serialised internally).
#pragma once

#include "state/state_store.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace photobridge::state {

struct StreamCheckpoint {
    std::string stream;
    Checkpoint checkpoint;
    std::string updated_at;  // ISO 8601 UTC of the last save
};

// Ledger entries of one workflow grouped by sink.
struct LedgerSinkCounts {
    std::string sink;
    std::int64_t done = 0;
    std::int64_t pending = 0;
    std::string last_updated_at;  // newest updated_at among the sink's entries
};

class StateInspection {
public:
    virtual ~StateInspection() = default;

    // Every stream checkpoint of a workflow, by stream name.
    virtual std::vector<StreamCheckpoint> checkpoints(const std::string& workflow) = 0;
    // Ledger entry counts per sink, by sink name.
    virtual std::vector<LedgerSinkCounts> ledger_counts(const std::string& workflow) = 0;
    virtual std::int64_t dead_letter_count(const std::string& workflow) = 0;
    // Where the store lives, for messages ("/path/state.db").
    virtual std::string location() const = 0;
};

}  // namespace photobridge::state
