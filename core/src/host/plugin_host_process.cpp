#include "host/plugin_host_process.hpp"

#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <csignal>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PHOTOBRIDGE_BUILD_PLUGIN_HOST
#define PHOTOBRIDGE_BUILD_PLUGIN_HOST ""
#endif

namespace photobridge::host {
namespace {

constexpr const char* kProgramName = "photobridge-plugin-host";

// Runs jobs on one thread that lives as long as the process (never joined:
// it is deliberately leaked, so no static destructor races a late spawn).
class ForkThread {
public:
    static ForkThread& instance() {
        static ForkThread* thread = new ForkThread();
        return *thread;
    }

    void run(std::function<void()> job) {
        std::packaged_task<void()> task(std::move(job));
        auto done = task.get_future();
        {
            std::lock_guard lock(mutex_);
            jobs_.push_back(std::move(task));
        }
        wake_.notify_one();
        done.get();  // rethrows the job's exception
    }

private:
    ForkThread() {
        std::thread([this] {
            for (;;) {
                std::packaged_task<void()> task;
                {
                    std::unique_lock lock(mutex_);
                    wake_.wait(lock, [this] { return !jobs_.empty(); });
                    task = std::move(jobs_.front());
                    jobs_.pop_front();
                }
                task();
            }
        }).detach();
    }

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::packaged_task<void()>> jobs_;
};

const char* signal_name(int signal) {
    switch (signal) {
        case SIGSEGV: return "SIGSEGV";
        case SIGABRT: return "SIGABRT";
        case SIGKILL: return "SIGKILL";
        case SIGBUS: return "SIGBUS";
        case SIGFPE: return "SIGFPE";
        case SIGILL: return "SIGILL";
        case SIGTERM: return "SIGTERM";
        case SIGPIPE: return "SIGPIPE";
        case SIGTRAP: return "SIGTRAP";
        case SIGINT: return "SIGINT";
        default: return nullptr;
    }
}

PluginHostChild fork_child(const std::string& program, const std::vector<std::string>& arguments,
                           std::uint64_t memory_limit_mb) {
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
        throw std::runtime_error(std::string("socketpair: ") + std::strerror(errno));
    // Everything the child needs is prepared before fork: after it, only
    // async-signal-safe calls.
    std::vector<std::string> argv_text;
    argv_text.push_back(program);
    argv_text.insert(argv_text.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t parent = ::getpid();
    rlimit limit{};
    limit.rlim_cur = limit.rlim_max = memory_limit_mb == 0 ? RLIM_INFINITY : static_cast<rlim_t>(memory_limit_mb) << 20;

    const pid_t pid = ::fork();
    if (pid < 0) {
        const int e = errno;
        ::close(pair[0]);
        ::close(pair[1]);
        throw std::runtime_error(std::string("fork: ") + std::strerror(e));
    }
    if (pid == 0) {
        // The child. Die with the parent, and do not start at all when the
        // parent is already gone (it may have died before prctl).
        if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) ::_exit(126);
        if (::getppid() != parent) ::_exit(126);
        if (pair[1] == kPluginHostSocketFd) {
            ::fcntl(pair[1], F_SETFD, 0);
        } else if (::dup2(pair[1], kPluginHostSocketFd) < 0) {
            ::_exit(126);
        }
        ::syscall(SYS_close_range, kPluginHostSocketFd + 1, ~0u, 0);
        if (memory_limit_mb != 0) ::setrlimit(RLIMIT_AS, &limit);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(pair[1]);
    return PluginHostChild{pid, pair[0]};
}

}  // namespace

std::filesystem::path plugin_host_program() {
    std::error_code ec;
    if (const char* env = std::getenv("PHOTOBRIDGE_PLUGIN_HOST"); env != nullptr && *env != '\0') return env;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec && !exe.empty()) {
        const auto beside = exe.parent_path() / kProgramName;
        if (std::filesystem::is_regular_file(beside, ec)) return beside;
    }
    const std::filesystem::path built(PHOTOBRIDGE_BUILD_PLUGIN_HOST);
    if (!built.empty() && std::filesystem::is_regular_file(built, ec)) return built;
    return {};
}

PluginHostChild start_plugin_host(const std::filesystem::path& program, const std::vector<std::string>& arguments,
                                  std::uint64_t memory_limit_mb) {
    PluginHostChild child;
    const std::string path = program.string();
    ForkThread::instance().run([&] { child = fork_child(path, arguments, memory_limit_mb); });
    return child;
}

bool wait_for_end(pid_t pid, std::chrono::milliseconds grace) {
    const auto until = std::chrono::steady_clock::now() + grace;
    for (;;) {
        siginfo_t info{};
        const int rc = ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT | WNOHANG);
        if (rc != 0 && errno == EINTR) continue;
        if (rc != 0 || info.si_pid == pid) return true;  // ended (or not our child any more)
        if (std::chrono::steady_clock::now() >= until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

std::string describe_wait_status(int status) {
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        const char* name = signal_name(sig);
        return "was killed by signal " + std::to_string(sig) + (name != nullptr ? std::string(" (") + name + ")" : "");
    }
    if (WIFEXITED(status)) {
        const int code = WEXITSTATUS(status);
        if (code == kPluginHostOutOfMemoryExit)
            return "ran out of memory under its limit (exit " + std::to_string(code) + ")";
        return "exited with status " + std::to_string(code);
    }
    return "ended (wait status " + std::to_string(status) + ")";
}

std::string reap_plugin_host(pid_t pid) {
    int status = 0;
    for (;;) {
        const pid_t rc = ::waitpid(pid, &status, 0);
        if (rc == pid) return describe_wait_status(status);
        if (rc < 0 && errno == EINTR) continue;
        return "ended (not reaped: " + std::string(std::strerror(errno)) + ")";
    }
}

}  // namespace photobridge::host
