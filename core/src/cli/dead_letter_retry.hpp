// `photobridge state dead-letters WORKFLOW --retry`, called by the state
// command (state_command.cpp, which parses the command line and lists or
// removes letters itself). The records go through one engine run
// (engine::run_workflow with given records).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace photobridge::cli {

struct DeadLetterRetryOptions {
    std::string state_path = ".photobridge/state.db";  // --state: a SQLite path or a postgresql:// URI
    std::vector<std::string> plugin_dirs;  // --plugin-dir, searched before the default plugin path
    std::vector<std::int64_t> ids;         // --id: only these letters; empty means every letter of the workflow
    bool json = false;                     // --json: the summary as one JSON object on stdout
    bool wait = false;                     // --wait: wait for a run of the workflow under way to end
};

// Contract:
//  - `workflow_file_or_name` is what the user typed. Retrying needs the
//    connections, steps and sinks, so it must name a workflow file; the
//    state command already refuses a bare name with exit 2 before calling,
//    but an implementation must still return 2 with a clear message for one.
//  - Loads and validates the workflow exactly as `run` does (errors as
//    FILE:LINE:COLUMN on stderr, return 2, nothing written to state), then
//    opens the store at options.state_path (creating nothing else).
//  - The selected dead letters of that workflow (state::StateStore::
//    dead_letters(workflow name)), oldest first, have their records rebuilt
//    from letter.record_json and run through the workflow as one run over
//    those records: the workflow's steps, retry, rate-limit and on_error
//    policy and the same ledger protocol as `run` (the ledger is consulted
//    first, so the sinks a record already reached write nothing again, and
//    a letter whose record was synced meanwhile is just removed).
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

}  // namespace photobridge::cli
