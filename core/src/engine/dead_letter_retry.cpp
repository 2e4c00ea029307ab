// retry_dead_letters(): dead-lettered records sent through the workflow
// again, with the same steps, sinks, policies and ledger protocol as a run,
// but read from the dead letters instead of the source (the source's
// checkpoint is not touched). Contract: dead_letter_retry.hpp.
#include "engine/dead_letter_retry.hpp"

#include "engine/connections.hpp"
#include "engine/content_hash.hpp"
#include "engine/ledger_writer.hpp"
#include "engine/page_tracker.hpp"
#include "engine/record_pipeline.hpp"
#include "engine/run_context.hpp"
#include "engine/run_counters.hpp"
#include "engine/signal_handling.hpp"
#include "engine/sink_writer.hpp"
#include "engine/workflow_loader.hpp"
#include "host/json_pretty.hpp"
#include "host/plugin_registry.hpp"
#include "state/state_store.hpp"

#include <photobridge/sdk/error.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>

namespace photobridge::engine {
namespace {

struct LetterJob {
    state::DeadLetter letter;
    RecordWorkPtr work;          // null: nothing to send (already synced, or unusable)
    std::string outcome;         // set for letters decided without sending
    std::string error;
};

}  // namespace

int retry_dead_letters(const std::string& workflow_file_or_name, const DeadLetterRetryOptions& options) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(workflow_file_or_name, ec)) {
        std::cerr << "photobridge: error: retrying dead letters needs the workflow FILE (its connections, steps and "
                     "sinks), not a name: '"
                  << workflow_file_or_name << "'\n";
        return 2;
    }
    host::PluginRegistry registry;
    registry.load_search_path(host::plugin_search_path(options.plugin_dirs));
    for (const auto& problem : registry.problems()) std::cerr << "photobridge: plugin refused: " << problem << "\n";
    LoadResult loaded = load_workflow(workflow_file_or_name, registry);
    if (!loaded.workflow) {
        for (const auto& d : loaded.diagnostics) std::cerr << d.str() << "\n";
        std::cerr << "photobridge: " << workflow_file_or_name << ": " << loaded.diagnostics.size()
                  << (loaded.diagnostics.size() == 1 ? " error" : " errors") << "; nothing was retried\n";
        return 2;
    }
    const Workflow& wf = *loaded.workflow;
    if (!std::filesystem::exists(options.state_path, ec)) {
        std::cerr << "photobridge: error: no state database at '" << options.state_path.string() << "'\n";
        return 1;
    }
    std::unique_ptr<state::StateStore> store = state::open_sqlite_state_store(options.state_path);

    std::vector<state::DeadLetter> letters = store->dead_letters(wf.name);
    std::sort(letters.begin(), letters.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    if (!options.ids.empty()) {
        std::set<std::int64_t> known;
        for (const auto& l : letters) known.insert(l.id);
        for (auto id : options.ids)
            if (!known.count(id)) {
                std::cerr << "photobridge: error: workflow '" << wf.name << "' has no dead letter " << id << "\n";
                return 2;
            }
        const std::set<std::int64_t> wanted(options.ids.begin(), options.ids.end());
        letters.erase(std::remove_if(letters.begin(), letters.end(), [&](const auto& l) { return !wanted.count(l.id); }),
                      letters.end());
    }

    auto stop = std::make_shared<host::CancellationToken>();
    auto abort = std::make_shared<host::CancellationToken>();
    SignalScope signals(stop, abort);
    Connections connections(wf, registry, stop, abort);
    RunCounters counters(wf.sinks.size());
    PageTracker tracker(state::Checkpoint{}, nullptr);  // the source checkpoint is not this command's business
    LedgerWriter ledger(*store, wf.name);
    const std::int64_t run_id = store->begin_run(wf.name);
    RunContext ctx(wf, connections, *store, &ledger, tracker, counters, stop, abort, false);

    std::vector<LetterJob> jobs;
    const std::uint64_t page = tracker.add_page(std::nullopt, letters.size(), std::nullopt);
    for (auto& letter : letters) {
        LetterJob job;
        job.letter = letter;
        boost::system::error_code parse_error;
        boost::json::value record = boost::json::parse(letter.record_json, parse_error);
        if (parse_error || !record.is_object()) {
            job.outcome = "failed";
            job.error = "the stored record is not a JSON object";
            tracker.records_settled(page);
            jobs.push_back(std::move(job));
            continue;
        }
        auto work = std::make_shared<RecordWork>();
        work->page = page;
        work->key = letter.key;
        work->hash = content_hash(record);
        for (std::size_t s = 0; s < wf.sinks.size(); ++s) {
            const Sink& sink = wf.sinks[s];
            if (!letter.sink.empty() && sink.id != letter.sink) continue;
            if (letter.sink.empty() && !sink.when.any_of.empty()) {
                bool reads_steps = false;
                for (const auto& [path, _] : sink.when.any_of) reads_steps |= path.rfind("steps", 0) == 0;
                if (!reads_steps && !sink.when.matches(record)) continue;
            }
            const auto entries = store->ledger_lookup(wf.name, sink.id, {letter.key});
            SinkPlan plan;
            plan.sink = s;
            if (auto it = entries.find(letter.key); it != entries.end()) {
                const auto& entry = it->second;
                if (entry.status == state::LedgerStatus::done &&
                    (entry.content_hash == work->hash || !wf.policy.resync_changed))
                    continue;  // synced meanwhile
                if (entry.status == state::LedgerStatus::pending)
                    plan.verify_first = entry.result_id.empty() && entry.content_hash == work->hash;
                plan.resync = entry.status == state::LedgerStatus::done || !entry.result_id.empty();
            }
            work->plans.push_back(plan);
        }
        if (!letter.sink.empty() && std::none_of(wf.sinks.begin(), wf.sinks.end(),
                                                 [&](const Sink& s) { return s.id == letter.sink; })) {
            job.outcome = "failed";
            job.error = "the workflow has no sink '" + letter.sink + "' any more";
            tracker.records_settled(page);
            jobs.push_back(std::move(job));
            continue;
        }
        work->record = std::move(record);
        if (work->plans.empty()) {
            job.outcome = "synced";  // the ledger says it is there: the letter is obsolete
            store->remove_dead_letter(letter.id);
            tracker.records_settled(page);
            jobs.push_back(std::move(job));
            continue;
        }
        work->unsettled.store(static_cast<int>(work->plans.size()));
        job.work = std::move(work);
        jobs.push_back(std::move(job));
    }

    // One record at a time: dead letters are few, and order is kept.
    {
        RecordPipeline pipeline(ctx);
        SinkWriter writer(ctx);
        for (auto& job : jobs) {
            if (!job.work) continue;
            RecordWork& work = *job.work;
            if (ctx.stopping()) {
                for (std::size_t p = 0; p < work.plans.size(); ++p) ctx.plan_abandoned(work, p);
                continue;
            }
            std::vector<FlowStatePtr> states;
            try {
                states = pipeline.run(work);
            } catch (const StepFailure& f) {
                ctx.steps_failed(work, f.failure);
                continue;
            } catch (const std::exception& e) {
                ctx.steps_failed(work, Failure{PB_ERR_INTERNAL, 0, e.what(), 1});
                continue;
            }
            for (std::size_t p = 0; p < work.plans.size(); ++p) {
                const Sink& sink = wf.sinks[work.plans[p].sink];
                if (!states[p] || (!sink.when.any_of.empty() && !sink.when.matches(states[p]->record))) {
                    ctx.plan_routed_away(work, p);
                    continue;
                }
                writer.perform(SinkTask{job.work, p, states[p]});
            }
        }
    }
    ledger.close();  // the last done marks commit; their records settle

    // A letter the record now syncs without is removed by the run context;
    // what remains failing was updated through add_dead_letter.
    std::int64_t synced = 0, failed = 0;
    boost::json::array details;
    for (auto& job : jobs) {
        if (job.work) {
            const RecordWork& w = *job.work;
            if (w.abandoned.load()) job.outcome = "not retried (stopped)";
            else if (w.failed.load()) job.outcome = "failed";
            else job.outcome = "synced";
        }
        if (job.outcome == "synced") {
            ++synced;
            if (job.work) {
                // The run context removes letters it knew at its start; make sure.
                try {
                    store->remove_dead_letter(job.letter.id);
                } catch (const std::exception&) {
                }
            }
        } else {
            ++failed;
        }
        boost::json::object d{{"id", job.letter.id}, {"key", job.letter.key}, {"sink", job.letter.sink},
                              {"outcome", job.outcome}};
        if (!job.error.empty()) d["error"] = connections.redactor().redact(job.error);
        details.push_back(std::move(d));
    }

    const bool interrupted = signals.interrupted();
    const auto failure = ctx.run_failure();
    const std::string outcome = failure       ? state::run_outcome::failed
                                : interrupted ? state::run_outcome::interrupted
                                : failed > 0  ? state::run_outcome::partial
                                              : state::run_outcome::ok;
    boost::json::object counts{{"retried", static_cast<std::int64_t>(jobs.size())}, {"synced", synced}, {"failed", failed}};
    store->finish_run(run_id, outcome, boost::json::serialize(counts));

    if (options.json) {
        boost::json::object out = counts;
        out["letters"] = std::move(details);
        if (failure) out["error"] = *failure;
        std::cout << host::pretty_json(out);
    } else {
        std::cout << wf.name << ": retried " << jobs.size() << " dead letter" << (jobs.size() == 1 ? "" : "s") << ": "
                  << synced << " synced, " << failed << " still failing\n";
        for (const auto& d : details) {
            const auto& o = d.as_object();
            if (o.at("outcome").as_string() == "synced") continue;
            std::cout << "  #" << o.at("id").as_int64() << " " << o.at("key").as_string().c_str() << ": "
                      << o.at("outcome").as_string().c_str();
            if (const auto* e = o.if_contains("error")) std::cout << " (" << e->as_string().c_str() << ")";
            std::cout << "\n";
        }
        if (failure) std::cout << "  error: " << *failure << "\n";
    }
    if (interrupted) return 130;
    return failed > 0 || failure ? 1 : 0;
}

}  // namespace photobridge::engine
