// A small thread pool that runs endpoint calls for the listener's I/O
// thread and hands each answer back to it. At most `max_waiting` calls are
// queued or running at once; past that submit() refuses, and the listener
// sheds the request (503), so a burst never grows an unbounded queue.
//
// Thread contract: submit() from the I/O thread only; `work` runs on a pool
// thread; `done` runs on the I/O thread. join() from the owning thread,
// after the I/O thread has stopped submitting.
#pragma once

#include "serve/webhook_intake.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <cstddef>
#include <functional>

namespace photobridge::serve {

class EndpointLane {
public:
    EndpointLane(std::size_t threads, std::size_t max_waiting);
    // Runs `work` on a pool thread (an exception becomes a 500 answer), then
    // `done(answer)` on `io`; `io` keeps running until `done` ran. False,
    // and nothing runs, when max_waiting calls are queued or running.
    bool submit(boost::asio::io_context& io, std::function<HttpAnswer()> work, std::function<void(HttpAnswer)> done);
    // Waits for the calls submitted so far, then stops the threads.
    void join();

private:
    boost::asio::thread_pool pool_;
    std::atomic<std::size_t> waiting_{0};
    std::size_t max_waiting_;
};

}  // namespace photobridge::serve
