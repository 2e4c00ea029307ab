// retry_dead_letters(): dead-lettered records sent through the workflow
// again. It is one engine run over the letters' records (RunOptions::
// given_records), so steps, sinks, policies and the ledger protocol are
// exactly a run's, and the source's checkpoint is not touched. Whether a
// letter's record now synced is read back from the store: the run removes
// the letters of records that synced (or that the ledger shows synced
// meanwhile) and updates those that fail again. Contract: dead_letter_retry.hpp.
#include "cli/dead_letter_retry.hpp"

#include "cli/exit_codes.hpp"
#include "cli/plugin_loading.hpp"
#include "cli/workflow_running.hpp"
#include "engine/run_engine.hpp"
#include "host/invoke_error.hpp"
#include "common/json_pretty.hpp"
#include "host/plugin_registry.hpp"
#include "host/signal_handling.hpp"
#include "state/state_backend.hpp"

#include <photobridge/sdk/error.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

namespace photobridge::cli {
namespace {

struct LetterOutcome {
    state::DeadLetter letter;
    bool sent = false;     // its record went into the run
    std::string outcome;   // "synced", "failed", "not retried (stopped)"
    std::string error;
};

// The letters of `workflow` to retry, oldest first; nullopt (reported) when
// an id in `ids` is not one of them.
std::optional<std::vector<state::DeadLetter>> selected_letters(state::StateStore& store, const std::string& workflow,
                                                                const std::vector<std::int64_t>& ids) {
    std::vector<state::DeadLetter> letters = store.dead_letters(workflow);
    std::sort(letters.begin(), letters.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    if (ids.empty()) return letters;
    std::set<std::int64_t> known;
    for (const auto& l : letters) known.insert(l.id);
    for (auto id : ids)
        if (!known.count(id)) {
            std::cerr << "photobridge: error: workflow '" << workflow << "' has no dead letter " << id << "\n";
            return std::nullopt;
        }
    const std::set<std::int64_t> wanted(ids.begin(), ids.end());
    letters.erase(std::remove_if(letters.begin(), letters.end(), [&](const auto& l) { return !wanted.count(l.id); }),
                  letters.end());
    return letters;
}

// Letters hold redacted errors (the run redacts before it stores them).
void print_summary(const model::Workflow& wf, const std::vector<LetterOutcome>& outcomes,
                   const engine::RunSummary& run, bool json) {
    std::int64_t synced = 0, failed = 0;
    boost::json::array details;
    for (const auto& o : outcomes) {
        (o.outcome == "synced" ? synced : failed) += 1;
        boost::json::object d{{"id", o.letter.id}, {"key", o.letter.key}, {"sink", o.letter.sink}, {"outcome", o.outcome}};
        if (!o.error.empty()) d["error"] = o.error;
        details.push_back(std::move(d));
    }
    const std::int64_t retried = static_cast<std::int64_t>(outcomes.size());
    if (json) {
        boost::json::object out{{"retried", retried}, {"synced", synced}, {"failed", failed}};
        out["letters"] = std::move(details);
        if (!run.failure.empty()) out["error"] = run.failure;
        std::cout << common::pretty_json(out);
        return;
    }
    std::cout << wf.name << ": retried " << retried << " dead letter" << (retried == 1 ? "" : "s") << ": " << synced
              << " synced, " << failed << " still failing\n";
    for (const auto& d : details) {
        const auto& o = d.as_object();
        if (o.at("outcome").as_string() == "synced") continue;
        std::cout << "  #" << o.at("id").as_int64() << " " << o.at("key").as_string().c_str() << ": "
                  << o.at("outcome").as_string().c_str();
        if (const auto* e = o.if_contains("error")) std::cout << " (" << e->as_string().c_str() << ")";
        std::cout << "\n";
    }
    if (!run.failure.empty()) std::cout << "  error: " << run.failure << "\n";
}

}  // namespace

int retry_dead_letters(const std::string& workflow_file_or_name, const DeadLetterRetryOptions& options) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(workflow_file_or_name, ec)) {
        std::cerr << "photobridge: error: retrying dead letters needs the workflow FILE (its connections, steps and "
                     "sinks), not a name: '"
                  << workflow_file_or_name << "'\n";
        return kExitUsage;
    }
    GlobalOptions globals;
    globals.plugin_dirs = options.plugin_dirs;
    const host::PluginRegistry registry = load_registry(globals);
    const std::optional<model::Workflow> loaded = load_workflow_or_report(workflow_file_or_name, registry);
    if (!loaded) return kExitUsage;
    const model::Workflow& wf = *loaded;
    std::unique_ptr<state::StateStore> store = state::open_existing_state_backend(options.state_path);
    if (!store) {
        std::cerr << "photobridge: error: no state database at '"
                  << state::state_location_for_people(options.state_path) << "'\n";
        return kExitFailure;
    }
    const auto letters = selected_letters(*store, wf.name, options.ids);
    if (!letters) return kExitUsage;

