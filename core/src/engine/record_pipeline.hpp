// The steps of a workflow applied to one record: download, invoke, filter
// and composite (its chain of invokes, in order), along the `after` tree, computing only the nodes that the record's
// pending sink writes need.
#pragma once

#include "engine/record_work.hpp"
#include "engine/retry.hpp"
#include "engine/run_context.hpp"

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

// Thread contract: one RecordPipeline per worker thread (it owns a Backoff);
// the context is shared.
class RecordPipeline {
public:
    explicit RecordPipeline(RunContext& context);

    // The state at the input of each plan's sink (same order as
    // work.plans); null where a filter step dropped the record. Throws
    // StepFailure when a step fails for good.
    std::vector<FlowStatePtr> run(const RecordWork& work);

    // Node index of a step id (steps are indexed by their position in the
    // workflow; the source is kSource).
    static constexpr std::size_t kSource = static_cast<std::size_t>(-1);

private:
    struct Node {
        bool computed = false;
        FlowStatePtr state;  // null: dropped by a filter
    };
    FlowStatePtr compute(std::size_t step, std::vector<Node>& nodes, const FlowStatePtr& source);
    FlowStatePtr apply(const Step& step, const FlowStatePtr& input);
    std::size_t node_of(const std::string& step_id) const;

    RunContext& ctx_;
    Backoff backoff_;
    std::vector<std::size_t> parent_;  // per step: index of the `after` step, or kSource
};

}  // namespace photobridge::engine
