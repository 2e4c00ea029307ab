// Ctrl-C and SIGTERM during a run. The first signal cancels `stop`: the
// engine stops reading, abandons queued records and lets in-flight requests
// finish (their ledger marks are committed, so the checkpoint is exact), then
// exits 130. A second signal cancels `abort` too: in-flight requests are cut
// off (their records stay unsettled and are read again on resume).
#pragma once

#include "host/cancellation.hpp"

#include <atomic>
#include <thread>

namespace photobridge::host {

// Installs SIGINT and SIGTERM handlers for its lifetime and restores the
// previous ones on destruction. The handlers only bump an atomic counter
// (async-signal-safe); a watcher thread turns it into token cancellations
// and one line on stderr. One SignalScope at a time per process.
// Thread contract: construct and destroy on one thread.
class SignalScope {
public:
    SignalScope(CancellationTokenPtr stop, CancellationTokenPtr abort);
    ~SignalScope();
    SignalScope(const SignalScope&) = delete;
    SignalScope& operator=(const SignalScope&) = delete;

    // Signals received since construction.
    int signals() const noexcept;
    // True when a signal arrived (the run was interrupted).
    bool interrupted() const noexcept { return signals() > 0; }

private:
    void watch();

    CancellationTokenPtr stop_;
    CancellationTokenPtr abort_;
    std::atomic<bool> done_{false};
    std::thread watcher_;
};

}  // namespace photobridge::host
