#include "host/signal_handling.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <stdexcept>

namespace photobridge::host {
namespace {

std::atomic<int> g_signals{0};
std::atomic<bool> g_installed{false};
struct sigaction g_previous_int{};
struct sigaction g_previous_term{};

static_assert(std::atomic<int>::is_always_lock_free, "the signal counter must be lock-free");

extern "C" void on_stop_signal(int) { g_signals.fetch_add(1, std::memory_order_relaxed); }

}  // namespace

SignalScope::SignalScope(CancellationTokenPtr stop, CancellationTokenPtr abort)
    : stop_(std::move(stop)), abort_(std::move(abort)) {
    if (g_installed.exchange(true)) throw std::logic_error("SignalScope: only one at a time");
    g_signals.store(0);
    struct sigaction action{};
    action.sa_handler = &on_stop_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, &g_previous_int);
    sigaction(SIGTERM, &action, &g_previous_term);
    watcher_ = std::thread([this] { watch(); });
}

SignalScope::~SignalScope() {
    done_.store(true);
    if (watcher_.joinable()) watcher_.join();
    sigaction(SIGINT, &g_previous_int, nullptr);
    sigaction(SIGTERM, &g_previous_term, nullptr);
    g_installed.store(false);
}

int SignalScope::signals() const noexcept { return g_signals.load(std::memory_order_relaxed); }

void SignalScope::watch() {
    int seen = 0;
    while (!done_.load()) {
        const int now = g_signals.load(std::memory_order_relaxed);
        if (now > seen) {
            if (seen == 0 && now >= 1) {
                if (stop_) stop_->cancel();
                if (::isatty(STDERR_FILENO)) std::fputs("\r\033[K", stderr);
                std::fputs("photobridge: stopping: no new records; letting in-flight writes finish "
                           "(press Ctrl-C again to cut them off)\n",
                           stderr);
            }
            if (now >= 2) {
                if (stop_) stop_->cancel();
                if (abort_) abort_->cancel();
                std::fputs("photobridge: stopping now: in-flight requests cancelled\n", stderr);
            }
            seen = now;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

}  // namespace photobridge::host
