#include "workflow/workflow_loader.hpp"

#include "workflow/composite_steps.hpp"
#include "workflow/toml_reading.hpp"
#include "workflow/workflow_graph.hpp"
#include "workflow/workflow_parser.hpp"
#include "workflow/workflow_validation.hpp"
#include "host/secret_redactor.hpp"

namespace photobridge::workflow_file {

namespace {

LoadResult load_checked(const std::filesystem::path& file, const host::PluginRegistry& registry, const EnvLookup& env) {
    LoadResult result;
    Diagnostics diagnostics;
    std::optional<TomlDocument> doc = TomlDocument::parse(file, diagnostics);
    if (!doc) {
        result.diagnostics = diagnostics.sorted();
        return result;
    }
    ParseNotes notes;
    Workflow wf = parse_workflow(*doc, env, declared_composite_steps(registry), diagnostics, notes);
    const PluginFacts facts = check_plugin_references(wf, *doc, notes, registry, diagnostics);
    check_workflow_graph(wf, *doc, notes, facts, diagnostics);

    result.diagnostics = diagnostics.sorted();
    // Defence in depth: no message may carry a secret, whatever produced it.
    host::SecretRedactor redactor;
    for (const auto& v : notes.sensitive_values) redactor.add(v);
    if (!redactor.empty())
        for (auto& d : result.diagnostics) d.message = redactor.redact(d.message);
    if (result.diagnostics.empty()) {
        expand_composite_steps(wf, registry);  // after every check: messages name the steps as written
        wf.sensitive_values = std::move(notes.sensitive_values);
        result.workflow = std::move(wf);
    }
    return result;
}

}  // namespace

LoadResult load_workflow(const std::filesystem::path& file, const host::PluginRegistry& registry,
                         const EnvLookup& env) {
    try {
        return load_checked(file, registry, env);
    } catch (const std::exception& e) {
        // A bug, not bad input: still a diagnostic (exit 2), never a crash.
        // The message cannot carry secrets: no pass puts values into exceptions.
        LoadResult result;
        result.diagnostics.push_back(
            {SourcePosition{file.string(), 1, 1}, std::string("internal error while validating: ") + e.what()});
        return result;
    }
}

}  // namespace photobridge::workflow_file
