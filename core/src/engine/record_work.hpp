// The units of work that travel through the engine's queues.
#pragma once

#include <boost/json.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace photobridge::engine {

// One sink a record must be written to, as decided from the ledger.
struct SinkPlan {
    std::size_t sink = 0;        // index into Workflow::sinks
    bool verify_first = false;   // a pending mark from an interrupted run: ask the sink (lookup) before writing
    bool resync = false;         // synced before with other content (resync_changed)
};

// One media[] entry of a record that continues on its own (a fan-out
// download step: media_fan_out.hpp).
struct MediaEntry {
    std::size_t index = 0;  // its position in the record's media[]
    std::string variant;    // its name (media[].variant; its index as text when it has none)
};

// A record read from the source that has at least one sink to write.
// With fan-out, one RecordWork per selected media entry (`entry`), each with
// its own key, hash and plans.
// Created by the source reader; shared by the step worker and the sink tasks
// of its plans; settled (its page told) when the last plan is settled.
struct RecordWork {
    RecordWork() = default;
    // Move-constructs the record, so a record parsed into its page's arena
    // stays there (read-only) instead of being copied node by node.
    explicit RecordWork(boost::json::value r) : record(std::move(r)) {}

    std::uint64_t page = 0;            // PageTracker page number
    std::string key;                   // idempotency key
    std::string hash;                  // content hash
    boost::json::value record;         // the canonical record as read; read-only once queued
    std::optional<MediaEntry> entry;   // fan-out: the entry this work is for; nullopt: the whole record
    std::vector<SinkPlan> plans;

    std::atomic<int> unsettled{0};     // plans not yet settled
    std::atomic<bool> wrote{false};    // some plan wrote (or found by lookup)
    std::atomic<bool> failed{false};   // some plan failed (dead-lettered or skipped on error)
    std::atomic<bool> abandoned{false};// some plan was abandoned (stop): the record stays unsettled
};
using RecordWorkPtr = std::shared_ptr<RecordWork>;

// A record at one point of the step tree: the canonical record plus
// `steps.<id>` results, and the bytes in flight (e.g. a downloaded photo).
struct FlowState {
    boost::json::value record;
    std::string bytes;
};
using FlowStatePtr = std::shared_ptr<const FlowState>;

// One sink write to do: what the sink workers pop.
struct SinkTask {
    RecordWorkPtr work;
    std::size_t plan = 0;   // index into work->plans
    FlowStatePtr input;     // the state at the sink's `after` node
    // input's bytes in the run's ByteBudget (byte_budget.hpp), given back
    // when the last copy of the task is dropped; null: none taken.
    std::shared_ptr<const void> bytes_ticket;
};

}  // namespace photobridge::engine
