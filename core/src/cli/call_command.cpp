// `photobridge call PLUGIN OPERATION`: one operation (or one stream page)
// on one plugin instance, result JSON on stdout, bytes to --out.
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/plugin_loading.hpp"
#include "host/config_values.hpp"
#include "common/json_pretty.hpp"
#include "host/plugin_instance.hpp"

#include <photobridge/sdk/error.hpp>

#include <boost/json.hpp>
#include <toml++/toml.h>

#include <fstream>
#include <iostream>
#include <sstream>

namespace photobridge::cli {
namespace {

// A usage or validation problem: reported, exit code 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string read_file(const std::string& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UsageError(std::string(what) + " '" + path + "' cannot be read");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// --config FILE: a TOML table (*.toml) or a JSON object (anything else).
boost::json::object config_from_file(const std::string& path) {
    const std::string text = read_file(path, "config file");
    if (path.size() > 5 && path.substr(path.size() - 5) == ".toml") {
        try {
            const toml::table table = toml::parse(text, path);
            std::stringstream ss;
            ss << toml::json_formatter{table};
            return boost::json::parse(ss.str()).as_object();
        } catch (const toml::parse_error& e) {
            const auto& b = e.source().begin;
            throw UsageError(path + ":" + std::to_string(b.line) + ":" + std::to_string(b.column) + ": " +
                             std::string(e.description()));
        }
    }
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    if (ec || !v.is_object()) throw UsageError(path + ": not a JSON object" + (ec ? " (" + ec.message() + ")" : ""));
    return std::move(v.as_object());
}

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

        boost::json::object config = o.config_file.empty() ? boost::json::object{} : config_from_file(o.config_file);
        for (const auto& set : o.sets) {
            const auto eq = set.find('=');
            if (eq == std::string::npos || eq == 0) throw UsageError("--set expects key=value, got '" + set + "'");
            try {
                config[set.substr(0, eq)] = host::typed_config_value(manifest, set.substr(0, eq), set.substr(eq + 1));
            } catch (const std::invalid_argument& e) {
                throw UsageError(e.what());
            }
        }
        boost::system::error_code ec;
        boost::json::value request = boost::json::parse(o.input, ec);
        if (ec || !request.is_object())
            throw UsageError("--input must be a JSON object" + (ec ? " (" + ec.message() + ")" : std::string()));
        const std::string bytes = o.in_file.empty() ? std::string() : read_file(o.in_file, "--in-file");

        const host::PluginInstance instance(plugin, config);
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
        std::cerr << "photobridge: error: " << o.plugin << "." << o.operation << ": " << sdk::status_name(e.code());
        if (e.http_status() != 0) std::cerr << " (HTTP " << e.http_status() << ")";
        if (!e.provider_code().empty()) std::cerr << " [" << e.provider_code() << "]";
        std::cerr << ": " << e.what() << "\n";
        return e.code() == PB_ERR_INVALID_ARGUMENT || e.code() == PB_ERR_UNSUPPORTED ? kExitUsage : kExitFailure;
    }
}

}  // namespace

int run_call_command(const GlobalOptions& globals, const CallOptions& options) {
    GlobalOptions merged = globals;
    merged.plugin_dirs.insert(merged.plugin_dirs.begin(), options.plugin_dirs.begin(), options.plugin_dirs.end());
    return run_call(merged, options);
}

}  // namespace photobridge::cli
