#include "host/http_observer.hpp"

#include <mutex>

namespace photobridge::host {
namespace {

std::mutex& observer_mutex() {
    static std::mutex m;
    return m;
}

std::shared_ptr<HttpObserver>& observer_slot() {
    static std::shared_ptr<HttpObserver> slot;
    return slot;
}

}  // namespace

void set_http_observer(std::shared_ptr<HttpObserver> observer) {
    std::lock_guard lock(observer_mutex());
    observer_slot() = std::move(observer);
}

std::shared_ptr<HttpObserver> http_observer() {
    std::lock_guard lock(observer_mutex());
    return observer_slot();
}

}  // namespace photobridge::host
