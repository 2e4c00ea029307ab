// Group commit for ledger marks. Sink workers hand their pending and done
// marks to one writer thread, which commits everything queued meanwhile in
// a single ledger_write (one SQLite transaction), then runs each mark's
// continuation. With N workers that is up to N marks per transaction
// instead of one each.
//
// Ordering: marks are committed in the order they were queued, and a mark's
// continuation runs only after its commit, so anything a continuation does
// (settling a record, which may save a checkpoint) happens after the mark is
// durable. That is what keeps the checkpoint from ever passing a record
// whose done mark is not in the store.
#pragma once

#include "state/state_store.hpp"

#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace photobridge::engine {

// Thread contract: write()/write_and_wait() are [any-thread]; continuations
// run on the writer thread, one at a time, and must not call
// write_and_wait() (they may call write()).
class LedgerWriter {
public:
    // ok == false: the commit failed (the error is in failure()).
    using Continuation = std::function<void(bool ok)>;

    LedgerWriter(state::StateStore& store, std::string workflow);
    ~LedgerWriter();  // close()
    LedgerWriter(const LedgerWriter&) = delete;
    LedgerWriter& operator=(const LedgerWriter&) = delete;

    // Queues a mark; `then` (may be empty) runs after it is committed.
    void write(state::LedgerUpdate update, Continuation then);
    // Queues a mark and blocks until it is committed. False when the
    // commit failed or the writer is closed.
    bool write_and_wait(state::LedgerUpdate update);

    // Queues several marks and blocks until all are committed (normally in
    // one transaction). False when the commit failed or the writer is closed.
    bool write_all_and_wait(std::vector<state::LedgerUpdate> updates);

    // Commits what is queued, runs the continuations and stops the thread.
    void close();

    // The first commit error, "" when none. [any-thread]
    std::string failure() const;
    std::uint64_t commits() const;

private:
    struct Item {
        state::LedgerUpdate update;
        Continuation then;
    };
    void loop();

    state::StateStore& store_;
    const std::string workflow_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<Item> queue_;
    bool closing_ = false;
    bool stopped_ = false;  // the thread has returned: nothing queued will run
    std::string failure_;
    std::uint64_t commits_ = 0;
    std::thread thread_;
};

}  // namespace photobridge::engine
