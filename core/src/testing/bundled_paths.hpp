// Where the plugins and the mock fixtures that came with this library are:
// next to it in an install (cmake/PhotobridgeInstall.cmake's layout), or in
// the build tree it was built in.
#pragma once

#include <filesystem>

namespace photobridge::testing {

// The folder of the shipped plugins: <libdir>/photobridge/plugins when it
// exists next to this library, else the build tree's plugins/ folder.
std::filesystem::path bundled_plugin_dir();

// The built-in mock fixtures: <libdir>/../share/photobridge/mockserver/fixtures
// when it exists next to this library; empty otherwise (the mock then uses
// the fixtures of the source tree it was built from). [any-thread]
std::filesystem::path bundled_fixtures_dir();

}  // namespace photobridge::testing
