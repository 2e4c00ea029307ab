#include "cli/command_inputs.hpp"

#include "host/config_values.hpp"

#include <boost/json.hpp>
#include <toml++/toml.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace photobridge::cli {
namespace {

boost::json::object config_from_file(const std::string& path) {
    const std::string text = read_input_file(path, "config file");
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

}  // namespace

std::string read_input_file(const std::string& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UsageError(std::string(what) + " '" + path + "' cannot be read");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

boost::json::object connection_config(const sdk::Manifest& manifest, const std::string& config_file,
                                      const std::vector<std::string>& sets) {
    boost::json::object config = config_file.empty() ? boost::json::object{} : config_from_file(config_file);
    for (const auto& set : sets) {
        const auto eq = set.find('=');
        if (eq == std::string::npos || eq == 0) throw UsageError("--set expects key=value, got '" + set + "'");
        try {
            config[set.substr(0, eq)] = host::typed_config_value(manifest, set.substr(0, eq), set.substr(eq + 1));
        } catch (const std::invalid_argument& e) {
            throw UsageError(e.what());
        }
    }
    return config;
}

boost::json::object json_object_argument(const std::string& text, const char* what) {
    boost::system::error_code ec;
    boost::json::value value = boost::json::parse(text, ec);
    if (ec || !value.is_object())
        throw UsageError(std::string(what) + " must be a JSON object" + (ec ? " (" + ec.message() + ")" : std::string()));
    return std::move(value.as_object());
}

}  // namespace photobridge::cli
