#include "engine/workflow_parser.hpp"

#include "engine/did_you_mean.hpp"
#include "engine/record_path.hpp"
#include "engine/toml_table_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <charconv>

namespace photobridge::engine {
namespace json = boost::json;
namespace {

const std::vector<std::string> kTopKeys = {"workflow", "connections", "source", "steps", "sinks", "policy", "trigger"};
const std::vector<std::string> kTriggerKeys = {"webhook", "every"};
const std::vector<std::string> kWorkflowKeys = {"name", "description"};
const std::vector<std::string> kSourceKeys = {"connection", "stream", "params", "page_size", "since", "where"};
const std::vector<std::string> kStepKinds = {"download", "invoke", "filter", "generative_photos.variant"};  // Step::Kind order
const std::vector<std::string> kStepCommonKeys = {"use", "id", "after", "when"};
const std::vector<std::string> kDownloadKeys = {"variant"};
const std::vector<std::string> kInvokeKeys = {"connection", "operation", "params", "send_bytes", "keep_bytes"};
const std::vector<std::string> kGenerativeVariantKeys = {"connection", "move", "param", "timeout_ms"};
const std::vector<std::string> kSinkKeys = {"connection", "action", "params", "when", "id", "after"};
const std::vector<std::string> kPolicyKeys = {"key",        "concurrency",    "on_error",      "retry",
                                              "rate_limit", "timeout_ms",     "resync_changed", "queue_capacity"};
const std::vector<std::string> kRetryKeys = {"attempts", "backoff_ms", "max_backoff_ms"};
const std::vector<std::string> kOnErrorValues = {"fail", "skip", "dead-letter"};

std::vector<std::string> concat(std::initializer_list<const std::vector<std::string>*> lists) {
    std::vector<std::string> out;
    for (const auto* l : lists) out.insert(out.end(), l->begin(), l->end());
    return out;
}

// Names and ids: `first` allowed as the first character, `rest` after it
// (each a set of punctuation besides letters and digits; `first_digit`
// says whether a digit may start). Hand-written, not std::regex: a huge
// value in a file must not cost stack.
bool is_name(const std::string& text, bool first_digit, std::string_view first, std::string_view rest) {
    if (text.empty()) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (std::isalpha(c) != 0 && c < 128) continue;
        if (std::isdigit(c) != 0) {
            if (i == 0 && !first_digit) return false;
            continue;
        }
        if ((i == 0 ? first : rest).find(static_cast<char>(c)) == std::string_view::npos) return false;
    }
    return true;
}

// ISO 8601 date or date-time as `since` accepts it:
// YYYY-MM-DD[(T|t| )HH:MM[:SS[.fraction]][Z|z|(+|-)HH[:]MM]]
bool is_iso8601(const std::string& t) {
    std::size_t i = 0;
    const auto digits = [&](std::size_t n) {
        for (std::size_t k = 0; k < n; ++k, ++i)
            if (i >= t.size() || std::isdigit(static_cast<unsigned char>(t[i])) == 0) return false;
        return true;
    };
    const auto skip = [&](char c) {
        if (i < t.size() && t[i] == c) {
            ++i;
            return true;
        }
        return false;
    };
    if (!(digits(4) && skip('-') && digits(2) && skip('-') && digits(2))) return false;
    if (i == t.size()) return true;
    if (!(skip('T') || skip('t') || skip(' '))) return false;
    if (!(digits(2) && skip(':') && digits(2))) return false;
    if (skip(':')) {
        if (!digits(2)) return false;
        if (skip('.')) {
            std::size_t n = 0;
            while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])) != 0) ++i, ++n;
            if (n == 0 || n > 9) return false;
        }
    }
    if (i == t.size()) return true;
    if (skip('Z') || skip('z')) return i == t.size();
    if (!(skip('+') || skip('-'))) return false;
    if (!digits(2)) return false;
    skip(':');
    return digits(2) && i == t.size();
}

class Parser {
public:
    Parser(const TomlDocument& doc, const EnvLookup& env, Diagnostics& out, ParseNotes& notes)
        : doc_(doc), env_(env), out_(out), notes_(notes) {}

