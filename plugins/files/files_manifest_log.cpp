#include "files_manifest_log.hpp"

#include <photobridge/sdk/error.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

namespace photobridge::plugins::files {


ManifestLog::ManifestLog(std::filesystem::path file, bool sync) : file_(std::move(file)), sync_(sync) {
    fd_ = ::open(file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0)
        throw sdk::Error(PB_ERR_INTERNAL, "cannot open '" + file_.string() + "': " + std::strerror(errno));
}

ManifestLog::~ManifestLog() {
    if (fd_ >= 0) ::close(fd_);
}

void ManifestLog::append(const boost::json::object& line) {
    std::string text = boost::json::serialize(line);
    text += '\n';
    std::lock_guard lock(mutex_);
    // One write() per line: with O_APPEND the line lands whole at the end.
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw sdk::Error(PB_ERR_INTERNAL, "cannot append to '" + file_.string() + "': " + std::strerror(errno));
        }
        done += static_cast<std::size_t>(n);
    }
    if (sync_) ::fsync(fd_);
}

std::string utc_now() {
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
    return buffer;
}

}  // namespace photobridge::plugins::files
