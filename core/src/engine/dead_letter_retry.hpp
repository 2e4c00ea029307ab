// `photobridge state dead-letters WORKFLOW --retry`: the hook between the
// state command (core/src/cli/state_command.cpp, which parses the command
// line and lists/removes letters itself) and the engine runtime, which
// implements retry_dead_letters() because only it can run a record through
// a workflow's steps and sinks.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace photobridge::engine {

struct DeadLetterRetryOptions {
    std::filesystem::path state_path = ".photobridge/state.db";  // --state
    std::vector<std::string> plugin_dirs;  // --plugin-dir, searched before the default plugin path
    std::vector<std::int64_t> ids;         // --id: only these letters; empty means every letter of the workflow
    bool json = false;                     // --json: the summary as one JSON object on stdout
};

// Contract (implemented by the engine runtime):
//  - `workflow_file_or_name` is what the user typed. Retrying needs the
//    connections, steps and sinks, so it must name a workflow file; the
//    state command already refuses a bare name with exit 2 before calling,
//    but an implementation must still return 2 with a clear message for one.
//  - Loads and validates the workflow exactly as `run` does (errors as
//    FILE:LINE:COLUMN on stderr, return 2, nothing written to state), then
//    opens the store at options.state_path (creating nothing else).
//  - For each selected dead letter of that workflow (state::StateStore::
//    dead_letters(workflow name)), oldest first: rebuilds the record from
//    letter.record_json and sends it through the steps and the letter's
//    sink (every sink whose `when` matches if letter.sink is ""), with the
//    workflow's retry, rate-limit and on_error policy and the same ledger
//    protocol as `run` (pending mark, sink write, done mark; the ledger is
//    consulted first, so a letter whose record was synced meanwhile is just
//    removed).
//  - A letter whose record now syncs is removed (remove_dead_letter); one
//    that fails again stays, updated through add_dead_letter (same
//    workflow/sink/key: error replaced, attempts added).
//  - Records a run in the run history like `run` does.
//  - Prints a summary (retried, synced, still failing) on stdout, or one
//    JSON object {"retried":N,"synced":N,"failed":N,"letters":[...]} with
//    options.json. Never prints secrets.
//  - Returns the process exit code: 0 every selected letter synced (or none
//    selected), 1 some still fail or a runtime failure, 2 usage/validation
//    error (including an id in options.ids that is not a letter of this
//    workflow), 130 interrupted by Ctrl-C/SIGTERM.
// Threads: called on the main thread; may start workers of its own.
// Throws nothing the caller must handle beyond std::exception (reported as
// exit 1 by main()).
int retry_dead_letters(const std::string& workflow_file_or_name, const DeadLetterRetryOptions& options);

}  // namespace photobridge::engine
