// manifest.jsonl in the sink's folder: one JSON line per file written
// ({"result_id","path","bytes","sha256","metadata","written_at"}), appended.
// It is a log of writes: a file replaced by other bytes gets a second line.
// A process killed between a file's rename and its line can leave a file
// without a line; the files themselves are the truth (see
// sdk-docs/workflows.md, "The files sink").
#pragma once

#include <boost/json.hpp>

#include <filesystem>
#include <mutex>

namespace photobridge::plugins::files {

// Thread contract: append() is [any-thread]; lines never interleave.
class ManifestLog {
public:
    ManifestLog(std::filesystem::path file, bool sync);
    ~ManifestLog();
    ManifestLog(const ManifestLog&) = delete;
    ManifestLog& operator=(const ManifestLog&) = delete;

    // Throws photobridge::sdk::Error(PB_ERR_INTERNAL) naming the file.
    void append(const boost::json::object& line);

private:
    std::filesystem::path file_;
    bool sync_;
    std::mutex mutex_;
    int fd_ = -1;
};

// Now as ISO 8601 UTC with milliseconds: "2024-05-01T12:00:00.123Z".
std::string utc_now();

}  // namespace photobridge::plugins::files
