// The parse of a whole workflow file: the top-level sections in order
// (each read by its own *_section.cpp), then the defaults that link them
// (ids, `after`). Contract: workflow_parser.hpp.
#include "workflow/parse_session.hpp"

namespace photobridge::workflow_file {
namespace {

const std::vector<std::string> kTopKeys = {"workflow", "connections", "source", "steps", "sinks", "policy", "trigger"};
const std::vector<std::string> kWorkflowKeys = {"name", "description"};

// ---- [workflow]
void read_workflow_table(ParseSession& p, const toml::table& t) {
    TomlTableReader r(p.doc, t, "workflow", p.out);
    if (auto name = r.string("name", true)) {
        if (name->empty() || name->size() > 100 || !is_name(*name, true, "", "_.-"))
            r.error_at_value("name", "must be 1 to 100 letters, digits, '-', '_' or '.', starting with a letter "
                                     "or digit (it names the workflow's state)");
        else
            p.wf.name = *name;
    }
    if (auto d = r.string("description")) p.wf.description = *d;
    r.report_unknown(kWorkflowKeys);
}

// ---- ids, defaults and duplicates
void fill_ids_and_links(ParseSession& p) {
    std::map<std::string, std::size_t> step_ids;
    for (std::size_t i = 0; i < p.wf.steps.size(); ++i) {
        Step& s = p.wf.steps[i];
        const bool written = !s.id.empty();
        if (!written) s.id = "step" + std::to_string(i + 1);
        auto [it, fresh] = step_ids.emplace(s.id, i);
        if (!fresh) {
            const std::string at = element_path("steps", i);
            const std::string other = element_path("steps", it->second);
            if (written)
                p.error(child_path(at, "id"), "duplicate step id '" + s.id + "' (" + other + " has it too)");
            else
                p.error(at, "this step's default id '" + s.id + "' is taken by " + other + "; give one of them another id");
            p.notes.steps[i].usable = false;
        }
        if (s.kind == Step::Kind::invoke && s.connection.empty()) s.connection = p.wf.source.connection;
    }
    for (std::size_t i = 0; i < p.wf.steps.size(); ++i)
        if (!p.notes.steps[i].after_written) p.wf.steps[i].after = i == 0 ? std::string() : p.wf.steps[i - 1].id;

    std::map<std::string, std::size_t> sink_ids;
    for (std::size_t i = 0; i < p.wf.sinks.size(); ++i) {
        Sink& s = p.wf.sinks[i];
        const bool written = !s.id.empty();
        if (!written) s.id = s.connection + "." + s.action;
        if (!p.notes.sinks[i].after_written) s.after = p.wf.steps.empty() ? std::string() : p.wf.steps.back().id;
        if (!p.notes.sinks[i].usable) continue;
        auto [it, fresh] = sink_ids.emplace(s.id, i);
        if (!fresh) {
            const std::string at = element_path("sinks", i);
            const std::string other = element_path("sinks", it->second);
            if (written)
                p.error(child_path(at, "id"), "duplicate sink id '" + s.id + "' (" + other + " has it too)");
            else
                p.error(at, "sink id '" + s.id + "' is also the id of " + other +
                             "; give each sink writing to the same action an id = \"...\"");
        }
    }
}

}  // namespace

Workflow parse_workflow(const TomlDocument& doc, const EnvLookup& env, const std::vector<std::string>& composite_steps,
                        Diagnostics& out, ParseNotes& notes) {
    ParseSession p{doc, env, out, notes, composite_steps, {}};
    p.wf.file = doc.file();
    TomlTableReader top(doc, doc.root(), "", out);
    const toml::table* workflow = top.table("workflow");
    if (workflow != nullptr) read_workflow_table(p, *workflow);
    else if (top.get("workflow") == nullptr) p.missing_top("workflow", "[workflow] with a name");

    const toml::table* connections = top.table("connections");
    if (connections != nullptr) read_connections_section(p, *connections);
    else if (top.get("connections") == nullptr) p.missing_top("connections", "at least one [connections.NAME]");

    const toml::table* source = top.table("source");
    if (source != nullptr) read_source_section(p, *source);
    else if (top.get("source") == nullptr) p.missing_top("source", "[source] with a connection and a stream");

    if (const toml::node* steps = top.get("steps")) read_steps_section(p, *steps);

    const toml::node* sinks = top.get("sinks");
    if (sinks != nullptr) read_sinks_section(p, *sinks);
    else p.missing_top("sinks", "at least one [[sinks]]");

    if (const toml::table* policy = top.table("policy")) read_policy_section(p, *policy);
    else p.wf.policy.key = RecordTemplate("{provider}:{id}");

    if (const toml::table* trigger = top.table("trigger")) read_trigger_section(p, *trigger);

    top.report_unknown(kTopKeys);
    fill_ids_and_links(p);
    return std::move(p.wf);
}

}  // namespace photobridge::workflow_file
