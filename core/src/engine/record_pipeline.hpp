// The steps of a workflow applied to one record: download, invoke, filter
// and composite (its chain of invokes, in order), along the `after` tree,
// computing only the nodes that the record's pending sink writes need.
//
// Creating and waiting steps (an operation whose manifest says "creates" or
// "check": durable_steps.cpp) remember what they did in the state store's
// step marks, so a resumed run continues where the last one stopped. A
// waiting step that answers "not yet" stops the record part-way: advance()
// returns `parked` and the caller keeps the RecordRun until it is due.
#pragma once

#include "engine/job_slots.hpp"
#include "engine/record_run.hpp"
#include "engine/record_work.hpp"
#include "engine/retry.hpp"
#include "engine/run_context.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace photobridge::engine {

// A step failed for the record (after retries). Carries the Failure.
struct StepFailure : std::runtime_error {
    StepFailure(std::string step, Failure f)
        : std::runtime_error(f.message), step_id(std::move(step)), failure(std::move(f)) {}
    std::string step_id;
    Failure failure;
};

// `input` with steps.<id> = result, carrying `bytes`.
FlowStatePtr step_result_state(const FlowStatePtr& input, const std::string& id, boost::json::value result,
                               std::string bytes);

// Thread contract: one RecordPipeline per worker thread (it owns a Backoff);
// the context and the slots are shared.
class RecordPipeline {
public:
    using Clock = std::chrono::steady_clock;

    RecordPipeline(RunContext& context, JobSlots& slots);

    struct Outcome {
        enum class Kind {
            done,        // run.states holds the state at each plan's sink (null: dropped by a filter)
            parked,      // a waiting step looks again at `due`
            needs_slot   // a creating or waiting step needs a job slot of `connection` (max_pending)
        };
        Kind kind = Kind::done;
        Clock::time_point due{};
        std::string connection;
    };

    // Takes `run` as far as it goes now. Throws StepFailure when a step
    // fails for good. The caller frees run.slots when the run ends.
    Outcome advance(RecordRun& run);

    // Node index of a step id (steps are indexed by their position in the
    // workflow; the source is kSource).
    static constexpr std::size_t kSource = static_cast<std::size_t>(-1);

private:
    // What an invoke step (or a composite's part) does at its provider,
    // from its operation's manifest entry.
    enum class Durability { none, creates, check };
    struct ParkedUntil {
        Clock::time_point due;
    };
    struct NeedsSlot {
        std::string connection;
    };

    FlowStatePtr compute(std::size_t step, RecordRun& run);
    FlowStatePtr apply(std::size_t step, const FlowStatePtr& input, RecordRun& run);
    FlowStatePtr download(const Step& step, const FlowStatePtr& input);
    // One invoke step or composite part, `part` of step `step`.
    FlowStatePtr run_invoke(std::size_t step, std::size_t part, const Step& invoke, const FlowStatePtr& input,
                            RecordRun& run);
    FlowStatePtr plain_invoke(const Step& invoke, const FlowStatePtr& input);
    // durable_steps.cpp: a creating or waiting invoke with its step marks.
    FlowStatePtr durable_invoke(std::size_t step, std::size_t part, const Step& invoke, Durability kind,
                                const FlowStatePtr& input, RecordRun& run);
    // Drops the bytes that nothing still to run needs (a parked record
    // should not hold a photo it has already uploaded).
    void release_unneeded_bytes(RecordRun& run) const;
    // Whether the parts of `step` from `part` on may need the bytes they start with.
    bool needs_bytes_from(std::size_t step, std::size_t part) const;
    std::size_t node_of(const std::string& step_id) const;
    const std::string& connection_of(const Step& invoke) const;
    Durability durability_of(const Step& invoke) const;

    RunContext& ctx_;
    JobSlots& slots_;
    Backoff backoff_;
    std::vector<std::size_t> parent_;               // per step: index of the `after` step, or kSource
    std::vector<std::vector<Durability>> durable_;  // per step, per part (an invoke step: one part)
};

}  // namespace photobridge::engine
