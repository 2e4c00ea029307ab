// `photobridge state jobs WORKFLOW [--json]`: the jobs a workflow has in
// flight at its providers, from the state store's step marks
// (state/step_marks.hpp): creating steps whose result is not confirmed yet
// and waiting steps parked until their next check (sdk-docs/state.md).
#pragma once

#include "cli/command.hpp"

namespace photobridge::cli {

// Reads the state only; never creates a database. Returns 0. Throws
// UsageError (state_arguments.hpp) for an unknown workflow.
int step_jobs(const StateOptions& options);

}  // namespace photobridge::cli
