#include "testing/bundled_paths.hpp"

#include <boost/dll/runtime_symbol_info.hpp>

#include <system_error>

// Set by core/CMakeLists.txt: the build's plugin folder, and the install
// layout relative to the folder this library is installed in.
#ifndef PHOTOBRIDGE_BUILD_PLUGIN_DIR
#define PHOTOBRIDGE_BUILD_PLUGIN_DIR ""
#endif
#ifndef PHOTOBRIDGE_PLUGINDIR_FROM_LIBDIR
#define PHOTOBRIDGE_PLUGINDIR_FROM_LIBDIR "photobridge/plugins"
#endif
#ifndef PHOTOBRIDGE_DATADIR_FROM_LIBDIR
#define PHOTOBRIDGE_DATADIR_FROM_LIBDIR "../share/photobridge"
#endif

namespace photobridge::testing {
namespace {

std::filesystem::path library_dir() {
    boost::dll::fs::error_code ec;
    const auto self = boost::dll::this_line_location(ec);
    if (ec) return {};
    return std::filesystem::path(self.string()).parent_path();
}

bool is_existing_directory(const std::filesystem::path& p) {
    std::error_code ec;
    return !p.empty() && std::filesystem::is_directory(p, ec);
}

}  // namespace

std::filesystem::path bundled_plugin_dir() {
    const auto dir = library_dir();
    if (!dir.empty()) {
        const auto installed = (dir / PHOTOBRIDGE_PLUGINDIR_FROM_LIBDIR).lexically_normal();
        if (is_existing_directory(installed)) return installed;
    }
    return PHOTOBRIDGE_BUILD_PLUGIN_DIR;
}

std::filesystem::path bundled_fixtures_dir() {
    const auto dir = library_dir();
    if (dir.empty()) return {};
    const auto installed = (dir / PHOTOBRIDGE_DATADIR_FROM_LIBDIR / "mockserver" / "fixtures").lexically_normal();
    return is_existing_directory(installed) ? installed : std::filesystem::path{};
}

}  // namespace photobridge::testing