    Workflow run() {
        wf_.file = doc_.file();
        TomlTableReader top(doc_, doc_.root(), "", out_);
        const toml::table* workflow = top.table("workflow");
        if (workflow != nullptr) read_workflow(*workflow);
        else if (top.get("workflow") == nullptr) missing_top("workflow", "[workflow] with a name");

        const toml::table* connections = top.table("connections");
        if (connections != nullptr) read_connections(*connections);
        else if (top.get("connections") == nullptr) missing_top("connections", "at least one [connections.NAME]");

        const toml::table* source = top.table("source");
        if (source != nullptr) read_source(*source);
        else if (top.get("source") == nullptr) missing_top("source", "[source] with a connection and a stream");

        if (const toml::node* steps = top.get("steps")) read_steps(*steps);

        const toml::node* sinks = top.get("sinks");
        if (sinks != nullptr) read_sinks(*sinks);
        else missing_top("sinks", "at least one [[sinks]]");

        if (const toml::table* policy = top.table("policy")) read_policy(*policy);
        else wf_.policy.key = RecordTemplate("{provider}:{id}");

        if (const toml::table* trigger = top.table("trigger")) read_trigger(*trigger);

        top.report_unknown(kTopKeys);
        fill_ids_and_links();
        return std::move(wf_);
    }

private:
    void error(std::string_view path, std::string message) { out_.add(doc_.value_at(path), std::string(path) + ": " + message); }
    void error_at_key(std::string_view path, std::string message) {
        out_.add(doc_.key_at(path), std::string(path) + ": " + message);
    }
    void missing_top(const std::string& key, const std::string& what) {
        // There is no node to point at: the file's first line.
        out_.add(SourcePosition{doc_.file(), 1, 1}, "missing [" + key + "]: a workflow needs " + what);
    }

    // ---- [workflow]
    void read_workflow(const toml::table& t) {
        TomlTableReader r(doc_, t, "workflow", out_);
        if (auto name = r.string("name", true)) {
            if (name->empty() || name->size() > 100 || !is_name(*name, true, "", "_.-"))
                r.error_at_value("name", "must be 1 to 100 letters, digits, '-', '_' or '.', starting with a letter "
                                         "or digit (it names the workflow's state)");
            else
                wf_.name = *name;
        }
        if (auto d = r.string("description")) wf_.description = *d;
        r.report_unknown(kWorkflowKeys);
    }

    // ---- [connections.NAME]
    void read_connections(const toml::table& t) {
        if (t.empty()) error("connections", "needs at least one [connections.NAME] table");
        for (auto&& [k, node] : t) {
            const std::string name(k.str());
            const std::string path = child_path("connections", name);
            notes_.declared_connections.insert(name);
            if (!is_name(name, true, "_-", "_-")) {
                error_at_key(path, "connection names are letters, digits, '_' and '-'");
                continue;
            }
            const auto* table = node.as_table();
            if (table == nullptr) {
                error(path, "expected a table ([connections." + name + "] with plugin = \"...\"), got " +
                                toml_kind_name(node));
                continue;
            }
            Connection c;
            c.name = name;
            c.where = doc_.value_at(path);
            for (auto&& [key, value] : *table) {
                const std::string kp = child_path(path, key.str());
                if (key.str() == "plugin") {
                    if (const auto* s = value.as_string()) c.plugin = s->get();
                    else error(kp, "expected a string, got " + toml_kind_name(value));
                    continue;
                }
                auto v = connection_value(value, kp, name, std::string(key.str()));
                if (v) c.config[key.str()] = std::move(*v);
            }
            if (table->get("plugin") == nullptr) error(path, "missing required key 'plugin'");
            wf_.connections.emplace(name, std::move(c));
        }
    }

    // A connection setting with its ${env:...} references resolved.
    std::optional<json::value> connection_value(const toml::node& node, const std::string& path,
                                                const std::string& connection, const std::string& key) {
        if (const auto* s = node.as_string()) {
            const EnvResolution r = resolve_env_references(s->get(), env_);
            for (const auto& p : r.problems) out_.add(doc_.inside_string(path, p.offset), path + ": " + p.message);
            for (const auto& v : r.resolved) notes_.sensitive_values.push_back(v);
            if (!r.variables.empty())
                notes_.env_config_keys[connection][key] = r.whole ? r.variables.front() : std::string();
            if (!r.problems.empty()) {
                notes_.env_failed_keys[connection].insert(key);
                return json::value("");
            }
            return json::value(r.value);
        }
        if (const auto* a = node.as_array()) {
            json::array out;
            for (std::size_t i = 0; i < a->size(); ++i) {
                auto v = connection_value((*a)[i], element_path(path, i), connection, key);
                if (!v) return std::nullopt;
                out.push_back(std::move(*v));
            }
            return json::value(std::move(out));
        }
        if (const auto* t = node.as_table()) {
            json::object out;
            for (auto&& [k, child] : *t) {
                auto v = connection_value(child, child_path(path, k.str()), connection, key);
                if (!v) return std::nullopt;
                out[k.str()] = std::move(*v);
            }
            return json::value(std::move(out));
        }
        std::string problem;
        auto v = toml_to_json(node, problem);
        if (!v) error(path, problem);
        return v;
    }

