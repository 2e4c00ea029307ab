// `photobridge validate FILE...`: checks workflow files without running
// anything or touching state. Per valid file an ok line on stdout
// ("FILE: ok (workflow NAME: CONN.STREAM -> N steps -> M sinks)", then per
// sink its guarantee: "  sink ID: exactly once (...)"); every
// error as "FILE:LINE:COLUMN: message" on stderr; exit 2 if any file has one.
// A plugin factory's definition file (NAME.provider.toml) is checked by its
// factory: "FILE: ok (plugin ID from FACTORY: N streams, M operations)", or every problem as
// "FILE:LINE:COLUMN: message".
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/plugin_loading.hpp"
#include "engine/sink_guarantees.hpp"
#include "host/definition_files.hpp"
#include "host/invoke_error.hpp"
#include "workflow/workflow_loader.hpp"

#include <algorithm>
#include <iostream>
#include <memory>

namespace photobridge::cli {
namespace {

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// A definition file, by its factory. False when it has problems.
bool validate_definition_file(const host::LoadedPluginPtr& factory, const std::string& file) {
    std::vector<host::DefinitionProblem> problems;
    try {
        problems = host::validate_definition(*factory, file);
    } catch (const host::InvokeError& e) {
        std::cerr << file << ": " << e.what() << "\n";
        return false;
    }
    if (!problems.empty()) {
        for (const auto& p : problems)
            std::cerr << file << ":" << p.line << ":" << p.column << ": " << p.message << "\n";
        std::cerr << file << ": " << plural(problems.size(), "error", "errors") << "\n";
        return false;
    }
    const host::LoadOutcome loaded = host::load_factory_plugin(factory, file);
    if (!loaded.plugin) {
        std::cerr << loaded.problem << "\n";
        return false;
    }
    const auto count = [&](const char* key) -> std::size_t {
        const auto* entries = loaded.plugin->manifest->document().if_contains(key);
        return entries != nullptr && entries->is_object() ? entries->get_object().size() : 0;
    };
    std::cout << file << ": ok (plugin " << loaded.plugin->id << " from " << factory->id << ": "
              << plural(count("streams"), "stream", "streams") << ", "
              << plural(count("operations"), "operation", "operations") << ")\n";
    return true;
}

int validate_files(const GlobalOptions& globals, const std::vector<std::string>& files) {
    const host::PluginRegistry registry = load_registry(globals);
    bool all_ok = true;
    for (const auto& file : files) {
        if (const auto factory = host::factory_for(registry, file)) {
            all_ok = validate_definition_file(factory, file) && all_ok;
            continue;
        }
        const workflow_file::LoadResult result = workflow_file::load_workflow(file, registry);
        if (!result.workflow) {
            all_ok = false;
            for (const auto& d : result.diagnostics) std::cerr << d.str() << "\n";
            std::cerr << file << ": " << plural(result.diagnostics.size(), "error", "errors") << "\n";
            continue;
        }
        const model::Workflow& wf = *result.workflow;
        if (const auto violations = engine::guarantee_violations(wf, registry); !violations.empty()) {
            all_ok = false;
            for (const auto& v : violations) std::cerr << v << "\n";
            std::cerr << file << ": " << plural(violations.size(), "error", "errors") << "\n";
            continue;
        }
        std::cout << file << ": ok (workflow " << wf.name << ": " << wf.source.connection << "." << wf.source.stream
                  << " -> " << plural(wf.steps.size(), "step", "steps") << " -> "
                  << plural(wf.sinks.size(), "sink", "sinks") << ")\n";
        for (const auto& g : engine::workflow_guarantees(wf, registry))
            std::cout << "  sink " << g.sink_id << ": " << g.guarantee.text << "\n";
    }
    return all_ok ? kExitOk : kExitUsage;
}

}  // namespace

int run_validate_command(const GlobalOptions& globals, const ValidateOptions& options) {
    return validate_files(globals, options.files);
}

}  // namespace photobridge::cli
