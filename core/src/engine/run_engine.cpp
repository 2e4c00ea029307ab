#include "engine/run_engine.hpp"

#include "engine/bounded_queue.hpp"
#include "engine/byte_budget.hpp"
#include "engine/connections.hpp"
#include "engine/dry_run.hpp"
#include "engine/empty_state_store.hpp"
#include "engine/job_slots.hpp"
#include "engine/ledger_writer.hpp"
#include "engine/page_tracker.hpp"
#include "engine/parked_records.hpp"
#include "engine/record_pipeline.hpp"
#include "engine/run_context.hpp"
#include "engine/run_counters.hpp"
#include "engine/sink_writer.hpp"
#include "engine/source_reader.hpp"
#include "host/logger.hpp"
#include "state/utc_timestamp.hpp"

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace photobridge::engine {
namespace {

using clock = std::chrono::steady_clock;

// Where to look for the stream's incremental field in a canonical record.
std::vector<std::string> incremental_paths(const boost::json::object* stream) {
    std::vector<std::string> paths;
    if (stream == nullptr) return paths;
    const auto* inc = stream->if_contains("incremental");
    if (inc == nullptr || !inc->is_object()) return paths;
    if (const auto* f = inc->get_object().if_contains("field"); f != nullptr && f->is_string()) {
        const std::string field(f->get_string());
        paths.push_back("raw." + field);
        paths.push_back(field);
    }
    paths.push_back("created_at");
    return paths;
}

std::optional<std::string> incremental_param(const boost::json::object* stream) {
    if (stream == nullptr) return std::nullopt;
    const auto* inc = stream->if_contains("incremental");
    if (inc == nullptr || !inc->is_object()) return std::nullopt;
    const auto* p = inc->get_object().if_contains("param");
    if (p == nullptr || !p->is_string() || p->get_string().empty()) return std::nullopt;
    return std::string(p->get_string());
}

// What the step workers share.
struct StepStage {
    RunContext& ctx;
    BoundedQueue<SinkTask>& sinks;
    ParkedRecords& parked;
    JobSlots& slots;
    ByteBudget& bytes_in_flight;
};

// Takes one record as far as it goes now: to a sink task per plan that is
// still routed to its sink, or back to `parked` (a waiting step said "not
// yet", or a job slot is taken), or to its failure. [a step worker thread]
void advance_record(StepStage& stage, RecordPipeline& pipeline, std::unique_ptr<RecordRun> run) {
    RunContext& ctx = stage.ctx;
    RecordWork& work = *run->work;
    const auto release_slots = [&] {
        for (const std::string& connection : run->slots) {
            stage.slots.release(connection);
            stage.parked.slot_released(connection);
        }
        run->slots.clear();
    };
    if (ctx.stopping()) {
        release_slots();
        for (std::size_t p = 0; p < work.plans.size(); ++p) ctx.plan_abandoned(work, p);
        return;
    }
    RecordPipeline::Outcome outcome;
    try {
        outcome = pipeline.advance(*run);
    } catch (const StepFailure& f) {
        release_slots();
        ctx.steps_failed(work, f.failure);
        return;
    } catch (const std::exception& e) {
        release_slots();
        ctx.steps_failed(work, Failure{PB_ERR_INTERNAL, 0, e.what(), 1});
        return;
    }
    switch (outcome.kind) {
    case RecordPipeline::Outcome::Kind::parked: stage.parked.park(std::move(run), outcome.due); return;
    case RecordPipeline::Outcome::Kind::needs_slot:
        stage.parked.wait_for_slot(std::move(run), outcome.connection);
        // A slot freed between the refusal and the wait would wake nobody.
        if (stage.slots.in_use(outcome.connection) < stage.slots.limit()) stage.parked.slot_released(outcome.connection);
        return;
    case RecordPipeline::Outcome::Kind::done: break;
    }
    release_slots();
    const RecordWorkPtr item = run->work;
    for (std::size_t p = 0; p < work.plans.size(); ++p) {
        const Sink& sink = ctx.workflow.sinks[work.plans[p].sink];
        const FlowStatePtr& state = run->states[p];
        if (!state || (!sink.when.any_of.empty() && !sink.when.matches(state->record))) {
            ctx.plan_routed_away(work, p);
            continue;
        }
        auto ticket = stage.bytes_in_flight.acquire(state->bytes.size(), [&] { return ctx.stopping(); });
        if (!state->bytes.empty() && !ticket) {
            ctx.plan_abandoned(work, p);
            continue;
        }
        if (!stage.sinks.push(SinkTask{item, p, state, std::move(ticket)})) ctx.plan_abandoned(work, p);
    }
}

// A step worker: parked records that are due first, then fresh records
// from the reader (none while a record waits for a job slot). Ends when the
// reader is done and nothing is parked. [its own thread]
void step_worker(StepStage& stage, BoundedQueue<RecordWorkPtr>& step_queue, std::size_t workers) {
    using namespace std::chrono_literals;
    RecordPipeline pipeline(stage.ctx, stage.slots);
    std::vector<RecordWorkPtr> batch;
    for (;;) {
        if (stage.ctx.stopping())
            for (auto& run : stage.parked.take_all()) advance_record(stage, pipeline, std::move(run));
        if (auto run = stage.parked.take_due()) {
            advance_record(stage, pipeline, std::move(run));
            continue;
        }
        if (!stage.parked.admits_new()) {
            stage.parked.wait(50ms);
            continue;
        }
        const auto wait = stage.parked.empty() ? std::chrono::steady_clock::duration(200ms)
                                               : stage.parked.until_next_due(50ms);
        const auto got = step_queue.pop_batch_for(batch, 32, workers, wait);
        if (got == BoundedQueue<RecordWorkPtr>::Pop::items) {
            for (RecordWorkPtr& item : batch) advance_record(stage, pipeline, std::make_unique<RecordRun>(std::move(item)));
            continue;
        }
        if (got == BoundedQueue<RecordWorkPtr>::Pop::closed) {
            if (stage.parked.empty()) return;
            stage.parked.wait(50ms);
        }
    }
}

}  // namespace

std::string checkpoint_stream(const Workflow& workflow) { return workflow.source.connection + "." + workflow.source.stream; }

RunSummary run_workflow(const Workflow& workflow, const host::PluginRegistry& registry, state::StateStore* store_in,
                        const RunOptions& options) {
    const auto started = clock::now();
    auto stop = options.stop ? options.stop : std::make_shared<host::CancellationToken>();
    // This run's own abort, cancelled with the caller's: a lost lease
    // aborts this run alone, not the service that started it.
    auto abort = std::make_shared<host::CancellationToken>(options.abort);
    if (store_in == nullptr && !options.dry_run) throw std::invalid_argument("run_workflow: a state store is required");
    EmptyStateStore empty;
    state::StateStore& store = store_in != nullptr ? *store_in : empty;

    // One run of a workflow at a time on one state, held to the end of the
    // run (a dry run writes nothing and takes none). Throws WorkflowBusy.
    std::unique_ptr<state::WorkflowLock> run_lock;
    if (!options.dry_run) {
        state::LockWait wait;
        wait.wait = options.wait_for_lock;
        wait.keep_waiting = [&stop] { return !stop->cancelled(); };
        // The lease went to another host (this one stopped renewing it):
        // stop at once; the ledger refuses this run's writes anyway.
        wait.on_lost = [abort, name = workflow.name] {
            host::log_line(host::LogLevel::error, name,
                           "the workflow's lease was taken over by another host; stopping this run");
            abort->cancel();
        };
        run_lock = store.lock_workflow(workflow.name, wait);
    }

    Connections connections(workflow, registry, stop, abort);
    const host::SecretRedactor& redactor = connections.redactor();

    // Where this pass starts.
    const std::string stream_key = checkpoint_stream(workflow);
    const std::string floor_key = stream_key + "#since";
    const auto& source_plugin = connections.instance(workflow.source.connection).plugin();
    const boost::json::object* stream_manifest = source_plugin.manifest->stream(workflow.source.stream);
    const bool given = options.given_records.has_value();  // no stream, no checkpoint
    std::optional<state::Checkpoint> previous =
        given ? std::nullopt : store.load_checkpoint(workflow.name, stream_key);
    const bool resuming = previous && !previous->complete;
    state::Checkpoint start;
    if (resuming) {
        start = *previous;
    } else if (previous) {
        start.high_water = previous->high_water;
    }

    SourceStart source_start;
    source_start.cursor = start.cursor;
    source_start.params = workflow.source.params;
    source_start.high_water_paths = incremental_paths(stream_manifest);
    if (given) source_start.given_records = options.given_records;
    if (workflow.source.since && !given) {
        std::optional<std::string> floor;
        if (*workflow.source.since != "last-run") {
            floor = *workflow.source.since;
        } else if (resuming) {
            if (auto saved = store.load_checkpoint(workflow.name, floor_key)) floor = saved->high_water;
        } else {
            floor = previous ? previous->high_water : std::nullopt;
            // The floor of this pass, for a resume after an interruption.
            if (!options.dry_run) {
                state::Checkpoint floor_record;
                floor_record.high_water = floor;
                store.save_checkpoint(workflow.name, floor_key, floor_record);
            }
        }
        source_start.since.floor = floor;
        source_start.since.paths = source_start.high_water_paths;
        if (floor)
            if (auto param = incremental_param(stream_manifest); param && !source_start.params.contains(*param))
                source_start.params[*param] = *floor;
    }

    RunCounters counters(workflow.sinks.size());
    counters.done_before.store(resuming ? start.records : 0);

    PageTracker::Saver saver;
    if (!options.dry_run && !given)
        saver = [&store, &workflow, stream_key](const state::Checkpoint& c) { store.save_checkpoint(workflow.name, stream_key, c); };
    PageTracker tracker(start, saver);

    std::unique_ptr<LedgerWriter> ledger;
    std::int64_t run_id = 0;
    if (!options.dry_run) {
        ledger = std::make_unique<LedgerWriter>(store, workflow.name);
        run_id = store.begin_run(workflow.name);
    }
    RunContext ctx(workflow, connections, store, ledger.get(), tracker, counters, stop, abort, options.dry_run);

    std::unique_ptr<DryRunReport> dry;
    if (options.dry_run) dry = std::make_unique<DryRunReport>(*options.out, options.json, redactor);

    if (resuming)
        host::log_line(host::LogLevel::info, "run",
                       workflow.name + ": resuming an interrupted pass after " + std::to_string(start.records) +
                           " records (" + std::to_string(start.pages) + " pages)");

    const auto capacity = static_cast<std::size_t>(std::max<std::int64_t>(1, workflow.policy.queue_capacity));
    BoundedQueue<RecordWorkPtr> step_queue(capacity);
    BoundedQueue<SinkTask> sink_queue(capacity);
    const int workers = std::max(1, workflow.policy.concurrency);
    ParkedRecords parked;
    JobSlots job_slots(workflow.policy.max_pending);
    ByteBudget bytes_in_flight;
    StepStage step_stage{ctx, sink_queue, parked, job_slots, bytes_in_flight};

    SourceReader reader(ctx, options.dry_run ? nullptr : &step_queue, source_start, dry.get());
    std::atomic<int> running_step_workers{workers};
    std::vector<std::thread> threads;
    std::thread reader_thread([&] { reader.run(); });
    if (!options.dry_run) {
        for (int i = 0; i < workers; ++i) {
            threads.emplace_back([&] {
                step_worker(step_stage, step_queue, static_cast<std::size_t>(workers));
                if (running_step_workers.fetch_sub(1) == 1) sink_queue.close();
            });
        }
        for (int i = 0; i < workers; ++i) {
            threads.emplace_back([&] {
                SinkWriter writer(ctx);
                // Several tasks at a time when there is a backlog (one
                // pending-mark commit for them all), never more than a fair
                // share of what is queued.
                std::vector<SinkTask> batch;
                while (sink_queue.pop_batch(batch, 32, static_cast<std::size_t>(workers))) writer.perform_batch(batch);
            });
        }
    }

    // The main thread: progress, and the grace period after a stop.
    // The main thread wakes every 50 ms for them, and at once when the
    // threads are done (a short run is not held to the next tick).
    std::optional<clock::time_point> stop_seen;
    std::mutex done_mutex;
    std::condition_variable done_signal;
    bool all_done = false;
    std::thread joiner([&] {
        reader_thread.join();
        for (auto& t : threads) t.join();
        {
            std::lock_guard lock(done_mutex);
            all_done = true;
        }
        done_signal.notify_one();
    });
    for (;;) {
        if (options.observer) options.observer->progress(counters);
        if (stop->cancelled() && !stop_seen) stop_seen = clock::now();
        if (stop_seen && !abort->cancelled() && clock::now() - *stop_seen > options.shutdown_grace) {
            host::log_line(host::LogLevel::warn, "run", "in-flight requests did not finish in time: cancelling them");
            abort->cancel();
        }
        std::unique_lock lock(done_mutex);
        if (done_signal.wait_for(lock, std::chrono::milliseconds(50), [&] { return all_done; })) break;
    }
    joiner.join();
    if (ledger) {
        ledger->close();  // commits the last done marks; their records settle and the checkpoint follows
        if (auto failure = ledger->failure(); !failure.empty()) ctx.fail_run(failure);
    }
    if (options.observer) {
        options.observer->progress(counters);
        options.observer->finished();
    }

    RunSummary summary;
    summary.workflow = workflow.name;
    summary.dry_run = options.dry_run;
    summary.run_id = run_id;
    summary.seconds = std::chrono::duration<double>(clock::now() - started).count();
    const auto v = [](const std::atomic<std::int64_t>& a) { return a.load(); };
    summary.read = v(counters.read);
    summary.synced = v(counters.synced);
    summary.skipped = v(counters.skipped);
    summary.failed = v(counters.failed);
    summary.dead_lettered = v(counters.dead_lettered);
    summary.filtered = v(counters.filtered);
    summary.abandoned = v(counters.abandoned);
    summary.retries = v(counters.retries);
    summary.pages = v(counters.pages);
    summary.http_requests = static_cast<std::int64_t>(connections.http_requests());
    summary.resumed = resuming;
    summary.pass_complete = tracker.checkpoint().complete;
    summary.pass_bounded = ctx.bounded_pass;
    if (dry) {
        summary.would_write = dry->writes();
        summary.would_skip = dry->skips();
    }
    for (std::size_t s = 0; s < workflow.sinks.size(); ++s) {
        const auto& c = counters.per_sink[s];
        summary.sinks.push_back(SinkSummary{workflow.sinks[s].id, v(c.written), v(c.found), v(c.unchanged), v(c.routed),
                                            v(c.failed)});
    }
    if (auto deferral = ctx.deferral()) {
        summary.outcome = state::run_outcome::deferred;
        summary.exit_code = kExitDeferred;
        summary.resume_at = state::utc_timestamp(deferral->resume_at);
        summary.resume_time = deferral->resume_at;
        summary.failure = redactor.redact(deferral->why);
    } else if (auto failure = ctx.run_failure()) {
        summary.outcome = state::run_outcome::failed;
        summary.exit_code = 1;
        summary.failure = redactor.redact(*failure);
    } else if (stop->cancelled()) {
        summary.outcome = state::run_outcome::interrupted;
        summary.exit_code = 130;
    } else if (summary.dead_lettered > 0) {
        summary.outcome = state::run_outcome::partial;
        summary.exit_code = 1;
    } else {
        summary.outcome = state::run_outcome::ok;
        summary.exit_code = 0;
    }
    if (!options.dry_run) {
        try {
            boost::json::object counts = counters.to_json();
            if (!summary.resume_at.empty()) counts["resume_at"] = summary.resume_at;
            store.finish_run(run_id, summary.outcome, boost::json::serialize(counts));
        } catch (const std::exception& e) {
            host::log_line(host::LogLevel::error, "run", std::string("cannot record the run: ") + e.what());
            if (summary.exit_code == 0) summary.exit_code = 1;
        }
    }
    return summary;
}

boost::json::object RunSummary::to_json() const {
    boost::json::object o;
    o["workflow"] = workflow;
    o["outcome"] = outcome;
    o["exit_code"] = exit_code;
    if (!failure.empty()) o["error"] = failure;
    o["dry_run"] = dry_run;
    if (!dry_run) o["run_id"] = run_id;
    o["seconds"] = seconds;
    o["resumed"] = resumed;
    o["pass_complete"] = pass_complete;
    if (!pass_bounded.empty()) o["pass_bounded"] = pass_bounded;
    if (!resume_at.empty()) o["resume_at"] = resume_at;
    o["counts"] = boost::json::object{{"read", read},         {"synced", synced},
                                      {"skipped", skipped},   {"failed", failed},
                                      {"dead_lettered", dead_lettered}, {"filtered", filtered},
                                      {"abandoned", abandoned}};
    if (dry_run) o["would"] = boost::json::object{{"write", would_write}, {"skip", would_skip}};
    o["retries"] = retries;
    o["pages"] = pages;
    o["http_requests"] = http_requests;
    o["records_per_second"] = seconds > 0 ? static_cast<double>(read) / seconds : 0.0;
    boost::json::array sink_list;
    for (const auto& s : sinks)
        sink_list.push_back(boost::json::object{{"id", s.id},           {"written", s.written}, {"found", s.found},
                                                {"unchanged", s.unchanged}, {"routed_away", s.routed},
                                                {"failed", s.failed}});
    o["sinks"] = std::move(sink_list);
    return o;
}

std::string RunSummary::to_text() const {
    char line[256];
    std::string out;
    std::snprintf(line, sizeof line, "%s: %s%s in %.1f s", workflow.c_str(), dry_run ? "dry run " : "", outcome.c_str(),
                  seconds);
    out += line;
    if (resumed) out += " (resumed an interrupted pass)";
    out += "\n";
    if (!resume_at.empty()) {
        out += "  deferred until " + resume_at + ": " + failure + "\n";
        out += "  (a rate limit that resets after [policy] max_wait; run again then: it goes on from the checkpoint)\n";
    } else if (!failure.empty()) {
        out += "  error: " + failure + "\n";
    }
    if (!pass_bounded.empty()) out += "  pass stopped: " + pass_bounded + "\n";
    out += "  records: read " + std::to_string(read) + ", synced " + std::to_string(synced) + ", skipped " +
           std::to_string(skipped) + (filtered ? " (" + std::to_string(filtered) + " filtered)" : "") + ", failed " +
           std::to_string(failed) + (dead_lettered ? " (" + std::to_string(dead_lettered) + " dead-lettered)" : "") + "\n";
    if (dry_run) {
        out += "  would write " + std::to_string(would_write) + ", would skip " + std::to_string(would_skip) +
               " (nothing was written)\n";
    } else {
        for (const auto& s : sinks) {
            out += "  sink " + s.id + ": " + std::to_string(s.written) + " written";
            if (s.found) out += ", " + std::to_string(s.found) + " found already there";
            out += ", " + std::to_string(s.unchanged) + " unchanged";
            if (s.routed) out += ", " + std::to_string(s.routed) + " not routed";
            if (s.failed) out += ", " + std::to_string(s.failed) + " failed";
            out += "\n";
        }
    }
    if (abandoned > 0)
        out += "  " + std::to_string(abandoned) + " records in flight were left for the next run (checkpoint kept before them)\n";
    std::snprintf(line, sizeof line, "  %.1f records/s, %lld pages, %lld HTTP requests, %lld retries\n",
                  seconds > 0 ? static_cast<double>(read) / seconds : 0.0, static_cast<long long>(pages),
                  static_cast<long long>(http_requests), static_cast<long long>(retries));
    out += line;
    if (dead_lettered > 0)
        out += "  see the failures: photobridge state dead-letters " + workflow + "\n";
    return out;
}

}  // namespace photobridge::engine
