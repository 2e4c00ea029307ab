// The source stage: reads the stream page by page (with retries), decides
// for every record and sink from one batched ledger lookup per page and sink
// whether there is anything to write, settles at once what needs nothing,
// and queues the rest for the step workers. Pages are registered with the
// PageTracker before their records move on, so the checkpoint advances page
// by page as records settle.
#pragma once

#include "engine/bounded_queue.hpp"
#include "engine/dry_run.hpp"
#include "engine/media_fan_out.hpp"
#include "engine/record_work.hpp"
#include "engine/retry.hpp"
#include "engine/run_context.hpp"

#include <optional>
#include <string>
#include <vector>

namespace photobridge::engine {

// Incremental reading (`since`): records whose incremental field is older
// than `floor` are skipped (counted as filtered). ISO 8601 text compares in
// time order when both sides use the same form (UTC "Z" timestamps do).
struct SinceFilter {
    std::optional<std::string> floor;  // nullopt: no filtering
    std::vector<std::string> paths;    // where to find the field, first present wins
};

struct SourceStart {
    std::optional<std::string> cursor;  // resume here; nullopt: the first page
    boost::json::object params;         // the stream params (plus a server-side `since` param)
    SinceFilter since;
    // High-water field paths (the incremental field), even without `since`.
    std::vector<std::string> high_water_paths;
    // Set: these records are the only page (RunOptions::given_records); the
    // stream is not read.
    std::optional<boost::json::array> given_records;
};

class SourceReader {
public:
    // `queue` is null in a dry run (then `dry` reports every decision).
    SourceReader(RunContext& context, BoundedQueue<RecordWorkPtr>* queue, SourceStart start, DryRunReport* dry);

    // Runs on the reader thread until the stream ends, the run stops or the
    // source fails for good (the run then fails). Never throws.
    void run();

    // Pages the reader may hold beyond the checkpoint before waiting.
    static std::size_t max_pages_in_flight(const Workflow& workflow);

private:
    void read_all();
    // Handles one page; false when the run is stopping.
    bool handle_page(boost::json::array& records, const std::optional<std::string>& next_cursor);
    const boost::json::value* field_at(const boost::json::value& record, const std::vector<std::string>& paths) const;
    bool sink_route_decidable(std::size_t sink) const;

    RunContext& ctx_;
    BoundedQueue<RecordWorkPtr>* queue_;
    SourceStart start_;
    DryRunReport* dry_;
    std::vector<bool> route_decidable_;  // per sink: `when` reads only the source record
    std::vector<std::vector<std::size_t>> filter_chain_;  // per sink: source-decidable filter steps on its path
    MediaFanOut fan_out_;
    std::vector<std::string> page_keys_;  // the last page's record keys (for the pass guard)
};

}  // namespace photobridge::engine
