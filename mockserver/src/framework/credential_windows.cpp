#include "credential_windows.hpp"

namespace photobridge::mock {

CredentialWindows::Verdict CredentialWindows::count(std::string_view credential, std::uint64_t budget,
                                                    std::chrono::milliseconds window, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto it = windows_.find(credential);
    if (it == windows_.end()) it = windows_.emplace(std::string(credential), Window{now, 0}).first;
    Window& w = it->second;
    if (w.requests == 0 || now - w.start >= window) {
        w.start = now;
        w.requests = 0;
    }
    ++w.requests;
    Verdict verdict;
    verdict.allowed = w.requests <= budget;
    verdict.until_reset = std::chrono::duration_cast<std::chrono::milliseconds>(window - (now - w.start));
    return verdict;
}

void CredentialWindows::clear() {
    std::lock_guard lock(mutex_);
    windows_.clear();
}

int seconds_to_wait(std::chrono::milliseconds left) {
    const auto seconds = static_cast<int>((left.count() + 999) / 1000);
    return seconds < 1 ? 1 : seconds;
}

}  // namespace photobridge::mock