    // Letters that cannot be sent are decided here; the others' records go
    // into one run.
    std::vector<LetterOutcome> outcomes;
    boost::json::array records;
    for (const auto& letter : *letters) {
        LetterOutcome o;
        o.letter = letter;
        boost::system::error_code parse_error;
        boost::json::value record = boost::json::parse(letter.record_json, parse_error);
        if (parse_error || !record.is_object()) {
            o.outcome = "failed";
            o.error = "the stored record is not a JSON object";
        } else if (!letter.sink.empty() &&
                   std::none_of(wf.sinks.begin(), wf.sinks.end(), [&](const model::Sink& s) { return s.id == letter.sink; })) {
            o.outcome = "failed";
            o.error = "the workflow has no sink '" + letter.sink + "' any more";
        } else {
            o.sent = true;
            records.push_back(std::move(record));
        }
        outcomes.push_back(std::move(o));
    }

    auto stop = std::make_shared<host::CancellationToken>();
    auto abort = std::make_shared<host::CancellationToken>();
    std::ostringstream unused;  // dry-run lines only
    engine::RunOptions run_options;
    run_options.out = &unused;
    run_options.stop = stop;
    run_options.abort = abort;
    run_options.given_records = std::move(records);
    run_options.wait_for_lock = options.wait;
    engine::RunSummary run;
    bool interrupted = false;
    try {
        host::SignalScope signals(stop, abort);
        run = engine::run_workflow(wf, registry, store.get(), run_options);
        interrupted = signals.interrupted();
    } catch (const state::WorkflowBusy& e) {
        std::cerr << "photobridge: error: " << e.what() << "\n";
        return kExitFailure;
    } catch (const host::InvokeError& e) {
        std::cerr << "photobridge: error: " << wf.name << ": " << sdk::status_name(e.code()) << ": " << e.what() << "\n";
        return e.code() == PB_ERR_INVALID_ARGUMENT ? kExitUsage : kExitFailure;
    }

    std::map<std::int64_t, state::DeadLetter> remaining;
    for (auto& letter : store->dead_letters(wf.name)) remaining.emplace(letter.id, std::move(letter));
    for (auto& o : outcomes) {
        if (!o.sent) continue;
        const auto it = remaining.find(o.letter.id);
        if (it == remaining.end()) {
            o.outcome = "synced";
        } else if (interrupted || run.outcome == state::run_outcome::interrupted) {
            o.outcome = "not retried (stopped)";
        } else {
            o.outcome = "failed";
            o.error = it->second.error;
        }
    }
    print_summary(wf, outcomes, run, options.json);
    if (interrupted || run.outcome == state::run_outcome::interrupted) return kExitInterrupted;
    const bool all_synced =
        std::all_of(outcomes.begin(), outcomes.end(), [](const LetterOutcome& o) { return o.outcome == "synced"; });
    return all_synced && run.failure.empty() ? kExitOk : kExitFailure;
}

}  // namespace photobridge::cli
