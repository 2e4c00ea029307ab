#include "cli/mock_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace photobridge::cli {
namespace {

constexpr std::string_view kListening = "listening on ";

std::string errno_text(const char* what) {
    std::string text = what;
    text.append(": ").append(std::strerror(errno));
    return text;
}

// Reads the child's first stdout line (without the newline) within
// `timeout`; empty when the child closed stdout (exited) or the time ran out.
std::string read_first_line(int fd, std::chrono::milliseconds timeout, bool& timed_out) {
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    timed_out = false;
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            timed_out = true;
            return {};
        }
        pollfd p{fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) continue;  // re-checks the deadline
        char c = 0;
        const ssize_t n = ::read(fd, &c, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return {};
        if (c == '\n') return line;
        line.push_back(c);
    }
}

}  // namespace

std::filesystem::path mock_program_next_to_self() {
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return "photobridge-mock";
    return self.parent_path() / "photobridge-mock";
}

MockProcess::MockProcess(const std::filesystem::path& program, const std::vector<std::string>& args,
                         std::chrono::milliseconds startup_timeout) {
    std::vector<std::string> argv_text{program.string()};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);

    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error(errno_text("cannot create a pipe"));
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
        throw std::runtime_error(errno_text("cannot start photobridge-mock"));
    }
    if (pid == 0) {
        // The child: only async-signal-safe calls until execv.
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent) ::_exit(127);  // the parent died before prctl
        ::dup2(pipe_fds[1], STDOUT_FILENO);       // dup2 clears O_CLOEXEC on the copy
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(pipe_fds[1]);
    pid_ = pid;
    stdout_fd_ = pipe_fds[0];

    bool timed_out = false;
    const std::string line = read_first_line(stdout_fd_, startup_timeout, timed_out);
    std::string problem;
    if (timed_out) {
        problem = "photobridge-mock did not report its address within ";
        problem.append(std::to_string(startup_timeout.count() / 1000)).append(" s");
    } else if (line.empty()) {
        problem = "photobridge-mock (";
        problem.append(program.string()).append(") exited before it listened");
    } else if (!line.starts_with(kListening) || !line.substr(kListening.size()).starts_with("http://")) {
        problem = "photobridge-mock printed an unexpected first line: ";
        problem.append(line);
    }
    if (!problem.empty()) {
        stop();
        throw std::runtime_error(problem);
    }
    base_url_ = line.substr(kListening.size());
}

MockProcess::~MockProcess() { stop(); }

int MockProcess::stop(std::chrono::milliseconds grace) {
    if (pid_ <= 0) return 0;
    ::kill(pid_, SIGTERM);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + grace;
    pid_t done = 0;
    while ((done = ::waitpid(pid_, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (done == 0) {
        ::kill(pid_, SIGKILL);
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
    }
    pid_ = -1;
    if (stdout_fd_ >= 0) ::close(stdout_fd_);
    stdout_fd_ = -1;
    return status;
}

}  // namespace photobridge::cli
