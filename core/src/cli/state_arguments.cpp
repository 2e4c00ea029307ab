#include "cli/state_arguments.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace photobridge::cli {
namespace {

std::string known_list(const std::vector<std::string>& names) {
    if (names.empty()) return "the store knows no workflow yet";
    std::string out = "known:";
    for (const auto& n : names) out += " " + n;
    return out;
}

}  // namespace

WorkflowArgument resolve_workflow(const std::string& argument) {
    std::error_code ec;
    const bool is_file = std::filesystem::is_regular_file(argument, ec);
    if (!is_file) {
        if (argument.size() > 5 && argument.compare(argument.size() - 5, 5, ".toml") == 0)
            throw UsageError("workflow file '" + argument + "' not found");
        if (argument.empty()) throw UsageError("WORKFLOW must not be empty");
        return {argument, ""};
    }
    std::ifstream in(argument, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) throw UsageError("workflow file '" + argument + "' cannot be read");
    try {
        const toml::table table = toml::parse(text.str(), argument);
        const auto name = table["workflow"]["name"];
        if (const auto* value = name.as_string()) {
            if (value->get().empty()) {
                const auto& b = value->source().begin;
                throw UsageError(argument + ":" + std::to_string(b.line) + ":" + std::to_string(b.column) +
                                 ": [workflow] name must not be empty");
            }
            return {value->get(), argument};
        }
        if (const auto* node = name.node()) {
            const auto& b = node->source().begin;
            throw UsageError(argument + ":" + std::to_string(b.line) + ":" + std::to_string(b.column) +
                             ": [workflow] name must be a string");
        }
        throw UsageError(argument + ":1:1: [workflow] name is missing");
    } catch (const toml::parse_error& e) {
        const auto& b = e.source().begin;
        throw UsageError(argument + ":" + std::to_string(b.line) + ":" + std::to_string(b.column) + ": " +
                         std::string(e.description()));
    }
}

std::unique_ptr<state::StateBackend> open_existing(const std::string& location) {
    return state::open_existing_state_backend(location);
}


void require_known(state::StateBackend* store, const std::string& location, const WorkflowArgument& w) {
    const auto names = store ? store->workflows() : std::vector<std::string>{};
    if (std::find(names.begin(), names.end(), w.name) != names.end()) return;
    std::string message = "no state for workflow '" + w.name + "'";
    if (!w.file.empty()) message += " (the [workflow] name in " + w.file + ")";
    message += " in " + state::state_location_for_people(location);
    if (!store) message += " (no state database there yet)";
    else message += "; " + known_list(names);
    throw UsageError(message);
}

bool confirmed(const std::string& question, bool yes) {
    if (yes) return true;
    if (!::isatty(STDIN_FILENO))
        throw UsageError(question + ": refusing without confirmation (pass --yes)");
    std::cerr << question << "? [y/N] " << std::flush;
    std::string answer;
    std::getline(std::cin, answer);
    return answer == "y" || answer == "Y" || answer == "yes";
}

std::string one_line(std::string text, std::size_t max) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    std::replace(text.begin(), text.end(), '\r', ' ');
    if (text.size() > max) text = text.substr(0, max - 3) + "...";
    return text;
}

}  // namespace photobridge::cli
