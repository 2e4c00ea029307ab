// What the user sees while a run works: on a terminal, one progress line
// redrawn in place (read, synced, skipped, failed, rate, ETA when the source
// reports a total); otherwise a plain log line every few seconds.
#pragma once

#include "engine/run_engine.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <ostream>
#include <string>

namespace photobridge::cli {

enum class ProgressStyle {
    none,  // nothing (tests, --json)
    line,  // a live line on a terminal
    log    // "photobridge: info [run] ..." every few seconds
};

// Thread contract: one thread (the run's main thread) calls everything.
class ProgressReporter final : public engine::RunObserver {
public:
    using clock = std::chrono::steady_clock;

    ProgressReporter(ProgressStyle style, std::ostream& out, std::string workflow);

    // line when stderr is a terminal, log otherwise.
    static ProgressStyle for_stderr();

    // Called often (every ~100 ms); draws when it is time.
    void progress(const engine::RunCounters& counters) override;
    // Clears the live line (before the summary is printed).
    void finished() override;

    // "read 1,000  synced 980  skipped 10  failed 10  412.3/s  ETA 0:42"
    static std::string format(std::int64_t read, std::int64_t synced, std::int64_t skipped, std::int64_t failed,
                              double rate, std::optional<double> eta_seconds);
    // 3725 -> "1:02:05", 42 -> "0:42"
    static std::string format_duration(double seconds);

private:
    struct Sample {
        clock::time_point at;
        std::int64_t settled;
    };
    double rate(clock::time_point now, std::int64_t settled);

    ProgressStyle style_;
    std::ostream& out_;
    std::string workflow_;
    clock::time_point started_;
    clock::time_point last_draw_{};
    std::deque<Sample> samples_;  // the last few seconds, for the rate
    bool drawn_ = false;
};

}  // namespace photobridge::cli
