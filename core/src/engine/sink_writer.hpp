// One sink write under the ledger protocol that makes a run exactly-once in
// effect (sdk-docs/workflows.md, "State and guarantees"):
//
//   1. verify  (only for a pending mark left by an interrupted run, when the
//              sink declares a lookup): ask the sink whether the write
//              happened; if it did, mark done with the found id, no write.
//   2. pending mark (sink, key, content hash), committed before the write.
//   3. the write, with retries. Before repeating a non-idempotent write
//      after a failure that may have taken effect (timeout, reset, 5xx),
//      the lookup is asked first, when there is one.
//   4. done mark with the sink's result id; the record is settled only
//      after this mark is committed.
#pragma once

#include "engine/record_work.hpp"
#include "engine/retry.hpp"
#include "engine/run_context.hpp"

#include <optional>
#include <vector>
#include <string>

namespace photobridge::engine {

// Thread contract: one SinkWriter per worker thread (it owns a Backoff).
class SinkWriter {
public:
    explicit SinkWriter(RunContext& context);

    // Performs the task and settles its plan (success, failure under
    // on_error, or abandonment when the run is stopping). Never throws.
    void perform(const SinkTask& task);
    // The same for several tasks, with one pending-mark commit for all of
    // them (the writes still happen one by one, after that commit).
    void perform_batch(const std::vector<SinkTask>& tasks);

private:
    // The write with its retries (step 3) and the done mark (step 4).
    void write(const SinkTask& task, const boost::json::object& input, bool lookup_possible);
    // nullopt: not there (or the lookup is impossible for this input);
    // otherwise the id found. Throws host::InvokeError when the lookup fails.
    std::optional<std::string> look_up(std::size_t sink, const boost::json::object& action_input);
    bool can_look_up(std::size_t sink, const boost::json::object& action_input) const;
    void mark_done(const SinkTask& task, const std::string& result_id, bool found);

    RunContext& ctx_;
    Backoff backoff_;
};

}  // namespace photobridge::engine
