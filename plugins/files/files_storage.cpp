#include "files_storage.hpp"

#include <photobridge/sdk/error.hpp>

#include <fcntl.h>
#include <openssl/evp.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace photobridge::plugins::files {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void io_failure(const std::string& what, const fs::path& path, int error) {
    throw sdk::Error(PB_ERR_INTERNAL, what + " '" + path.string() + "': " + std::strerror(error));
}

void sync_directory(const fs::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

std::optional<std::string> read_file_if_exists(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::error_code ec;
        if (!fs::exists(path, ec)) return std::nullopt;
        io_failure("cannot read", path, errno);
    }
    std::ostringstream out;
    out << in.rdbuf();
    return std::move(out).str();
}

std::optional<std::uintmax_t> file_size_if_exists(const fs::path& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return std::nullopt;
    const auto size = fs::file_size(path, ec);
    if (ec) return std::nullopt;
    return size;
}

void write_atomically(const fs::path& path, std::string_view bytes, bool sync) {
    static std::atomic<unsigned long> counter{0};
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) throw sdk::Error(PB_ERR_INTERNAL, "cannot create the folder '" + path.parent_path().string() + "': " + ec.message());
    const fs::path temp = path.parent_path() /
                          ("." + path.filename().string().substr(0, 200) + ".tmp-" + std::to_string(::getpid()) + "-" +
                           std::to_string(counter.fetch_add(1)));
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) io_failure("cannot create", temp, errno);
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int error = errno;
            ::close(fd);
            ::unlink(temp.c_str());
            io_failure("cannot write", temp, error);
        }
        done += static_cast<std::size_t>(n);
    }
    if (sync && ::fsync(fd) != 0) {
        const int error = errno;
        ::close(fd);
        ::unlink(temp.c_str());
        io_failure("cannot fsync", temp, error);
    }
    if (::close(fd) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        io_failure("cannot close", temp, error);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        io_failure("cannot rename into", path, error);
    }
    if (sync) sync_directory(path.parent_path());
}

std::size_t remove_orphaned_temporaries(const fs::path& root) {
    std::size_t removed = 0;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        const std::string name = it->path().filename().string();
        const auto mark = name.rfind(".tmp-");
        if (name.empty() || name[0] != '.' || mark == std::string::npos) continue;
        const std::string rest = name.substr(mark + 5);
        const auto dash = rest.find('-');
        if (dash == std::string::npos) continue;
        long pid = 0;
        try {
            pid = std::stol(rest.substr(0, dash));
        } catch (const std::exception&) {
            continue;
        }
        if (pid <= 0 || (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM)) continue;  // still running
        std::error_code rm;
        if (fs::remove(it->path(), rm)) ++removed;
    }
    return removed;
}

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        throw sdk::Error(PB_ERR_INTERNAL, "SHA-256 failed");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 0x0f];
    }
    return out;
}

}  // namespace photobridge::plugins::files
