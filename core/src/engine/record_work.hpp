// The units of work that travel through the engine's queues.
#pragma once

#include <boost/json.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace photobridge::engine {

// One sink a record must be written to, as decided from the ledger.
struct SinkPlan {
    std::size_t sink = 0;        // index into Workflow::sinks
    bool verify_first = false;   // a pending mark from an interrupted run: ask the sink (lookup) before writing
    bool resync = false;         // synced before with other content (resync_changed)
};

// A record read from the source that has at least one sink to write.
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
};

}  // namespace photobridge::engine
