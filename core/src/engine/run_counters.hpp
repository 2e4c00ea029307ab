// What a run has done so far: read by the progress line, the summary and
// the run history. Every counter is a relaxed atomic: [any-thread].
#pragma once

#include <boost/json.hpp>

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace photobridge::engine {

// Per sink.
struct SinkCounters {
    std::atomic<std::int64_t> written{0};    // writes that succeeded
    std::atomic<std::int64_t> found{0};      // pending marks resolved by the sink's lookup (no write needed)
    std::atomic<std::int64_t> unchanged{0};  // skipped: the ledger has this content
    std::atomic<std::int64_t> routed{0};     // skipped: `when` (or a filter step) kept the record away
    std::atomic<std::int64_t> failed{0};
};

struct RunCounters {
    explicit RunCounters(std::size_t sinks) : per_sink(sinks) {}

    // Records.
    std::atomic<std::int64_t> read{0};           // read from the source
    std::atomic<std::int64_t> synced{0};         // settled with at least one write (or lookup hit), no failure
    std::atomic<std::int64_t> skipped{0};        // settled with nothing to write (unchanged, filtered, routed)
    std::atomic<std::int64_t> failed{0};         // settled with a failure (dead-lettered or skipped on error)
    std::atomic<std::int64_t> dead_lettered{0};  // of `failed`: written to the dead letters
    std::atomic<std::int64_t> filtered{0};       // of `skipped`: by source.where / since / a filter step
    std::atomic<std::int64_t> abandoned{0};      // in flight when the run stopped; read again next run

    // Work.
    std::atomic<std::int64_t> retries{0};        // retried plugin calls
    std::atomic<std::int64_t> pages{0};          // pages read in this run
    std::atomic<std::int64_t> total{-1};         // records in the stream when the source says, else -1
    std::atomic<std::int64_t> done_before{0};    // records of this pass settled by earlier (interrupted) runs

    std::vector<SinkCounters> per_sink;

    std::int64_t settled() const {
        return synced.load(std::memory_order_relaxed) + skipped.load(std::memory_order_relaxed) +
               failed.load(std::memory_order_relaxed);
    }

    // {"read":..,"synced":..,"skipped":..,"failed":..,"dead_lettered":..,...}
    boost::json::object to_json() const {
        const auto v = [](const std::atomic<std::int64_t>& a) { return a.load(std::memory_order_relaxed); };
        return boost::json::object{{"read", v(read)},         {"synced", v(synced)},       {"skipped", v(skipped)},
                                   {"failed", v(failed)},     {"dead_lettered", v(dead_lettered)},
                                   {"filtered", v(filtered)}, {"abandoned", v(abandoned)}, {"retries", v(retries)},
                                   {"pages", v(pages)}};
    }
};

}  // namespace photobridge::engine
