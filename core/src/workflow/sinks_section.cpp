// One section of the workflow file read into the model; the pass as a
// whole is described in workflow_parser.hpp. Shared helpers: parse_session.hpp.
#include "workflow/parse_session.hpp"

namespace photobridge::workflow_file {
namespace json = boost::json;
namespace {

const std::vector<std::string> kSinkKeys = {"connection", "action", "params", "when", "id", "after"};

void read_sink(ParseSession& p, const toml::table& t, const std::string& path) {
    TomlTableReader r(p.doc, t, path, p.out);
    Sink s;
    s.where = p.doc.value_at(path);
    bool usable = true;
    if (auto c = r.string("connection", true)) {
        s.connection = *c;
        if (!p.connection_known(*c, r.child("connection"))) usable = false;
    } else {
        usable = false;
    }
    if (auto a = r.string("action", true)) s.action = *a;
    else usable = false;
    if (auto id = r.string("id")) {
        if (!is_name(*id, true, "_", "_.-"))
            r.error_at_value("id", "sink ids are letters, digits, '_', '-' and '.'");
        else
            s.id = *id;
    }
    bool after_written = false;
    if (auto after = r.string("after")) {
        s.after = *after == "source" ? std::string() : *after;
        after_written = true;
    }
    bool params_parsed = true;
    json::object params;
    if (const toml::table* table = r.table("params")) {
        auto literal = p.literal_params(*table, r.child("params"), true);
        if (literal) params = std::move(*literal);
        else params_parsed = false;
    }
    if (params_parsed) s.params = RecordTemplateObject(params);
    if (const toml::node* when = r.get("when")) {
        if (auto c = p.condition(*when, r.child("when"))) s.when = std::move(*c);
    }
    r.report_unknown(kSinkKeys);
    p.wf.sinks.push_back(std::move(s));
    p.notes.sinks.push_back(PartNotes{usable, std::move(params), params_parsed, after_written});
}

}  // namespace

// ---- [[sinks]]
void read_sinks_section(ParseSession& p, const toml::node& node) {
    const toml::array* a = p.array_of_tables(node, "sinks");
    if (a == nullptr) return;
    if (a->empty()) p.error("sinks", "needs at least one [[sinks]] table");
    for (std::size_t i = 0; i < a->size(); ++i) read_sink(p, *(*a)[i].as_table(), element_path("sinks", i));
}

}  // namespace photobridge::workflow_file
