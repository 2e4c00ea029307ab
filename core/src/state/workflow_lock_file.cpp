#include "state/workflow_lock_file.hpp"

#include "state/lease_counters.hpp"
#include "state/utc_timestamp.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <chrono>
#include <cstring>
#include <string_view>
#include <thread>

namespace photobridge::state {
namespace {

class FileLock final : public WorkflowLock {
public:
    explicit FileLock(int fd) : fd_(fd) { ++lease_counters().held; }
    ~FileLock() override {
        --lease_counters().held;
        // Emptied first, so a reader never sees a pid that no longer holds it.
        if (ftruncate(fd_, 0) != 0) {
            // nothing to do: the lock goes with close() all the same
        }
        ::close(fd_);
    }

private:
    int fd_;
};

std::string read_holder(int fd) {
    char buffer[256];
    const ssize_t n = pread(fd, buffer, sizeof buffer - 1, 0);
    if (n <= 0) return {};
    std::string text(buffer, static_cast<std::size_t>(n));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

void write_holder(int fd) {
    std::string text = "pid ";
    text += std::to_string(::getpid());
    text += ", started ";
    text += utc_timestamp_now();
    text += '\n';
    if (ftruncate(fd, 0) != 0 || pwrite(fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
        // the note is for people; the lock itself is held either way
    }
}

}  // namespace

std::filesystem::path workflow_lock_path(const std::filesystem::path& database, const std::string& workflow) {
    std::string safe;
    for (const char c : workflow) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        safe += plain ? c : '_';
    }
    if (safe.size() > 64) safe.resize(64);
    // FNV-1a, 64 bits: stable across builds, so every photobridge binary
    // picks the same file for the same workflow.
    std::uint64_t h = 14695981039346656037ull;
    for (const char c : workflow) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(h));
    std::filesystem::path dir = database;
    dir += ".locks";
    return dir / (safe + "-" + std::string(hash, 8) + ".lock");
}

std::unique_ptr<WorkflowLock> lock_workflow_file(const std::filesystem::path& database, const std::string& workflow,
                                                 const LockWait& wait) {
    const std::filesystem::path path = workflow_lock_path(database, workflow);
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        throw std::runtime_error(path.string() + ": cannot open the workflow lock: " + std::strerror(errno));
    for (;;) {
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
            // A holder that ends empties the file: one still named died holding it.
            if (!read_holder(fd).empty()) ++lease_counters().rescued;
            write_holder(fd);
            return std::make_unique<FileLock>(fd);
        }
        if (errno != EWOULDBLOCK && errno != EINTR) {
            const int error = errno;
            ::close(fd);
            throw std::runtime_error(path.string() + ": cannot take the workflow lock: " + std::strerror(error));
        }
        if (!wait.wait || (wait.keep_waiting && !wait.keep_waiting())) {
            const std::string holder = read_holder(fd);
            ::close(fd);
            throw WorkflowBusy(workflow_busy_message(workflow, database.string(), holder));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

}  // namespace photobridge::state
