// `photobridge new-plugin ID --dir DIR [--declarative]`: writes a ready
// plugin folder from a template compiled into the program (every "@id@" in
// a path or a text replaced by ID):
//  - cli/plugin_template/: CMakeLists.txt on find_package(photobridge),
//    manifest.json, the plugin, fixtures for the mock and a doctest contract
//    test on photobridge::testing;
//  - with --declarative, cli/provider_template/: ID.provider.toml, fixtures
//    and test.sh, a contract test that needs no compiler.
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "host/plugin_loader.hpp"
#include "host/plugin_registry.hpp"

#include "cli/plugin_template_files.hpp"
#include "cli/provider_template_files.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <system_error>

namespace photobridge::cli {
namespace {

namespace fs = std::filesystem;

std::string with_id(std::string text, const std::string& id) {
    static const std::string placeholder = "@id@";
    for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + id.size()))
        text.replace(at, placeholder.size(), id);
    return text;
}

// The prefix this program is installed in, when it is (bin/../lib/photobridge/plugins exists).
std::string installed_prefix() {
    std::error_code ec;
    const fs::path plugins = host::installed_plugin_dir();
    if (plugins.empty() || !fs::is_directory(plugins, ec)) return {};
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return {};
    return exe.parent_path().parent_path().string();
}

}  // namespace

int run_new_plugin_command(const GlobalOptions&, const NewPluginOptions& options) {
    const std::string& id = options.id;
    if (!host::is_valid_plugin_id(id)) {
        std::cerr << "photobridge new-plugin: '" << id
                  << "' is not a plugin id: 1 to 64 characters of a-z, 0-9 and _\n";
        return kExitUsage;
    }
    const fs::path dir = options.dir.empty() ? fs::path(id) : fs::path(options.dir);
    std::error_code ec;
    if (fs::exists(dir, ec)) {
        if (!fs::is_directory(dir, ec)) {
            std::cerr << "photobridge new-plugin: " << dir.string() << " exists and is not a folder\n";
            return kExitUsage;
        }
        if (!fs::is_empty(dir, ec)) {
            std::cerr << "photobridge new-plugin: " << dir.string()
                      << " is not empty; give a new or empty folder (nothing was written)\n";
            return kExitUsage;
        }
    }
    const auto write = [&](const char* path, const char* text) {
        const fs::path target = dir / with_id(path, id);
        fs::create_directories(target.parent_path(), ec);
        std::ofstream out(target, std::ios::binary);
        out << with_id(text, id);
        out.close();
        if (ec || !out) {
            std::cerr << "photobridge new-plugin: cannot write " << target.string() << "\n";
            return false;
        }
        if (target.extension() == ".sh")
            fs::permissions(target, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                            fs::perm_options::add, ec);
        std::cout << "wrote " << target.string() << "\n";
        return true;
    };
    if (options.declarative) {
        for (const auto& file : provider_template::kEmbeddedFiles)
            if (!write(file.path, file.text)) return kExitFailure;
        std::cout << "\nNext:\n"
                  << "  photobridge validate " << (dir / (id + ".provider.toml")).string() << "\n"
                  << "  " << (dir / "test.sh").string() << "      # the contract test, against the mock\n"
                  << "  photobridge test-read " << id << " photos --plugin-dir " << dir.string()
                  << " --set token=\"$TOKEN\" --pages 3\n";
        return kExitOk;
    }
    for (const auto& file : plugin_template::kEmbeddedFiles)
        if (!write(file.path, file.text)) return kExitFailure;
    const std::string prefix = installed_prefix();
    std::cout << "\nNext:\n"
              << "  cmake -S " << dir.string() << " -B " << (dir / "build").string()
              << " -DCMAKE_PREFIX_PATH=" << (prefix.empty() ? "<photobridge prefix>" : prefix) << "\n"
              << "  cmake --build " << (dir / "build").string() << " && ctest --test-dir " << (dir / "build").string()
              << "\n"
              << "  photobridge plugins --plugin-dir " << (dir / "build").string() << "\n";
    return kExitOk;
}

}  // namespace photobridge::cli
