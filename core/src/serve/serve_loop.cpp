#include "serve/serve_loop.hpp"

#include "host/signal_handling.hpp"
#include "host/logger.hpp"

#include <thread>

namespace photobridge::serve {

int serve_until_stopped(ServeService& service, std::ostream& out) {
    host::SignalScope signals(service.stop_token(), service.abort_token());
    service.start();
    out << "listening on " << service.base_url() << std::endl;  // flushes: tests and scripts wait for this line
    if (auto admin = service.admin_url()) out << "admin on " << *admin << " (/healthz, /metrics)" << std::endl;
    host::log_line(host::LogLevel::info, "serve",
                   "serving " + std::to_string(service.workflows().size()) + " workflow(s); Ctrl-C or SIGTERM stops");
    while (!service.stop_token()->cancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    host::log_line(host::LogLevel::info, "serve", "stopping: no new deliveries; runs under way checkpoint");
    service.stop();
    return 0;
}

}  // namespace photobridge::serve
