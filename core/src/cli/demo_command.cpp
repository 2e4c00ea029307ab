// `photobridge demo`: the offline tour. Starts the photobridge-mock program
// found next to this executable (a child process, cli/mock_process.hpp)
// with a synthesized dataset, runs every example workflow from
// examples/workflows/ against it (base URLs pointed at the mock, every
// credential the mock's `mock-token`, files under ./photobridge-demo-output/),
// shows the progress and the summaries, and says where the files went.
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/mock_process.hpp"
#include "cli/plugin_loading.hpp"
#include "cli/workflow_running.hpp"
#include "host/signal_handling.hpp"
#include "workflow/env_references.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string_view>

namespace photobridge::cli {
namespace {

namespace fs = std::filesystem;

// examples/workflows next to the working directory, or in the source tree
// the program was built from (bin/ is one level under the build folder,
// which sits in the source tree), or installed under share/.
std::optional<fs::path> find_examples(const std::string& given) {
    std::vector<fs::path> candidates;
    if (!given.empty()) candidates.emplace_back(given);
    candidates.emplace_back("examples/workflows");
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path bin = exe.parent_path();
        for (const char* up : {"../../examples/workflows", "../examples/workflows", "../share/photobridge/examples/workflows"})
            candidates.push_back(bin / up);
    }
    for (const auto& c : candidates)
        if (fs::is_directory(c, ec)) return fs::weakly_canonical(c, ec);
    return std::nullopt;
}

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The demo never uses real credentials: every ${env:NAME} an example reads
// is set to the mock's token in this process.
void point_env_at_mock(const std::string& text) {
    const auto every_name = [](std::string_view) { return std::optional<std::string>("mock-token"); };
    for (const auto& name : workflow_file::resolve_env_references(text, every_name).variables)
        ::setenv(name.c_str(), "mock-token", 1);
}

// Connections aimed at the mock: base_url -> the mock's /<plugin id>,
// secrets -> mock-token, a files sink's dir -> the demo output folder.
void point_connections_at_mock(model::Workflow& wf, const host::PluginRegistry& registry, const std::string& mock_url,
                               const fs::path& output) {
    for (auto& [name, connection] : wf.connections) {
        const auto plugin = registry.find(connection.plugin);
        if (!plugin) continue;
        const auto* config = plugin->manifest->section("config");
        if (config == nullptr) continue;
        if (config->contains("base_url")) connection.config["base_url"] = mock_url + "/" + connection.plugin;
        for (const auto& key : plugin->manifest->secret_config_keys()) {
            const auto* spec = config->at(key).if_object();
            const auto* required = spec != nullptr ? spec->if_contains("required") : nullptr;
            if (connection.config.contains(key) || (required != nullptr && required->is_bool() && required->get_bool()))
                connection.config[key] = "mock-token";
        }
        if (connection.plugin == "files" && config->contains("dir"))
            connection.config["dir"] = (output / wf.name).string();
    }
}

std::size_t count_files(const fs::path& dir) {
    std::error_code ec;
    std::size_t n = 0;
    if (!fs::is_directory(dir, ec)) return 0;
    for (const auto& e : fs::recursive_directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().filename() != "manifest.jsonl") ++n;
    return n;
}

int run_demo(const GlobalOptions& globals, const DemoOptions& o) {
    const fs::path mock_program = mock_program_next_to_self();
    if (::access(mock_program.c_str(), X_OK) != 0) {
        std::cerr << "photobridge: error: demo: the mock server program is missing: " << mock_program.string()
                  << " (it is built with photobridge and installed next to it; build the photobridge-mock target "
                     "or configure with PHOTOBRIDGE_BUILD_MOCK=ON)\n";
        return kExitFailure;
    }
    const auto examples = find_examples(o.examples);
    if (!examples) {
        std::cerr << "photobridge: error: demo: cannot find examples/workflows/ (run from the source tree or pass "
                     "--examples DIR)\n";
        return kExitUsage;
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(*examples))
        if (e.is_regular_file() && e.path().extension() == ".toml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    if (!o.only.empty())
        files.erase(std::remove_if(files.begin(), files.end(),
                                   [&](const fs::path& f) {
                                       return std::none_of(o.only.begin(), o.only.end(), [&](const std::string& w) {
                                           return f.filename() == w || f.stem() == w;
                                       });
                                   }),
                    files.end());
    if (files.empty()) {
        std::cerr << "photobridge: error: demo: no workflow files in " << examples->string() << "\n";
        return kExitUsage;
    }

    // Stopped by its destructor on every way out of this function.
    std::unique_ptr<MockProcess> mock;
    try {
        mock = std::make_unique<MockProcess>(
            mock_program, std::vector<std::string>{"--port", "0", "--dataset", std::to_string(o.records), "--seed", "1"});
    } catch (const std::exception& e) {
        std::cerr << "photobridge: error: demo: " << e.what() << "\n";
        return kExitFailure;
    }
    const std::string mock_url = mock->base_url();
    // Ctrl-C or SIGTERM from here on stops the demo cleanly, whichever
    // workflow is running or about to start (one SignalScope for all runs).
    auto stop = std::make_shared<host::CancellationToken>();
    auto abort = std::make_shared<host::CancellationToken>();
    host::SignalScope signals(stop, abort);

    const fs::path output = fs::absolute(o.output);
    fs::create_directories(output);
    const fs::path state = output / "state.db";
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(state.string() + suffix);  // each demo starts afresh

    std::cout << "photobridge demo: a mock of every provider is running at " << mock_url << " with " << o.records
              << " synthesized records each.\nRunning " << files.size() << " example workflow"
              << (files.size() == 1 ? "" : "s") << " from " << examples->string() << "\n\n";

    const host::PluginRegistry registry = load_registry(globals);
    int worst = kExitOk;
    for (const auto& file : files) {
        if (stop->cancelled()) return kExitInterrupted;
        point_env_at_mock(read_text(file));
        auto workflow = load_workflow_or_report(file.string(), registry);
        if (!workflow) {
            worst = std::max(worst, static_cast<int>(kExitUsage));
            continue;
        }
        point_connections_at_mock(*workflow, registry, mock_url, output);
        std::cout << "== " << workflow->name << " (" << file.filename().string() << ")\n";
        if (!workflow->description.empty()) std::cout << "   " << workflow->description << "\n";
        std::cout.flush();
        WorkflowRunRequest request;
        request.state_path = state.string();
        request.stop = stop;
        request.abort = abort;
        const int rc = run_loaded_workflow(*workflow, registry, request);
        for (const auto& [name, connection] : workflow->connections) {
            if (connection.plugin == "files") {
                const fs::path dir = output / workflow->name;
                std::cout << "   files: " << dir.string() << " (" << count_files(dir) << " files, manifest.jsonl)\n";
            } else if (std::any_of(workflow->sinks.begin(), workflow->sinks.end(),
                                   [&](const model::Sink& s) { return s.connection == name; })) {
                std::cout << "   written to the mock " << connection.plugin << " (" << mock_url << "/"
                          << connection.plugin << "); the mock keeps it until the demo exits\n";
            }
        }
        std::cout << "\n";
        if (rc == kExitInterrupted) return rc;
        if (rc != kExitOk) worst = std::max(worst, rc);
    }
    std::cout << "Done. Files are in " << output.string() << "/ ; run state in " << state.string()
              << "\nNext: copy a workflow from examples/workflows/, point it at your accounts with ${env:...} "
                 "credentials, and `photobridge run` it (see sdk-docs/workflows.md).\n";
    mock->stop();
    return worst;
}

}  // namespace

int run_demo_command(const GlobalOptions& globals, const DemoOptions& options) { return run_demo(globals, options); }

}  // namespace photobridge::cli