    bool connection_known(const std::string& name, const std::string& path) {
        if (wf_.connections.count(name) != 0) return true;
        if (notes_.declared_connections.count(name) != 0) return false;  // written but broken: reported there
        std::vector<std::string> known;
        for (const auto& [n, _] : wf_.connections) known.push_back(n);
        error(path, "no connection named '" + name + "'" + suggestion_suffix(name, known));
        return false;
    }

    // ---- [source]
    void read_source(const toml::table& t) {
        TomlTableReader r(doc_, t, "source", out_);
        Source& s = wf_.source;
        s.where = doc_.value_at("source");
        bool usable = true;
        if (auto c = r.string("connection", true)) {
            s.connection = *c;
            usable = connection_known(*c, r.child("connection")) && usable;
        } else {
            usable = false;
        }
        if (auto stream = r.string("stream", true)) s.stream = *stream;
        else usable = false;
        if (const toml::table* params = r.table("params")) {
            auto literal = literal_params(*params, r.child("params"), /*templates=*/false);
            if (literal) notes_.source_params = *literal;
            else usable = false;
            s.params = notes_.source_params;
        }
        if (auto n = r.integer("page_size", 1, 100000)) s.page_size = *n;
        if (const toml::node* since = r.get("since")) {
            const std::string sp = r.child("since");
            if (const auto* str = since->as_string()) {
                if (str->get() == "last-run" || is_iso8601(str->get())) s.since = str->get();
                else error(sp, "expected \"last-run\" or an ISO 8601 date or date-time such as 2024-05-01T00:00:00Z");
            } else if (since->is_date() || since->is_date_time()) {
                std::string ignored;
                s.since = std::string(toml_to_json(*since, ignored)->as_string());
            } else {
                error(sp, "expected \"last-run\" or an ISO 8601 date or date-time, got " + toml_kind_name(*since));
            }
        }
        if (const toml::node* where = r.get("where")) {
            if (auto c = condition(*where, r.child("where"))) s.filter = std::move(*c);
        }
        r.report_unknown(kSourceKeys);
        notes_.source_usable = usable;
    }

    // ---- params tables: JSON form; templates checked when `templates`.
    // Returns nullopt when something could not be converted or parsed.
    std::optional<json::object> literal_params(const toml::table& t, const std::string& path, bool templates) {
        bool ok = true;
        check_param_strings(t, path, templates, ok);
        std::string problem;
        auto v = toml_to_json(t, problem);
        if (!v) {
            error(path, problem);
            return std::nullopt;
        }
        if (!ok) return std::nullopt;
        return std::move(v->as_object());
    }

    void check_param_strings(const toml::node& node, const std::string& path, bool templates, bool& ok) {
        if (const auto* s = node.as_string()) {
            const std::string& text = s->get();
            if (has_env_reference(text)) {
                const std::size_t at = text.find("${env:");
                out_.add(doc_.inside_string(path, at == std::string::npos ? 0 : at),
                         path + ": ${env:...} is only resolved in [connections.*] settings; put the value there or "
                                "write it here literally");
                ok = false;
                return;
            }
            if (!templates) return;
            try {
                RecordTemplate parsed(text);
            } catch (const TemplateSyntaxError& e) {
                out_.add(doc_.inside_string(path, static_cast<std::size_t>(e.column - 1)),
                         path + ": bad template: " + e.reason);
                ok = false;
            }
        } else if (const auto* a = node.as_array()) {
            for (std::size_t i = 0; i < a->size(); ++i) check_param_strings((*a)[i], element_path(path, i), templates, ok);
        } else if (const auto* t = node.as_table()) {
            for (auto&& [k, child] : *t) check_param_strings(child, child_path(path, k.str()), templates, ok);
        }
    }

