// `photobridge call PLUGIN OPERATION`: one operation (or one stream page)
// on one plugin instance, result JSON on stdout, bytes to --out.
#include "cli/command.hpp"
#include "cli/command_inputs.hpp"
#include "cli/exit_codes.hpp"
#include "cli/plugin_call_errors.hpp"
#include "cli/plugin_loading.hpp"
#include "common/json_pretty.hpp"
#include "host/plugin_instance.hpp"

#include <boost/json.hpp>

#include <fstream>
#include <iostream>

namespace photobridge::cli {
namespace {

int run_call(const GlobalOptions& globals, const CallOptions& o) {
    try {
        const host::PluginRegistry registry = load_registry(globals);
        const auto plugin = registry.find(o.plugin);
        if (!plugin) throw UsageError("no plugin with id '" + o.plugin + "' (see `photobridge plugins`)");
        const sdk::Manifest& manifest = *plugin->manifest;
        if (!manifest.operation(o.operation) && !manifest.stream(o.operation)) {
            std::string known;
            for (const char* section : {"operations", "streams"})
                if (const auto* s = manifest.section(section))
                    for (const auto& [k, _] : *s) known += (known.empty() ? "" : ", ") + std::string(k);
            throw UsageError(o.plugin + " has no operation or stream '" + o.operation + "' (known: " + known + ")");
        }

        const boost::json::object config = connection_config(manifest, o.config_file, o.sets);
        const boost::json::object request = json_object_argument(o.input, "--input");
        const std::string bytes = o.in_file.empty() ? std::string() : read_input_file(o.in_file, "--in-file");

        host::InstanceOptions instance_options;
        instance_options.isolation = isolation_from_option(o.isolation);
        const host::PluginInstance instance(plugin, config, std::move(instance_options));
        host::InvokeResult result = instance.invoke(o.operation, request, bytes);
        std::cout << common::pretty_json(result.json);
        if (!result.bytes.empty()) {
            if (o.out_file.empty()) {
                std::cerr << "photobridge: " << result.bytes.size() << " bytes of output not written (use --out FILE)\n";
            } else {
                std::ofstream out(o.out_file, std::ios::binary | std::ios::trunc);
                out.write(result.bytes.data(), static_cast<std::streamsize>(result.bytes.size()));
                if (!out) {
                    std::cerr << "photobridge: error: cannot write '" << o.out_file << "'\n";
                    return kExitFailure;
                }
                std::cerr << "photobridge: wrote " << result.bytes.size() << " bytes to " << o.out_file << "\n";
            }
        }
        return kExitOk;
    } catch (const UsageError& e) {
        std::cerr << "photobridge: error: " << e.what() << "\n";
        return kExitUsage;
    } catch (const host::InvokeError& e) {
        return report_plugin_call_error(o.plugin + "." + o.operation, e);
    }
}

}  // namespace

int run_call_command(const GlobalOptions& globals, const CallOptions& options) {
    return run_call(with_plugin_dirs(globals, options.plugin_dirs), options);
}

}  // namespace photobridge::cli
