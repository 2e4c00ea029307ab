// `photobridge state events WORKFLOW [--failed] [--id ID]... [--retry] [--json]`:
// the webhook events `serve` accepted for a workflow that are still pending
// or failed, and running the failed ones again (sdk-docs/serve.md).
#pragma once

#include "cli/command.hpp"

namespace photobridge::cli {

// Listing reads the state only. --retry needs the workflow file: it puts the
// selected failed events back to pending and processes the workflow's
// pending events now, exactly as serve does (fetch the record the event
// names, one run over it). Returns 0, 1 when an event failed again, 2 for a
// usage error, 130 when interrupted. Throws UsageError (state_arguments.hpp).
int webhook_events(const GlobalOptions& globals, const StateOptions& options);

}  // namespace photobridge::cli