    // ---- conditions: { dotted.path = [values...] }
    std::optional<Condition> condition(const toml::node& node, const std::string& path) {
        const auto* t = node.as_table();
        if (t == nullptr) {
            error(path, "expected a table of field = [accepted values], got " + toml_kind_name(node));
            return std::nullopt;
        }
        // Bad entries are reported and left out; the good ones are still
        // checked by later passes (every error at once).
        Condition c;
        bool ok = true;
        condition_entries(*t, path, "", c, ok);
        return c;
    }

    void condition_entries(const toml::table& t, const std::string& path, const std::string& prefix, Condition& c,
                           bool& ok) {
        for (auto&& [k, node] : t) {
            const std::string field = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
            const std::string kp = child_path(path, k.str());
            if (const auto* sub = node.as_table()) {
                condition_entries(*sub, kp, field, c, ok);
                continue;
            }
            if (auto bad = check_path_syntax(field)) {
                error_at_key(kp, "bad field path '" + field + "': " + bad->message);
                ok = false;
                continue;
            }
            const auto* values = node.as_array();
            if (values == nullptr) {
                std::string problem, example = "...";
                if (!node.is_table()) {
                    if (auto j = toml_to_json(node, problem)) example = json::serialize(*j);
                }
                error(kp, "expected an array of accepted values, e.g. [" + example + "], got " + toml_kind_name(node));
                ok = false;
                continue;
            }
            if (values->empty()) {
                error(kp, "lists no accepted value, so nothing would ever match");
                ok = false;
                continue;
            }
            std::vector<json::value> accepted;
            for (std::size_t i = 0; i < values->size(); ++i) {
                const toml::node& v = (*values)[i];
                if (v.is_table() || v.is_array()) {
                    error(element_path(kp, i), "accepted values are strings, numbers or booleans, not " +
                                                   toml_kind_name(v));
                    ok = false;
                    continue;
                }
                std::string problem;
                if (auto j = toml_to_json(v, problem)) accepted.push_back(std::move(*j));
                else {
                    error(element_path(kp, i), problem);
                    ok = false;
                }
            }
            if (!accepted.empty()) c.any_of.emplace_back(field, std::move(accepted));
        }
    }

    // ---- [[steps]]
    void read_steps(const toml::node& node) {
        const auto* a = node.as_array();
        if (a == nullptr || !a->is_array_of_tables()) {
            error("steps", "expected [[steps]] tables, got " + toml_kind_name(node));
            return;
        }
        for (std::size_t i = 0; i < a->size(); ++i) read_step(*(*a)[i].as_table(), element_path("steps", i));
    }

