// The photobridge program's exit codes (also in --help and the README).
#pragma once

namespace photobridge::cli {

enum ExitCode : int {
    kExitOk = 0,           // success
    kExitFailure = 1,      // a runtime failure: provider error, network, I/O
    kExitUsage = 2,        // bad command line, bad input, validation errors
    kExitDeferred = 75,    // a provider's rate limit resets after [policy] max_wait: run again then (EX_TEMPFAIL)
    kExitInterrupted = 130 // stopped by Ctrl-C or SIGTERM after a clean checkpoint
};

inline constexpr const char* kExitCodeHelp =
    "Exit codes: 0 success; 1 runtime failure (provider, network, I/O); "
    "2 usage or validation error; 75 deferred (a rate limit resets later: run again then); "
    "130 interrupted (Ctrl-C/SIGTERM, state checkpointed).";

}  // namespace photobridge::cli
