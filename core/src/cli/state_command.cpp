// `photobridge state show [WORKFLOW] [--json]`,
// `photobridge state reset WORKFLOW [--yes]`,
// `photobridge state dead-letters WORKFLOW [--json] [--id ID]... [--remove] [--retry]` and
// `photobridge state events WORKFLOW [--failed] [--retry]` (cli/webhook_events.hpp) and
// `photobridge state jobs WORKFLOW [--json]` (cli/step_jobs.hpp):
// looking into and clearing the state store (sdk-docs/state.md). Every one
// takes --state PATH (default .photobridge/state.db). WORKFLOW is a workflow
// name or a workflow file (its [workflow] name is used). Inspecting never
// creates a state database that does not exist.
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/dead_letter_retry.hpp"
#include "cli/state_arguments.hpp"
#include "cli/step_jobs.hpp"
#include "cli/webhook_events.hpp"
#include "common/json_pretty.hpp"
#include "state/postgres_connection.hpp"
#include "state/sqlite_handle.hpp"
#include "state/state_backend.hpp"

#include <photobridge/sdk/error.hpp>

#include <boost/json.hpp>
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>
#include <unistd.h>

namespace photobridge::cli {
namespace {

boost::json::value json_or_text(const std::string& text) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    if (ec) return boost::json::value(text);
    return v;
}

boost::json::object checkpoint_json(const state::StreamCheckpoint& c) {
    boost::json::object o{{"stream", c.stream},
                          {"pages", c.checkpoint.pages},
                          {"records", c.checkpoint.records},
                          {"complete", c.checkpoint.complete},
                          {"updated_at", c.updated_at}};
    o["cursor"] = c.checkpoint.cursor ? boost::json::value(*c.checkpoint.cursor) : boost::json::value(nullptr);
    o["high_water"] =
        c.checkpoint.high_water ? boost::json::value(*c.checkpoint.high_water) : boost::json::value(nullptr);
    return o;
}

boost::json::object run_json(const state::RunRecord& r) {
    boost::json::object o{{"id", r.id}, {"started_at", r.started_at}, {"outcome", r.outcome}};
    o["finished_at"] = r.finished_at.empty() ? boost::json::value(nullptr) : boost::json::value(r.finished_at);
    o["counts"] = json_or_text(r.counts_json);
    return o;
}

boost::json::object dead_letter_json(const state::DeadLetter& d) {
    return boost::json::object{{"id", d.id},
                               {"sink", d.sink},
                               {"key", d.key},
                               {"code", sdk::status_name(d.code)},
                               {"http_status", d.http_status},
                               {"error", d.error},
                               {"attempts", d.attempts},
                               {"created_at", d.created_at},
                               {"record", json_or_text(d.record_json)}};
}

boost::json::object workflow_json(state::StateBackend& store, const std::string& name, int runs) {
    boost::json::array checkpoints, ledger, history;
    for (const auto& c : store.checkpoints(name)) checkpoints.push_back(checkpoint_json(c));
    for (const auto& l : store.ledger_counts(name))
        ledger.push_back(boost::json::object{
            {"sink", l.sink}, {"done", l.done}, {"pending", l.pending}, {"last_updated_at", l.last_updated_at}});
    for (const auto& r : store.runs(name, runs)) history.push_back(run_json(r));
    return boost::json::object{{"name", name},
                               {"checkpoints", checkpoints},
                               {"ledger", ledger},
                               {"dead_letters", store.dead_letter_count(name)},
                               {"runs", history}};
}

void print_workflow(state::StateBackend& store, const std::string& name, int runs) {
    std::cout << "Workflow " << name << "\n";
    const auto checkpoints = store.checkpoints(name);
    std::cout << "  checkpoints:" << (checkpoints.empty() ? " none\n" : "\n");
    for (const auto& c : checkpoints) {
        std::cout << "    " << c.stream << ": " << c.checkpoint.pages << " pages, " << c.checkpoint.records
                  << " records, " << (c.checkpoint.complete ? "complete" : "in progress");
        if (c.checkpoint.cursor) std::cout << ", next cursor " << one_line(*c.checkpoint.cursor, 60);
        if (c.checkpoint.high_water) std::cout << ", high water " << *c.checkpoint.high_water;
        std::cout << " (saved " << c.updated_at << ")\n";
    }
    const auto ledger = store.ledger_counts(name);
    std::cout << "  ledger:" << (ledger.empty() ? " empty\n" : "\n");
    for (const auto& l : ledger)
        std::cout << "    " << l.sink << ": " << l.done << " done, " << l.pending << " pending (last write "
                  << l.last_updated_at << ")\n";
    const auto letters = store.dead_letter_count(name);
    std::cout << "  dead letters: " << letters;
    if (letters > 0) std::cout << " (see: photobridge state dead-letters " << name << ")";
    std::cout << "\n";
    const auto history = store.runs(name, runs);
    std::cout << "  runs" << (history.empty() ? ": none\n" : " (newest first):\n");
    for (const auto& r : history) {
        std::cout << "    #" << r.id << " " << r.started_at << " -> "
                  << (r.finished_at.empty() ? std::string("(not finished)") : r.finished_at) << " " << r.outcome;
        if (r.outcome == state::run_outcome::running) std::cout << " (still running, or killed)";
        if (!r.counts_json.empty() && r.counts_json != "{}") std::cout << " " << one_line(r.counts_json, 120);
        std::cout << "\n";
    }
}

int show(const StateOptions& o) {
    auto store = open_existing(o.state_path);
    std::vector<std::string> names;
    if (!o.workflow.empty()) {
        const WorkflowArgument w = resolve_workflow(o.workflow);
        require_known(store.get(), o.state_path, w);
        names.push_back(w.name);
    } else if (store) {
        names = store->workflows();
    }
    if (o.json) {
        boost::json::array workflows;
        for (const auto& n : names) workflows.push_back(workflow_json(*store, n, o.runs));
        std::cout << common::pretty_json(boost::json::object{{"state", state::state_location_for_people(o.state_path)}, {"workflows", workflows}});
        return kExitOk;
    }
    std::cout << "State database: " << state::state_location_for_people(o.state_path) << (store ? "" : " (does not exist yet: nothing has run)") << "\n";
    if (store && names.empty()) std::cout << "No workflow state.\n";
    for (const auto& n : names) print_workflow(*store, n, o.runs);
    return kExitOk;
}

int reset(const StateOptions& o) {
    const WorkflowArgument w = resolve_workflow(o.workflow);
    auto store = open_existing(o.state_path);
    const auto names = store ? store->workflows() : std::vector<std::string>{};
    if (std::find(names.begin(), names.end(), w.name) == names.end()) {
        std::cout << "No state for workflow '" << w.name << "' in " << state::state_location_for_people(o.state_path)
                  << ": nothing to reset.\n";
        return kExitOk;
    }
    const auto entries = store->ledger_count(w.name);
    const auto letters = store->dead_letter_count(w.name);
    const auto runs = store->runs(w.name, 0).size();
    const std::string what = "Forget all state of workflow '" + w.name + "' in " + state::state_location_for_people(o.state_path) + " (" +
                             std::to_string(entries) + " ledger entries, " + std::to_string(letters) +
                             " dead letters, " + std::to_string(runs) + " runs)";
    if (!confirmed(what, o.yes)) {
        std::cout << "Nothing reset.\n";
        return kExitOk;
    }
    store->reset(w.name);
    std::cout << "Reset workflow '" << w.name << "': removed " << entries << " ledger entries, " << letters
              << " dead letters, " << runs << " runs and its checkpoints. The next run starts from scratch.\n";
    return kExitOk;
}

void print_dead_letters(const std::vector<state::DeadLetter>& letters) {
    if (letters.empty()) {
        std::cout << "No dead letters.\n";
        return;
    }
    std::size_t w_sink = 4, w_key = 3;
    for (const auto& d : letters) {
        w_sink = std::max(w_sink, std::min<std::size_t>(d.sink.size(), 30));
        w_key = std::max(w_key, std::min<std::size_t>(d.key.size(), 40));
    }
    auto col = [](std::size_t w) { return std::setw(static_cast<int>(w + 2)); };
    std::cout << std::left << col(6) << "ID" << col(w_sink) << "SINK" << col(w_key) << "KEY" << col(16) << "CODE"
              << col(5) << "HTTP" << col(8) << "ATTEMPTS" << col(24) << "CREATED"
              << "ERROR\n";
    for (const auto& d : letters) {
        std::cout << std::left << col(6) << d.id << col(w_sink) << (d.sink.empty() ? "-" : one_line(d.sink, 30))
                  << col(w_key) << one_line(d.key, 40) << col(16) << sdk::status_name(d.code) << col(5)
                  << (d.http_status ? std::to_string(d.http_status) : "-") << col(8) << d.attempts << col(24)
                  << d.created_at << one_line(d.error, 200) << "\n";
    }
}

int dead_letters(const GlobalOptions& globals, const StateOptions& o) {
    const WorkflowArgument w = resolve_workflow(o.workflow);
    if (o.retry) {
        if (w.file.empty())
            throw UsageError("--retry needs the workflow file (its connections and sinks), not the name '" + w.name +
                             "'");
        cli::DeadLetterRetryOptions retry;
        retry.state_path = o.state_path;
        retry.plugin_dirs = globals.plugin_dirs;
        retry.ids = o.ids;
        retry.json = o.json;
        retry.wait = o.wait;
        // One engine run over the letters' records: cli/dead_letter_retry.hpp.
        return cli::retry_dead_letters(w.file, retry);
    }
    auto store = open_existing(o.state_path);
    require_known(store.get(), o.state_path, w);
    std::vector<state::DeadLetter> letters = store->dead_letters(w.name);
    if (!o.ids.empty()) {
        const std::set<std::int64_t> wanted(o.ids.begin(), o.ids.end());
        std::vector<state::DeadLetter> selected;
        for (auto& d : letters)
            if (wanted.count(d.id)) selected.push_back(std::move(d));
        for (const auto id : wanted)
            if (std::none_of(selected.begin(), selected.end(), [id](const auto& d) { return d.id == id; }))
                throw UsageError("workflow '" + w.name + "' has no dead letter with id " + std::to_string(id));
        letters = std::move(selected);
    }
    if (o.remove) {
        if (o.ids.empty() && !letters.empty() &&
            !confirmed("Remove all " + std::to_string(letters.size()) + " dead letters of workflow '" + w.name + "'",
                       o.yes)) {
            std::cout << "Nothing removed.\n";
            return kExitOk;
        }
        for (const auto& d : letters) store->remove_dead_letter(d.id);
        if (o.json) {
            boost::json::array removed;
            for (const auto& d : letters) removed.push_back(d.id);
            std::cout << common::pretty_json(boost::json::object{{"workflow", w.name}, {"removed", removed}});
        } else {
            std::cout << "Removed " << letters.size() << " dead letter" << (letters.size() == 1 ? "" : "s")
                      << " of workflow '" << w.name << "'.\n";
        }
        return kExitOk;
    }
    if (o.json) {
        boost::json::array out;
        for (const auto& d : letters) out.push_back(dead_letter_json(d));
        std::cout << common::pretty_json(boost::json::object{{"workflow", w.name}, {"dead_letters", out}});
    } else {
        print_dead_letters(letters);
    }
    return kExitOk;
}

// Store failures (unreadable file, not a state database, a newer schema,
// locked too long, an unreachable server) name the store; they are runtime
// failures, exit 1.
int guarded(const std::function<int()>& body) {
    try {
        return body();
    } catch (const UsageError& e) {
        std::cerr << "photobridge: error: " << e.what() << "\n";
        return kExitUsage;
    } catch (const state::sqlite::SqliteError& e) {
        std::cerr << "photobridge: error: " << e.what() << "\n";
        return kExitFailure;
    } catch (const state::postgres::PostgresError& e) {
        std::cerr << "photobridge: error: " << e.what() << "\n";
        return kExitFailure;
    }
}

}  // namespace

int run_state_command(const GlobalOptions& globals, const StateOptions& options) {
    switch (options.action) {
        case StateOptions::Action::show: return guarded([&] { return show(options); });
        case StateOptions::Action::reset: return guarded([&] { return reset(options); });
        case StateOptions::Action::dead_letters: return guarded([&] { return dead_letters(globals, options); });
        case StateOptions::Action::events: return guarded([&] { return webhook_events(globals, options); });
        case StateOptions::Action::jobs: return guarded([&] { return step_jobs(options); });
    }
    return kExitUsage;
}

}  // namespace photobridge::cli
