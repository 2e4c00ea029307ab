// Baseline for bench/mock_throughput.sh: the least a cpp-httplib server can do
// for GET /headshotpro/organization/models/<id>/photos — answer the body
// read from a file, with the same server settings as photobridge-mock
// (TCP_NODELAY, keep-alive, same worker count). No auth, journal or routing.
//
//   bench_bare_httplib BODY_FILE  -> prints "listening on http://127.0.0.1:PORT"
#include <httplib.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: bench_bare_httplib BODY_FILE\n";
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string body = buffer.str();
    if (body.empty()) {
        std::cerr << "empty body file\n";
        return 1;
    }
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    httplib::Server server;
    const std::size_t workers = std::max<std::size_t>(64, std::max(1u, std::thread::hardware_concurrency()) * 8);
    server.new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
    server.set_tcp_nodelay(true);
    server.set_keep_alive_max_count(100000);
    server.set_keep_alive_timeout(30);
    server.Get("/headshotpro/organization/models/507f1f77bcf86cd799439011/photos",
               [&body](const httplib::Request&, httplib::Response& res) { res.set_content(body, "application/json"); });
    const int port = server.bind_to_any_port("127.0.0.1");
    if (port <= 0) return 1;
    std::thread listener([&server] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::cout << "listening on http://127.0.0.1:" << port << std::endl;
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    server.stop();
    listener.join();
    return 0;
}
