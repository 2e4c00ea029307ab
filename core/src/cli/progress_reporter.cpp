#include "cli/progress_reporter.hpp"

#include "host/logger.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace photobridge::cli {
namespace {

constexpr auto kLineInterval = std::chrono::milliseconds(200);
constexpr auto kLogInterval = std::chrono::seconds(5);
constexpr auto kRateWindow = std::chrono::seconds(5);

std::string grouped(std::int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

}  // namespace

ProgressReporter::ProgressReporter(ProgressStyle style, std::ostream& out, std::string workflow)
    : style_(style), out_(out), workflow_(std::move(workflow)), started_(clock::now()) {}

ProgressStyle ProgressReporter::for_stderr() { return ::isatty(STDERR_FILENO) ? ProgressStyle::line : ProgressStyle::log; }

std::string ProgressReporter::format_duration(double seconds) {
    if (!(seconds >= 0) || !std::isfinite(seconds)) return "?";
    const auto total = static_cast<std::int64_t>(std::llround(seconds));
    const std::int64_t h = total / 3600, m = (total / 60) % 60, s = total % 60;
    char buffer[64];
    if (h > 0) std::snprintf(buffer, sizeof buffer, "%lld:%02lld:%02lld", static_cast<long long>(h), static_cast<long long>(m), static_cast<long long>(s));
    else std::snprintf(buffer, sizeof buffer, "%lld:%02lld", static_cast<long long>(m), static_cast<long long>(s));
    return buffer;
}

std::string ProgressReporter::format(std::int64_t read, std::int64_t synced, std::int64_t skipped, std::int64_t failed,
                                     double rate, std::optional<double> eta_seconds) {
    char rate_text[32];
    std::snprintf(rate_text, sizeof rate_text, "%.1f/s", rate);
    std::string line = "read " + grouped(read) + "  synced " + grouped(synced) + "  skipped " + grouped(skipped) +
                       "  failed " + grouped(failed) + "  " + rate_text;
    if (eta_seconds) line += "  ETA " + format_duration(*eta_seconds);
    return line;
}

double ProgressReporter::rate(clock::time_point now, std::int64_t settled) {
    samples_.push_back(Sample{now, settled});
    while (samples_.size() > 2 && now - samples_.front().at > kRateWindow) samples_.pop_front();
    const Sample& first = samples_.front();
    const double seconds = std::chrono::duration<double>(now - first.at).count();
    if (seconds <= 0.05) return 0.0;
    return static_cast<double>(settled - first.settled) / seconds;
}

void ProgressReporter::progress(const engine::RunCounters& c) {
    if (style_ == ProgressStyle::none) return;
    const auto now = clock::now();
    const std::int64_t settled = c.settled();
    const double r = rate(now, settled);
    if (now - last_draw_ < (style_ == ProgressStyle::line ? std::chrono::duration_cast<clock::duration>(kLineInterval)
                                                          : std::chrono::duration_cast<clock::duration>(kLogInterval)))
        return;
    if (style_ == ProgressStyle::log && now - started_ < kLogInterval) return;  // short runs: just the summary
    last_draw_ = now;
    std::optional<double> eta;
    const std::int64_t total = c.total.load(std::memory_order_relaxed);
    if (total >= 0 && r > 0) {
        const std::int64_t remaining = total - c.done_before.load(std::memory_order_relaxed) - settled;
        eta = remaining > 0 ? static_cast<double>(remaining) / r : 0.0;
    }
    const std::string text = format(c.read.load(std::memory_order_relaxed), c.synced.load(std::memory_order_relaxed),
                                    c.skipped.load(std::memory_order_relaxed), c.failed.load(std::memory_order_relaxed),
                                    r, eta);
    if (style_ == ProgressStyle::line) {
        // Ends with '\r' so that a log line printed meanwhile starts at
        // column 0 and covers the progress text instead of following it.
        out_ << "\r\033[K" << workflow_ << ": " << text << '\r' << std::flush;
        drawn_ = true;
    } else {
        host::log_line(host::LogLevel::info, "run", workflow_ + ": " + text);
    }
}

void ProgressReporter::finished() {
    if (style_ == ProgressStyle::line && drawn_) out_ << "\r\033[K" << std::flush;
    drawn_ = false;
}

}  // namespace photobridge::cli
