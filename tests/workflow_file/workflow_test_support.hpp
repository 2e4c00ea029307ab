// Shared by the workflow_file tests: a plugin registry with exactly the
// hello example, the studio fixture and generative_photos (so messages
// listing known plugins do not depend on which providers are built), an injected environment,
// and temporary workflow files.
#pragma once

#include "workflow/env_references.hpp"
#include "workflow/workflow_loader.hpp"
#include "host/plugin_registry.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>
#include <unistd.h>

namespace photobridge::testing {

inline const host::PluginRegistry& fixture_registry() {
    static const host::PluginRegistry registry = [] {
        host::PluginRegistry r;
        r.load_file(std::filesystem::path(PHOTOBRIDGE_PLUGIN_OUTPUT_DIR) / "photobridge-hello.so");
        // The one provider plugin here: the built-in generative_photos.variant step needs its manifest.
        r.load_file(std::filesystem::path(PHOTOBRIDGE_PLUGIN_OUTPUT_DIR) / "photobridge-generative_photos.so");
        r.load_directory(WORKFLOW_FIXTURE_PLUGIN_DIR);
        return r;
    }();
    return registry;
}

// The environment every catalogue file sees.
inline const std::map<std::string, std::string>& fixture_env_values() {
    static const std::map<std::string, std::string> values = {
        {"STUDIO_TOKEN", "studio-secret-token-0451"},
        {"HELLO_TOKEN", "hello-secret-token-9981"},
        {"STUDIO_MODE", "staging-secret-mode-7733"},  // not an allowed mode: tests masking
        {"STUDIO_TIMEOUT", "2500"},
        {"NOT_A_NUMBER", "twelve-seconds-secret"},
    };
    return values;
}

inline workflow_file::EnvLookup env_from(std::map<std::string, std::string> values) {
    return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
        auto it = values.find(std::string(name));
        if (it == values.end()) return std::nullopt;
        return it->second;
    };
}

inline workflow_file::EnvLookup fixture_env() { return env_from(fixture_env_values()); }

// A workflow file with `text`, removed by the destructor.
class TempWorkflow {
public:
    explicit TempWorkflow(const std::string& text) {
        static std::atomic<int> counter{0};
        path_ = std::filesystem::temp_directory_path() /
                ("pb-wf-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".toml");
        std::ofstream(path_) << text;
    }
    ~TempWorkflow() {
        std::error_code ec;
        std::filesystem::remove(path_, ec);
    }
    TempWorkflow(const TempWorkflow&) = delete;
    TempWorkflow& operator=(const TempWorkflow&) = delete;
    const std::filesystem::path& path() const { return path_; }
    workflow_file::LoadResult load(const workflow_file::EnvLookup& env = fixture_env()) const {
        return workflow_file::load_workflow(path_, fixture_registry(), env);
    }

private:
    std::filesystem::path path_;
};

// The catalogue of broken workflows: broken/*.toml, sorted by name.
inline std::filesystem::path catalogue_dir() { return std::filesystem::path(WORKFLOW_FILE_TEST_DIR) / "broken"; }
inline std::vector<std::filesystem::path> catalogue_files() {
    std::vector<std::filesystem::path> out;
    for (const auto& entry : std::filesystem::directory_iterator(catalogue_dir()))
        if (entry.path().extension() == ".toml") out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

// All diagnostics as "LINE:COLUMN: message" lines (the file name dropped).
inline std::string diagnostics_text(const workflow_file::LoadResult& r) {
    std::string out;
    for (const auto& d : r.diagnostics)
        out += std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + ": " + d.message + "\n";
    return out;
}

}  // namespace photobridge::testing
