#include "files_paths.hpp"

#include <photobridge/sdk/error.hpp>

#include <algorithm>
#include <system_error>

namespace photobridge::plugins::files {


void check_relative_path(std::string_view path, std::string_view what) {
    const auto refuse = [&](const std::string& why) {
        throw sdk::invalid_argument(std::string(what) + " '" + std::string(path.substr(0, 200)) + "' " + why);
    };
    if (path.empty()) refuse("is empty");
    for (unsigned char c : path)
        if (c < 0x20 || c == 0x7f) {
            throw sdk::invalid_argument(std::string(what) + " contains a control character (code " +
                                        std::to_string(static_cast<int>(c)) + ")");
        }
    if (path.front() == '/') refuse("is absolute: it must stay inside the sink's folder");
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t slash = path.find('/', start);
        const std::string_view segment =
            path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (segment.empty()) refuse("has an empty path segment");
        if (segment == "..") refuse("contains '..': it would leave the sink's folder");
        if (segment == ".") refuse("contains a '.' segment");
        if (segment.size() > 255) refuse("has a segment longer than 255 bytes");
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
}

std::string relative_name(std::string_view subdir, std::string_view name) {
    check_relative_path(name, "name");
    if (subdir.empty()) return std::string(name);
    check_relative_path(subdir, "subdir");
    return std::string(subdir) + "/" + std::string(name);
}

std::filesystem::path resolve_inside(const std::filesystem::path& root, const std::string& relative) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path canonical_root = fs::weakly_canonical(root, ec);
    const fs::path target = root / relative;
    // weakly_canonical follows the symbolic links that exist on the way.
    const fs::path resolved = fs::weakly_canonical(target, ec);
    if (ec) throw sdk::invalid_argument("name '" + relative + "' cannot be resolved: " + ec.message());
    const auto [root_end, _] = std::mismatch(canonical_root.begin(), canonical_root.end(), resolved.begin(), resolved.end());
    if (root_end != canonical_root.end() || resolved == canonical_root)
        throw sdk::invalid_argument("name '" + relative + "' would leave the sink's folder (through a symbolic link)");
    return target;
}

}  // namespace photobridge::plugins::files