    void read_step(const toml::table& t, const std::string& path) {
        TomlTableReader r(doc_, t, path, out_);
        Step s;
        s.where = doc_.value_at(path);
        bool usable = true;
        std::optional<Step::Kind> kind;
        if (auto use = r.string("use", true)) {
            if (*use == "download") kind = Step::Kind::download;
            else if (*use == "invoke") kind = Step::Kind::invoke;
            else if (*use == "filter") kind = Step::Kind::filter;
            else if (*use == "generative_photos.variant") kind = Step::Kind::generative_variant;
            else r.error_at_value("use", "unknown step '" + *use + "'" + one_of_suffix(*use, kStepKinds));
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
            if (auto c = condition(*when, r.child("when"))) s.when = std::move(*c);
        }
        bool params_parsed = true;
        json::object params;
        if (kind == Step::Kind::download) {
            if (auto v = r.string("variant")) {
                if (v->empty()) r.error_at_value("variant", "must not be empty");
                else s.variant = *v;
            }
        } else if (kind == Step::Kind::invoke) {
            if (auto c = r.string("connection")) {
                s.connection = *c;
                if (!connection_known(*c, r.child("connection"))) usable = false;
            }
            if (auto op = r.string("operation", true)) s.operation = *op;
            else usable = false;
            if (const toml::table* p = r.table("params")) {
                auto literal = literal_params(*p, r.child("params"), true);
                if (literal) params = std::move(*literal);
                else params_parsed = false;
            }
            if (auto b = r.boolean("send_bytes")) s.send_bytes = *b;
            if (auto b = r.boolean("keep_bytes")) s.keep_bytes_from_result = *b;
        } else if (kind == Step::Kind::generative_variant) {
            // The plugin and the move's enum are checked against the
            // manifest in workflow_validation.cpp.
            if (auto c = r.string("connection", true)) {
                s.connection = *c;
                if (!connection_known(*c, r.child("connection"))) usable = false;
            } else {
                usable = false;
            }
            if (auto move = r.string("move", true)) s.move = *move;
            else usable = false;
            if (const toml::node* param = r.get("param")) {
                if (const auto* i = param->as_integer()) s.move_param = static_cast<double>(i->get());
                else if (const auto* f = param->as_floating_point(); f != nullptr && std::isfinite(f->get()))
                    s.move_param = f->get();
                else if (f != nullptr) r.error_at_value("param", "must be a finite number");
                else r.error_at_value("param", "expected a number, got " + toml_kind_name(*param));
            }
            if (auto ms = r.integer("timeout_ms", 1, 86400000)) s.wait_timeout_ms = *ms;
        }
        if (params_parsed) s.params = RecordTemplateObject(params);

        const std::vector<std::string>* specific = kind == Step::Kind::download             ? &kDownloadKeys
                                                   : kind == Step::Kind::invoke             ? &kInvokeKeys
                                                   : kind == Step::Kind::generative_variant ? &kGenerativeVariantKeys
                                                                                            : nullptr;
        std::vector<std::string> expected = specific ? concat({&kStepCommonKeys, specific}) : kStepCommonKeys;
        const std::string use_name = kind ? kStepKinds[static_cast<std::size_t>(*kind)] : std::string();
        r.report_unknown(expected, [&](std::string_view key) -> std::optional<std::string> {
            if (!kind) {  // `use` is broken: do not guess which keys belong
                for (const auto* l : {&kDownloadKeys, &kInvokeKeys, &kGenerativeVariantKeys})
                    if (std::find(l->begin(), l->end(), key) != l->end()) return std::string("");
                return std::nullopt;
            }
            const auto in = [&](const std::vector<std::string>& l) { return std::find(l.begin(), l.end(), key) != l.end(); };
            if (in(kDownloadKeys)) return "'" + std::string(key) + "' applies to download steps, not " + use_name + " steps";
            if (in(kInvokeKeys)) return "'" + std::string(key) + "' applies to invoke steps, not " + use_name + " steps";
            if (in(kGenerativeVariantKeys))
                return "'" + std::string(key) + "' applies to generative_photos.variant steps, not " + use_name + " steps";
            return std::nullopt;
        });
        wf_.steps.push_back(std::move(s));
        notes_.step_usable.push_back(usable);
        notes_.step_params.push_back(std::move(params));
        notes_.step_params_parsed.push_back(params_parsed);
        notes_.step_after_written.push_back(after_written);
    }

    static std::string one_of_suffix(const std::string& typed, const std::vector<std::string>& values) {
        if (auto best = closest_name(typed, values)) return " (did you mean '" + *best + "'?)";
        std::string out = " (one of: ";
        for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + values[i];
        return out + ")";
    }

    // ---- [[sinks]]
    void read_sinks(const toml::node& node) {
        const auto* a = node.as_array();
        if (a == nullptr || !a->is_array_of_tables()) {
            error("sinks", "expected [[sinks]] tables, got " + toml_kind_name(node));
            return;
        }
        if (a->empty()) error("sinks", "needs at least one [[sinks]] table");
        for (std::size_t i = 0; i < a->size(); ++i) read_sink(*(*a)[i].as_table(), element_path("sinks", i));
    }

