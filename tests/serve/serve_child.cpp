#include "serve_child.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace serve_test {

using namespace std::chrono_literals;

Child::Child(std::vector<std::string> args, const fs::path& out, const fs::path& err) {
    args.insert(args.begin(), PHOTOBRIDGE_CLI_PATH);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("posix_spawn failed");
}

Child::~Child() {
    if (!reaped_) {
        ::kill(pid_, SIGKILL);
        wait(5s);
    }
}

void Child::signal(int sig) const { ::kill(pid_, sig); }

int Child::wait(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            reaped_ = true;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        std::this_thread::sleep_for(10ms);
    }
    return -1;
}

std::string printed(const fs::path& out, const std::regex& line) {
    std::smatch m;
    std::string text;
    REQUIRE(eventually([&] {
        text = photobridge::testing::read_file(out);
        return std::regex_search(text, m, line);
    }, 15s));
    return m[1].str();
}

std::string listening_url(const fs::path& out) {
    return printed(out, std::regex(R"(^listening on (http://127\.0\.0\.1:[0-9]+)\n)"));
}

}  // namespace serve_test
