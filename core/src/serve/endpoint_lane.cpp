#include "serve/endpoint_lane.hpp"

#include "host/logger.hpp"
#include "serve/request_routing.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

namespace photobridge::serve {
namespace asio = boost::asio;

EndpointLane::EndpointLane(std::size_t threads, std::size_t max_waiting)
    : pool_(threads == 0 ? 1 : threads), max_waiting_(max_waiting == 0 ? 1 : max_waiting) {}

bool EndpointLane::submit(asio::io_context& io, std::function<HttpAnswer()> work, std::function<void(HttpAnswer)> done) {
    if (waiting_.load() >= max_waiting_) return false;  // only the I/O thread adds: no race past the cap
    ++waiting_;
    asio::post(pool_, [this, &io, guard = asio::make_work_guard(io), work = std::move(work), done = std::move(done)]() mutable {
        HttpAnswer answer;
        try {
            answer = work();
        } catch (const std::exception& e) {
            host::log_line(host::LogLevel::error, "serve", std::string("an endpoint failed: ") + e.what());
            answer = json_error_answer(500, "internal error");
        } catch (...) {
            answer = json_error_answer(500, "internal error");
        }
        --waiting_;
        asio::post(io, [done = std::move(done), answer = std::move(answer)]() mutable { done(std::move(answer)); });
        guard.reset();
    });
    return true;
}

void EndpointLane::join() { pool_.join(); }

}  // namespace photobridge::serve
