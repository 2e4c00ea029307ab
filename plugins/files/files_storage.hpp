// Writing one file atomically, and reading what is there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace photobridge::plugins::files {

// The bytes of `path`, or nullopt when it does not exist. Throws
// photobridge::sdk::Error(PB_ERR_INTERNAL) naming the path on a read error.
std::optional<std::string> read_file_if_exists(const std::filesystem::path& path);
// The size of `path`, or nullopt when it is not a regular file.
std::optional<std::uintmax_t> file_size_if_exists(const std::filesystem::path& path);

// Writes `bytes` to a temporary file next to `path` and renames it over
// `path`, so a reader (or a process killed midway) sees the old file or the
// new one, never half of one. Creates missing parent folders. With `sync`,
// fsyncs the file and its folder. Throws sdk::Error(PB_ERR_INTERNAL) naming
// the path and the reason. [any-thread]: temporary names are unique per call.
void write_atomically(const std::filesystem::path& path, std::string_view bytes, bool sync);

// Removes temporary files (".NAME.tmp-PID-N") under `root` left by a
// process that died mid-write (its PID no longer runs). Returns how many.
std::size_t remove_orphaned_temporaries(const std::filesystem::path& root);

// Lowercase hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace photobridge::plugins::files
