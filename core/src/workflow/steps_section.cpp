// One section of the workflow file read into the model; the pass as a
// whole is described in workflow_parser.hpp. Shared helpers: parse_session.hpp.
#include "workflow/parse_session.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>

namespace photobridge::workflow_file {
namespace json = boost::json;
namespace {

// The built-in step kinds, in Step::Kind order; composite steps are named
// "PLUGIN.STEP" after the plugin that declares them.
const std::vector<std::string> kStepKinds = {"download", "invoke", "filter"};
const std::vector<std::string> kStepCommonKeys = {"use", "id", "after", "when"};
const std::vector<std::string> kDownloadKeys = {"variant"};
const std::vector<std::string> kInvokeKeys = {"connection", "operation", "params", "send_bytes", "keep_bytes"};

bool listed(const std::vector<std::string>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::vector<std::string> concat(std::initializer_list<const std::vector<std::string>*> lists) {
    std::vector<std::string> out;
    for (const auto* l : lists) out.insert(out.end(), l->begin(), l->end());
    return out;
}

// "'KEY' applies to invoke steps, not USE steps", or nullopt when KEY is
// no built-in step's key.
std::optional<std::string> other_kind_hint(std::string_view key, const std::string& use_name) {
    std::string owner;
    if (listed(kDownloadKeys, key)) owner = "download";
    else if (listed(kInvokeKeys, key)) owner = "invoke";
    else return std::nullopt;
    std::string hint = "'";
    hint.append(key).append("' applies to ").append(owner).append(" steps, not ").append(use_name).append(" steps");
    return hint;
}

// A composite step's own settings: every key that is no step key, as JSON
// (checked against the plugin's declaration by workflow_validation.cpp).
bool read_composite_params(ParseSession& p, TomlTableReader& r, const toml::table& t, json::object& out) {
    bool ok = true;
    for (auto&& [k, node] : t) {
        const std::string key(k.str());
        if (listed(kStepCommonKeys, key) || key == "connection" || other_kind_hint(key, "").has_value()) continue;
        r.accept(key);
        const std::string kp = r.child(key);
        if (const auto* f = node.as_floating_point(); f != nullptr && !std::isfinite(f->get())) {
            p.error(kp, "must be a finite number");
            ok = false;
            continue;
        }
        if (const auto* text = node.as_string(); text != nullptr && has_env_reference(text->get())) {
            p.error(kp, "${env:...} is only resolved in [connections.*] settings; put the value there or write it "
                        "here literally");
            ok = false;
            continue;
        }
        std::string problem;
        if (auto v = toml_to_json(node, problem)) {
            out[key] = std::move(*v);
        } else {
            p.error(kp, problem);
            ok = false;
        }
    }
    return ok;
}

// download's `variant`: one name, "*" (every media entry) or a list of
// distinct names.
void read_variant_selection(ParseSession& p, const toml::node& node, const std::string& path, Step& s) {
    if (const auto* name = node.as_string()) {
        const std::string& text = name->get();
        if (text.empty()) p.error(path, "must not be empty");
        else if (text == "*") s.every_variant = true;
        else s.variant = text;
        return;
    }
    const auto* list = node.as_array();
    if (list == nullptr) {
        p.error(path, "expected a variant name, \"*\" (every media entry) or a list of names");
        return;
    }
    if (list->empty()) p.error(path, "must name at least one variant (or be \"*\" for every media entry)");
    std::vector<std::string> names;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string at = element_path(path, i);
        const auto* name = (*list)[i].as_string();
        if (name == nullptr || name->get().empty()) {
            p.error(at, "expected a non-empty variant name");
            return;
        }
        if (name->get() == "*") {
            p.error(at, "\"*\" stands alone: write variant = \"*\" for every media entry");
            return;
        }
        if (listed(names, name->get())) {
            p.error(at, "variant '" + name->get() + "' is listed twice");
            return;
        }
        names.push_back(name->get());
    }
    s.variant_list = std::move(names);
}

void read_step(ParseSession& p, const toml::table& t, const std::string& path) {
    TomlTableReader r(p.doc, t, path, p.out);
    Step s;
    s.where = p.doc.value_at(path);
    bool usable = true;
    std::optional<Step::Kind> kind;
    std::string use_name;
    if (auto use = r.string("use", true)) {
        if (*use == "download") kind = Step::Kind::download;
        else if (*use == "invoke") kind = Step::Kind::invoke;
        else if (*use == "filter") kind = Step::Kind::filter;
        else if (use->find('.') != std::string::npos || listed(p.composite_steps, *use)) kind = Step::Kind::composite;
        else r.error_at_value("use", "unknown step '" + *use + "'" +
                                         p.one_of_suffix(*use, concat({&kStepKinds, &p.composite_steps})));
        if (kind) use_name = *use;
    }
    if (!kind) usable = false;
    s.kind = kind.value_or(Step::Kind::filter);

    if (auto id = r.string("id")) {
        if (!is_name(*id, false, "_", "_-"))
            r.error_at_value("id", "step ids are letters, digits, '_' and '-', starting with a letter or '_' "
                                   "(templates read them as steps.<id>)");
        else if (*id == "source")
            r.error_at_value("id", "'source' is reserved (after = \"source\" names the source)");
        else
            s.id = *id;
    }
    bool after_written = false;
    if (auto after = r.string("after")) {
        s.after = *after == "source" ? std::string() : *after;
        after_written = true;
    }
    if (const toml::node* when = r.get("when", kind == Step::Kind::filter)) {
        if (auto c = p.condition(*when, r.child("when"))) s.when = std::move(*c);
    }
    bool params_parsed = true;
    json::object params;
    if (kind == Step::Kind::download) {
        if (const toml::node* v = r.get("variant")) read_variant_selection(p, *v, r.child("variant"), s);
    } else if (kind == Step::Kind::invoke) {
        if (auto c = r.string("connection")) {
            s.connection = *c;
            if (!p.connection_known(*c, r.child("connection"))) usable = false;
        }
        if (auto op = r.string("operation", true)) s.operation = *op;
        else usable = false;
        if (const toml::table* table = r.table("params")) {
            auto literal = p.literal_params(*table, r.child("params"), true);
            if (literal) params = std::move(*literal);
            else params_parsed = false;
        }
        if (auto b = r.boolean("send_bytes")) s.send_bytes = *b;
        if (auto b = r.boolean("keep_bytes")) s.keep_bytes_from_result = *b;
    } else if (kind == Step::Kind::composite) {
        // Which plugin declares it, and what its settings must be, is
        // checked against the manifest in workflow_validation.cpp.
        s.composite = use_name;
        if (auto c = r.string("connection", true)) {
            s.connection = *c;
            if (!p.connection_known(*c, r.child("connection"))) usable = false;
        } else {
            usable = false;
        }
        if (!read_composite_params(p, r, t, s.composite_params)) usable = false;
    }
    if (params_parsed) s.params = RecordTemplateObject(params);

    const std::vector<std::string>* specific = kind == Step::Kind::download ? &kDownloadKeys
                                               : kind == Step::Kind::invoke ? &kInvokeKeys
                                                                            : nullptr;
    std::vector<std::string> expected = specific ? concat({&kStepCommonKeys, specific}) : kStepCommonKeys;
    if (kind == Step::Kind::composite) expected.push_back("connection");
    r.report_unknown(expected, [&](std::string_view key) -> std::optional<std::string> {
        if (!kind) {  // `use` is broken: do not guess which keys belong
            if (other_kind_hint(key, "").has_value()) return std::string("");
            return std::nullopt;
        }
        return other_kind_hint(key, use_name);
    });
    p.wf.steps.push_back(std::move(s));
    p.notes.steps.push_back(PartNotes{usable, std::move(params), params_parsed, after_written});
}

}  // namespace

// ---- [[steps]]
void read_steps_section(ParseSession& p, const toml::node& node) {
    const toml::array* a = p.array_of_tables(node, "steps");
    if (a == nullptr) return;
    for (std::size_t i = 0; i < a->size(); ++i) read_step(p, *(*a)[i].as_table(), element_path("steps", i));
}

}  // namespace photobridge::workflow_file