    void read_sink(const toml::table& t, const std::string& path) {
        TomlTableReader r(doc_, t, path, out_);
        Sink s;
        s.where = doc_.value_at(path);
        bool usable = true;
        if (auto c = r.string("connection", true)) {
            s.connection = *c;
            if (!connection_known(*c, r.child("connection"))) usable = false;
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
        if (const toml::table* p = r.table("params")) {
            auto literal = literal_params(*p, r.child("params"), true);
            if (literal) params = std::move(*literal);
            else params_parsed = false;
        }
        if (params_parsed) s.params = RecordTemplateObject(params);
        if (const toml::node* when = r.get("when")) {
            if (auto c = condition(*when, r.child("when"))) s.when = std::move(*c);
        }
        r.report_unknown(kSinkKeys);
        wf_.sinks.push_back(std::move(s));
        notes_.sink_usable.push_back(usable);
        notes_.sink_params.push_back(std::move(params));
        notes_.sink_params_parsed.push_back(params_parsed);
        notes_.sink_after_written.push_back(after_written);
    }

    // ---- [policy]
    void read_policy(const toml::table& t) {
        TomlTableReader r(doc_, t, "policy", out_);
        Policy& p = wf_.policy;
        p.key = RecordTemplate("{provider}:{id}");
        if (auto key = r.string("key")) {
            const std::string kp = r.child("key");
            if (key->empty()) {
                error(kp, "must not be empty");
            } else if (has_env_reference(*key)) {
                error(kp, "${env:...} is only resolved in [connections.*] settings");
            } else {
                try {
                    p.key = RecordTemplate(*key);
                    if (p.key.is_constant())
                        error(kp, "has no {field}: every record would get the same key and only the first would sync");
                } catch (const TemplateSyntaxError& e) {
                    out_.add(doc_.inside_string(kp, static_cast<std::size_t>(e.column - 1)), kp + ": bad template: " + e.reason);
                }
            }
        }
        if (auto n = r.integer("concurrency", 1, 64)) p.concurrency = static_cast<int>(*n);
        if (auto e = r.string("on_error")) {
            if (*e == "fail") p.on_error = OnError::fail;
            else if (*e == "skip") p.on_error = OnError::skip;
            else if (*e == "dead-letter") p.on_error = OnError::dead_letter;
            else r.error_at_value("on_error", "unknown value '" + *e + "'" + one_of_suffix(*e, kOnErrorValues));
        }
        if (const toml::table* retry = r.table("retry")) read_retry(*retry, r.child("retry"));
        if (const toml::table* limits = r.table("rate_limit")) read_rate_limits(*limits, r.child("rate_limit"));
        if (auto n = r.integer("timeout_ms", 1, 3600000)) p.timeout_ms = static_cast<std::uint32_t>(*n);
        if (auto b = r.boolean("resync_changed")) p.resync_changed = *b;
        if (auto n = r.integer("queue_capacity", 1, 65536)) p.queue_capacity = *n;
        r.report_unknown(kPolicyKeys);
    }

    // ---- [trigger] (used by `photobridge serve`; the plugin checks are in
    // workflow_validation.cpp)
    void read_trigger(const toml::table& t) {
        TomlTableReader r(doc_, t, "trigger", out_);
        const auto webhook = r.string("webhook");
        const auto every = r.string("every");
        r.report_unknown(kTriggerKeys);
        if (webhook && every) {
            r.error_at_key("every", "a trigger is either webhook or every, not both");
            return;
        }
        Trigger& trigger = wf_.trigger;
        if (webhook) {
            if (webhook->empty()) {
                r.error_at_value("webhook", "must name the source connection's plugin (e.g. \"snapbar\")");
                return;
            }
            trigger.kind = Trigger::Kind::webhook;
            trigger.webhook = *webhook;
            trigger.where = doc_.value_at(r.child("webhook"));
        } else if (every) {
            const auto seconds = parse_every(*every);
            if (!seconds) {
                r.error_at_value("every", "must be a whole number followed by s, m, h or d (e.g. \"15m\"), got '" +
                                              *every + "'");
                return;
            }
            if (*seconds < 1 || *seconds > kMaxEverySeconds) {
                r.error_at_value("every", "must be at least 1s and at most 365d, got '" + *every + "'");
                return;
            }
            trigger.kind = Trigger::Kind::every;
            trigger.every_seconds = *seconds;
            trigger.every_text = *every;
            trigger.where = doc_.value_at(r.child("every"));
        }
    }

    static constexpr std::int64_t kMaxEverySeconds = 365LL * 24 * 3600;

    // "15m" -> 900. nullopt unless digits then one unit (s, m, h, d);
    // values too large to matter come back as kMaxEverySeconds + 1.
    static std::optional<std::int64_t> parse_every(const std::string& text) {
        if (text.size() < 2) return std::nullopt;
        std::int64_t multiplier = 0;
        switch (text.back()) {
            case 's': multiplier = 1; break;
            case 'm': multiplier = 60; break;
            case 'h': multiplier = 3600; break;
            case 'd': multiplier = 86400; break;
            default: return std::nullopt;
        }
        const char* first = text.data();
        const char* last = text.data() + text.size() - 1;
        if (std::isdigit(static_cast<unsigned char>(*first)) == 0) return std::nullopt;
        std::int64_t n = 0;
        const auto [end, ec] = std::from_chars(first, last, n);
        if (end != last) return std::nullopt;
        if (ec == std::errc::result_out_of_range || n > kMaxEverySeconds) return kMaxEverySeconds + 1;
        if (ec != std::errc()) return std::nullopt;
        return n * multiplier;
    }

    void read_retry(const toml::table& t, const std::string& path) {
        TomlTableReader r(doc_, t, path, out_);
        RetryPolicy& retry = wf_.policy.retry;
        if (auto n = r.integer("attempts", 1, 20)) retry.attempts = static_cast<int>(*n);
        const auto backoff = r.integer("backoff_ms", 0, 60000);
        if (backoff) retry.backoff_ms = static_cast<int>(*backoff);
        const auto max_backoff = r.integer("max_backoff_ms", 0, 600000);
        if (max_backoff) {
            retry.max_backoff_ms = static_cast<int>(*max_backoff);
            if (*max_backoff < retry.backoff_ms)
                r.error_at_value("max_backoff_ms", "must be at least backoff_ms (" + std::to_string(retry.backoff_ms) + ")");
        }
        r.report_unknown(kRetryKeys);
    }

    void read_rate_limits(const toml::table& t, const std::string& path) {
        for (auto&& [k, node] : t) {
            const std::string name(k.str());
            const std::string kp = child_path(path, name);
            double rps = 0;
            if (const auto* i = node.as_integer()) rps = static_cast<double>(i->get());
            else if (const auto* f = node.as_floating_point()) rps = f->get();
            else {
                error(kp, "expected requests per second (a number), got " + toml_kind_name(node));
                continue;
            }
            if (!(rps > 0) || rps > 100000) {
                error(kp, "must be more than 0 and at most 100000 requests per second");
                continue;
            }
            if (wf_.connections.count(name) == 0) {
                if (notes_.declared_connections.count(name) != 0) continue;
                std::vector<std::string> known;
                for (const auto& [n, _] : wf_.connections) known.push_back(n);
                error_at_key(kp, "no connection named '" + name + "'" + suggestion_suffix(name, known));
                continue;
            }
            wf_.policy.rate_limit[name] = rps;
        }
    }

    // ---- ids, defaults and duplicates
    void fill_ids_and_links() {
        std::map<std::string, std::size_t> step_ids;
        for (std::size_t i = 0; i < wf_.steps.size(); ++i) {
            Step& s = wf_.steps[i];
            const bool written = !s.id.empty();
            if (!written) s.id = "step" + std::to_string(i + 1);
            auto [it, fresh] = step_ids.emplace(s.id, i);
            if (!fresh) {
                const std::string p = element_path("steps", i);
                const std::string other = element_path("steps", it->second);
                if (written)
                    error(child_path(p, "id"), "duplicate step id '" + s.id + "' (" + other + " has it too)");
                else
                    error(p, "this step's default id '" + s.id + "' is taken by " + other + "; give one of them another id");
                notes_.step_usable[i] = false;
            }
            if (s.kind == Step::Kind::invoke && s.connection.empty()) s.connection = wf_.source.connection;
        }
        for (std::size_t i = 0; i < wf_.steps.size(); ++i)
            if (!notes_.step_after_written[i]) wf_.steps[i].after = i == 0 ? std::string() : wf_.steps[i - 1].id;

        std::map<std::string, std::size_t> sink_ids;
        for (std::size_t i = 0; i < wf_.sinks.size(); ++i) {
            Sink& s = wf_.sinks[i];
            const bool written = !s.id.empty();
            if (!written) s.id = s.connection + "." + s.action;
            if (!notes_.sink_after_written[i]) s.after = wf_.steps.empty() ? std::string() : wf_.steps.back().id;
            if (!notes_.sink_usable[i]) continue;
            auto [it, fresh] = sink_ids.emplace(s.id, i);
            if (!fresh) {
                const std::string p = element_path("sinks", i);
                const std::string other = element_path("sinks", it->second);
                if (written)
                    error(child_path(p, "id"), "duplicate sink id '" + s.id + "' (" + other + " has it too)");
                else
                    error(p, "sink id '" + s.id + "' is also the id of " + other +
                                 "; give each sink writing to the same action an id = \"...\"");
            }
        }
    }

    const TomlDocument& doc_;
    const EnvLookup& env_;
    Diagnostics& out_;
    ParseNotes& notes_;
    Workflow wf_;
};

}  // namespace

Workflow parse_workflow(const TomlDocument& doc, const EnvLookup& env, Diagnostics& out, ParseNotes& notes) {
    return Parser(doc, env, out, notes).run();
}

}  // namespace photobridge::engine
