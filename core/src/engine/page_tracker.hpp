// When the stream checkpoint may advance. Pages are numbered in read order;
// a page is done when every one of its records is settled (synced, skipped,
// dead-lettered or skipped on error, with its ledger marks committed). The
// checkpoint is the cursor of the OLDEST page that is not done, so a process
// killed at any instant (SIGKILL included) resumes at or before every record
// that was not settled: nothing is lost, and what is read twice the ledger
// skips.
#pragma once

#include "host/cancellation.hpp"
#include "state/state_store.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace photobridge::engine {

// Thread contract: every member is [any-thread]. The saver is called with
// the tracker's lock held, so checkpoints are saved one at a time and in
// order; it must not call back into the tracker.
class PageTracker {
public:
    using Saver = std::function<void(const state::Checkpoint&)>;

    // `start`: where this pass resumes (cursor, pages and records already
    // done). `saver` may be empty (dry run: nothing is saved).
    PageTracker(state::Checkpoint start, Saver saver);

    // A page that was read with the current checkpoint cursor chain and holds
    // `records` records, each of which will be settled through
    // record_settled(). `next_cursor` is the cursor of the page after it
    // (nullopt: the last page). `high_water` is the newest incremental value
    // among its records. Returns the page's number.
    std::uint64_t add_page(std::optional<std::string> next_cursor, std::size_t records,
                           std::optional<std::string> high_water);

    // `count` records of page `page` are settled. May save a checkpoint.
    void records_settled(std::uint64_t page, std::size_t count = 1);

    // Blocks while more than `limit` pages are tracked (read but not yet
    // behind the checkpoint), so a slow record cannot make the reader run
    // ahead without bound. False when `stop` was cancelled.
    bool wait_for_room(std::size_t limit, const host::CancellationToken* stop);

    // The newest checkpoint (saved or, without a saver, computed).
    state::Checkpoint checkpoint() const;
    std::size_t pages_tracked() const;
    // Records settled in this pass, including those done before a resume.
    std::int64_t records_done() const;

private:
    struct Page {
        std::uint64_t number = 0;
        std::optional<std::string> next_cursor;
        std::size_t records = 0;
        std::size_t outstanding = 0;
        std::optional<std::string> high_water;
    };
    void advance_locked();

    Saver saver_;
    mutable std::mutex mutex_;
    std::condition_variable room_;
    std::deque<Page> pages_;  // pages_[i].number == first_number_ + i
    std::uint64_t first_number_ = 0;
    std::uint64_t next_number_ = 0;
    state::Checkpoint checkpoint_;
};

}  // namespace photobridge::engine
