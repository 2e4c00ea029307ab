// One record's way through the step tree, kept between the times a worker
// advances it: a record whose waiting step answered "not yet" is parked
// with its RecordRun (parked_records.hpp) and continues where it stopped.
#pragma once

#include "engine/record_work.hpp"
#include "state/step_marks.hpp"

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace photobridge::engine {

// Thread contract: owned by one thread at a time (the worker advancing it,
// or the ParkedRecords queue while it waits); never shared.
struct RecordRun {
    explicit RecordRun(RecordWorkPtr w) : work(std::move(w)) {}

    RecordWorkPtr work;

    // --- the pipeline's progress (record_pipeline.hpp) ---
    bool started = false;
    FlowStatePtr source;                 // the record as read (plus its media entry's fields with fan-out)
    struct Node {
        bool computed = false;
        FlowStatePtr state;              // null: dropped by a filter
    };
    std::vector<Node> nodes;             // per step of the workflow
    std::vector<FlowStatePtr> states;    // per plan, in order, as far as computed

    // A step stopped part-way: at `part` of step `step` (0 for an invoke
    // step), with the state before that part. `handle_json` is the waiting
    // part's last handle ("" before its first check).
    struct Resume {
        std::size_t step = 0;
        std::size_t part = 0;
        FlowStatePtr state;
        std::string handle_json;
    };
    std::optional<Resume> resume;

    // The record's step marks, loaded at its first creating or waiting
    // step and kept up to date as they are saved.
    std::optional<std::vector<state::StepMark>> marks;

    // Connections whose job slot ([policy] max_pending) this record holds.
    std::set<std::string> slots;
};

}  // namespace photobridge::engine
