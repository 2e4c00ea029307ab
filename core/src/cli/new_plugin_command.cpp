// `photobridge new-plugin ID --dir DIR`: writes a ready plugin folder from
// the template compiled into the program (cli/plugin_template/, every "@id@"
// in a path or a text replaced by ID): CMakeLists.txt on
// find_package(photobridge), manifest.json, the plugin, fixtures for the
// mock and a doctest contract test on photobridge::testing.
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "host/plugin_loader.hpp"
#include "host/plugin_registry.hpp"

#include "cli/plugin_template_files.hpp"

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
    for (const auto& file : plugin_template::kEmbeddedFiles) {
        const fs::path target = dir / with_id(file.path, id);
        fs::create_directories(target.parent_path(), ec);
        std::ofstream out(target, std::ios::binary);
        out << with_id(file.text, id);
        out.close();
        if (ec || !out) {
            std::cerr << "photobridge new-plugin: cannot write " << target.string() << "\n";
            return kExitFailure;
        }
        std::cout << "wrote " << target.string() << "\n";
    }
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
