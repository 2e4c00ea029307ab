// A state store that knows nothing and refuses every write: what a dry run
// reads when there is no state file yet (so that a dry run never creates
// one). Every record then looks new.
#pragma once

#include "state/state_store.hpp"

#include <memory>
#include <stdexcept>

namespace photobridge::engine {

class EmptyStateStore final : public state::StateStore {
public:
    std::optional<state::Checkpoint> load_checkpoint(const std::string&, const std::string&) override { return std::nullopt; }
    void save_checkpoint(const std::string&, const std::string&, const state::Checkpoint&) override { refuse(); }
    std::map<std::string, state::LedgerEntry> ledger_lookup(const std::string&, const std::string&,
                                                            const std::vector<std::string>&) override {
        return {};
    }
    void ledger_write(const std::string&, const std::vector<state::LedgerUpdate>&) override { refuse(); }
    std::vector<std::pair<std::string, state::LedgerEntry>> ledger_pending(const std::string&) override { return {}; }
    std::int64_t ledger_count(const std::string&) override { return 0; }
    std::int64_t add_dead_letter(const state::DeadLetter&) override { refuse(); }
    std::vector<state::DeadLetter> dead_letters(const std::string&) override { return {}; }
    void remove_dead_letter(std::int64_t) override { refuse(); }
    std::int64_t begin_run(const std::string&) override { refuse(); }
    void finish_run(std::int64_t, const std::string&, const std::string&) override { refuse(); }
    std::vector<state::RunRecord> runs(const std::string&, int) override { return {}; }
    std::vector<state::StepMark> load_step_marks(const std::string&, const std::string&) override { return {}; }
    void save_step_mark(const std::string&, const state::StepMark&) override { refuse(); }
    std::vector<state::StepMark> open_step_marks(const std::string&) override { return {}; }
    void reset(const std::string&) override { refuse(); }
    std::vector<std::string> workflows() override { return {}; }
    // Nothing to protect: a dry run writes nothing.
    std::unique_ptr<state::WorkflowLock> lock_workflow(const std::string&, const state::LockWait&) override {
        return std::make_unique<state::WorkflowLock>();
    }

private:
    [[noreturn]] static void refuse() { throw std::logic_error("a dry run writes nothing to the state store"); }
};

}  // namespace photobridge::engine
