// Safe paths inside the sink's folder. A record's file name comes from a
// template over provider data, so it is untrusted: it must stay inside DIR.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace photobridge::plugins::files {

// Checks a relative path written with '/' separators ("a/b.jpg"): not
// empty, not absolute, no empty, "." or ".." segment, no NUL or control
// character, no segment longer than 255 bytes. Throws
// photobridge::sdk::Error(PB_ERR_INVALID_ARGUMENT) naming `what` and the reason.
void check_relative_path(std::string_view path, std::string_view what);

// "subdir/name" (or "name"), both checked; the result id of a file.
std::string relative_name(std::string_view subdir, std::string_view name);

// DIR / relative, after making sure no existing component of the way there
// is a symbolic link that leads out of DIR. Throws INVALID_ARGUMENT when it would.
std::filesystem::path resolve_inside(const std::filesystem::path& root, const std::string& relative);

}  // namespace photobridge::plugins::files
