// What the `photobridge state` subcommands share: the WORKFLOW argument (a
// workflow name, or a workflow file whose [workflow] name is meant),
// opening a state database that must already exist, and the usage error
// they report with exit code 2. Main thread only.
#pragma once

#include "cli/usage_error.hpp"
#include "state/state_backend.hpp"

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace photobridge::cli {

// The workflow the user meant: a file's [workflow] name, or the argument.
struct WorkflowArgument {
    std::string name;
    std::string file;  // "" when a bare name was given
};

// Throws UsageError for a missing *.toml file, an unreadable one or one
// without a [workflow] name (naming FILE:LINE:COLUMN).
WorkflowArgument resolve_workflow(const std::string& argument);

// nullptr when there is no store at the location (nothing has run yet):
// inspecting never creates one. `location` is a SQLite path or a
// postgresql:// URI (state/state_backend.hpp).
std::unique_ptr<state::StateBackend> open_existing(const std::string& location);

// The store must know the workflow (a typo should not look like "empty"):
// throws UsageError listing the names it knows.
void require_known(state::StateBackend* store, const std::string& location, const WorkflowArgument& w);

// Asks on a terminal; refuses without one (scripts pass --yes).
bool confirmed(const std::string& question, bool yes);

// `text` on one line (line breaks as spaces), cut to `max` characters.
std::string one_line(std::string text, std::size_t max);

}  // namespace photobridge::cli
