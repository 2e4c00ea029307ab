#include "provider_file.hpp"

#include "placeholders.hpp"

#include <photobridge/sdk/error.hpp>

#include "common/did_you_mean.hpp"
#include "common/toml_document.hpp"
#include "common/toml_table_reader.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>

namespace photobridge::plugins::declarative {
namespace json = boost::json;
using common::child_path;
using common::Diagnostics;
using common::element_path;
using common::TomlDocument;
using common::TomlTableReader;
using common::toml_kind_name;

namespace {

const std::vector<std::string> kTopKeys = {"provider", "config", "auth", "headers", "streams", "errors"};
const std::vector<std::string> kProviderKeys = {"id", "name", "version", "description", "docs"};
const std::vector<std::string> kSchemaKeys = {"type",    "description", "default",   "required", "secret",
                                              "minimum", "maximum",     "minLength", "maxLength", "enum"};
const std::vector<std::string> kSchemaTypes = {"string", "integer", "number", "boolean"};
const std::vector<std::string> kAuthTypes = {"none", "bearer", "header", "query", "basic"};
const std::vector<std::string> kStreamKeys = {"description", "record",      "path",   "method", "query",
                                              "params",      "paging",      "records", "total", "page_size",
                                              "incremental", "fields",      "media"};
const std::vector<std::string> kRecordKinds = {"photo", "contact"};
const std::vector<std::string> kPagingStyles = {"none", "offset", "page", "cursor", "next_url", "link_header"};
const std::vector<std::string> kMediaKeys = {"variant", "url", "width", "height", "expires_at"};
const std::vector<std::string> kErrorsKeys = {"message", "code", "reset_header", "rules"};
const std::vector<std::string> kErrorRuleKeys = {"http_status", "body_path", "equals", "status"};

// The canonical fields a provider file maps, per record kind, and what
// type each holds (records.md).
enum class FieldType { text, boolean, integer, object };
const std::vector<std::pair<std::string, FieldType>>& canonical_fields(const std::string& kind) {
    static const std::vector<std::pair<std::string, FieldType>> photo = {
        {"id", FieldType::text},           {"person.id", FieldType::text},    {"person.email", FieldType::text},
        {"person.name", FieldType::text},  {"person.external_id", FieldType::text},
        {"status", FieldType::text},       {"approved", FieldType::boolean},  {"created_at", FieldType::text}};
    static const std::vector<std::pair<std::string, FieldType>> contact = {
        {"id", FieldType::text},          {"email", FieldType::text},       {"first_name", FieldType::text},
        {"last_name", FieldType::text},   {"phone", FieldType::text},       {"external_id", FieldType::text},
        {"created_at", FieldType::text},  {"updated_at", FieldType::text},  {"custom_attributes", FieldType::object}};
    return kind == "contact" ? contact : photo;
}

// report_unknown's hint for a key that is a setting of another variant of a
// table (another auth type, another paging style): nullopt for a key no
// variant has, else "not a setting of WHAT (its settings: ...)", where the
// variant's own settings are `allowed` after its first (the kind key).
std::function<std::optional<std::string>(std::string_view)> other_variant_hint(
    const std::vector<std::string>& every, const std::vector<std::string>& allowed, std::string what) {
    return [&every, &allowed, what = std::move(what)](std::string_view key) -> std::optional<std::string> {
        if (std::find(every.begin(), every.end(), key) == every.end()) return std::nullopt;
        std::string settings;
        for (std::size_t i = 1; i < allowed.size(); ++i) settings += (i > 1 ? ", " : "") + allowed[i];
        return "not a setting of " + what +
               (settings.empty() ? std::string(" (it has none)") : " (its settings: " + settings + ")");
    };
}

// Every problem of one file, and the helpers that report them.
struct Reader {
    const TomlDocument& doc;
    Diagnostics& out;
    ProviderDefinition def;

    void error_at(const std::string& path, std::string message) const {
        out.add(doc.value_at(path), path + ": " + std::move(message));
    }
    void error_at_key(const std::string& path, std::string message) const {
        out.add(doc.key_at(path), path + ": " + std::move(message));
    }

    // A dotted record path in a string at `where` (the TOML path of the value).
    bool check_record_path(const std::string& where, const std::string& path, bool empty_allowed = false) const {
        if (path.empty() && empty_allowed) return true;
        if (!is_record_path(path)) {
            error_at(where, "'" + path + "' is not a path of keys (names of letters, digits, '_', '-', '$' or '@', "
                            "joined by '.')");
            return false;
        }
        return true;
    }

    // A template of {params.X} and {config.K} placeholders. `params` are the
    // stream's parameter names (null: no params allowed).
    Template check_template(const std::string& where, const std::string& text, const std::set<std::string>* params) const {
        const std::size_t unclosed = scan_placeholders(
            text, [](std::string_view) {},
            [&](std::string_view placeholder, std::size_t offset) {
                const std::string name(placeholder);
                const auto dot = name.find('.');
                const std::string scope = name.substr(0, dot);
                const std::string key = dot == std::string::npos ? std::string() : name.substr(dot + 1);
                if (scope == "params" && !key.empty()) {
                    if (params == nullptr || params->count(key) == 0) {
                        std::vector<std::string> known;
                        if (params != nullptr) known.assign(params->begin(), params->end());
                        out.add(doc.inside_string(where, offset),
                                where + ": {" + name + "} names no parameter of the stream" +
                                    common::suggestion_suffix(key, known));
                    }
                } else if (scope == "config" && !key.empty()) {
                    if (!def.config.contains(key)) {
                        std::vector<std::string> known;
                        for (const auto& [k, _] : def.config) known.emplace_back(k);
                        out.add(doc.inside_string(where, offset),
                                where + ": {" + name + "} names no config key" + common::suggestion_suffix(key, known));
                    }
                } else {
                    out.add(doc.inside_string(where, offset),
                            where + ": {" + name + "} is not a placeholder: use {params.NAME} or {config.KEY}");
                }
            });
        if (unclosed != std::string::npos)
            out.add(doc.inside_string(where, unclosed), where + ": '{' without a closing '}'");
        return Template{text};
    }

    // A manifest-style schema for one config key or stream parameter.
    std::optional<json::object> read_schema(const toml::table& t, const std::string& path) const {
        TomlTableReader r(doc, t, path, out);
        json::object schema;
        const std::optional<std::string> type = r.string("type", true);
        if (type) {
            if (std::find(kSchemaTypes.begin(), kSchemaTypes.end(), *type) == kSchemaTypes.end())
                r.error_at_value("type", "unknown type '" + *type + "'" + common::suggestion_suffix(*type, kSchemaTypes));
            else
                schema["type"] = *type;
        }
        if (auto d = r.string("description")) schema["description"] = *d;
        if (auto b = r.boolean("required")) schema["required"] = *b;
        if (auto b = r.boolean("secret")) schema["secret"] = *b;
        for (const char* key : {"minLength", "maxLength"})
            if (auto n = r.integer(key, 0, 1 << 30)) schema[key] = *n;
        for (const char* key : {"minimum", "maximum", "default"}) {
            const toml::node* node = r.get(key);
            if (node == nullptr) continue;
            std::string problem;
            auto value = common::toml_to_json(*node, problem);
            if (!value) {
                r.error_at_value(key, problem);
                continue;
            }
            const bool numeric_only = std::string_view(key) != "default";
            if (numeric_only && !value->is_number()) {
                r.error_at_value(key, "expected a number, got " + toml_kind_name(*node));
                continue;
            }
            if (!numeric_only && type && !fits_type(*value, *type)) {
                r.error_at_value(key, "expected " + article(*type) + ", got " + toml_kind_name(*node));
                continue;
            }
            schema[key] = std::move(*value);
        }
        if (const toml::array* values = r.array("enum")) {
            json::array list;
            for (std::size_t i = 0; i < values->size(); ++i) {
                std::string problem;
                auto value = common::toml_to_json((*values)[i], problem);
                if (!value || (type && !fits_type(*value, *type))) {
                    error_at(element_path(r.child("enum"), i),
                             value ? "expected " + article(*type) + ", got " + toml_kind_name((*values)[i]) : problem);
                    continue;
                }
                list.push_back(std::move(*value));
            }
            schema["enum"] = std::move(list);
        }
        r.report_unknown(kSchemaKeys);
        if (!type) return std::nullopt;
        return schema;
    }

    static bool fits_type(const json::value& v, const std::string& type) {
        if (type == "string") return v.is_string();
        if (type == "integer") return v.is_int64() || v.is_uint64();
        if (type == "number") return v.is_number();
        if (type == "boolean") return v.is_bool();
        return true;
    }
    static std::string article(const std::string& type) { return type == "integer" ? "an integer" : "a " + type; }

    void read_provider(const toml::table& t) {
        TomlTableReader r(doc, t, "provider", out);
        if (auto id = r.string("id", true)) {
            const bool valid = !id->empty() && id->size() <= 64 &&
                               std::all_of(id->begin(), id->end(), [](char c) {
                                   return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                               });
            if (!valid) r.error_at_value("id", "'" + *id + "' is not a plugin id (1 to 64 of a-z, 0-9 and '_')");
            def.id = *id;
        }
        if (auto v = r.string("name", true)) def.name = *v;
        if (auto v = r.string("version", true)) def.version = *v;
        if (auto v = r.string("description")) def.description = *v;
        if (auto v = r.string("docs")) def.docs = *v;
        r.report_unknown(kProviderKeys);
    }

    void read_config(const toml::table& t) {
        for (auto&& [k, node] : t) {
            const std::string key(k.str());
            const std::string path = child_path("config", key);
            const auto* entry = node.as_table();
            if (entry == nullptr) {
                error_at(path, "expected a table (type, default, required, secret, ...), got " + toml_kind_name(node));
                continue;
            }
            if (auto schema = read_schema(*entry, path)) def.config[key] = std::move(*schema);
        }
        const auto* base = def.config.if_contains("base_url");
        if (base == nullptr)
            out.add(doc.value_at("config"), "config: needs a base_url key (the API root, type = \"string\", with a "
                                            "default or required = true)");
        else if (base->get_object().if_contains("type") != nullptr && base->at("type") != "string")
            error_at("config.base_url.type", "base_url must be a string");
    }

    // A config key the auth settings name: it must exist, and the
    // credential must be secret.
    void check_credential_key(TomlTableReader& r, const char* setting, const std::string& key, bool credential) const {
        const auto* entry = def.config.if_contains(key);
        if (entry == nullptr) {
            std::vector<std::string> known;
            for (const auto& [k, _] : def.config) known.emplace_back(k);
            r.error_at_value(setting, "names no config key '" + key + "'" + common::suggestion_suffix(key, known));
            return;
        }
        const auto* secret = entry->get_object().if_contains("secret");
        if (credential && (secret == nullptr || !secret->is_bool() || !secret->get_bool()))
            r.error_at_value(setting, "config." + key + " holds the credential: give it secret = true, so that it "
                                      "never appears in logs, errors or state");
    }

    void read_auth(const toml::table& t) {
        TomlTableReader r(doc, t, "auth", out);
        const auto type = r.string("type", true);
        AuthSpec& a = def.auth;
        std::vector<std::string> allowed = {"type"};
        const auto setting = [&](const char* key, std::string& into, bool credential_key, bool config_key) {
            allowed.emplace_back(key);
            if (auto v = r.string(key, true)) {
                into = *v;
                if (config_key) check_credential_key(r, key, *v, credential_key);
            }
        };
        if (type) {
            if (*type == "none") {
                a.type = AuthSpec::Type::none;
            } else if (*type == "bearer") {
                a.type = AuthSpec::Type::bearer;
                setting("key", a.key, true, true);
            } else if (*type == "header") {
                a.type = AuthSpec::Type::header;
                setting("header", a.header, false, false);
                setting("key", a.key, true, true);
                allowed.emplace_back("prefix");
                if (auto p = r.string("prefix")) a.prefix = *p;
            } else if (*type == "query") {
                a.type = AuthSpec::Type::query;
                setting("param", a.param, false, false);
                setting("key", a.key, true, true);
            } else if (*type == "basic") {
                a.type = AuthSpec::Type::basic;
                setting("user_key", a.user_key, false, true);
                setting("password_key", a.password_key, true, true);
            } else {
                r.error_at_value("type", "unknown auth type '" + *type + "'" + common::suggestion_suffix(*type, kAuthTypes));
                return;
            }
        }
        static const std::vector<std::string> every = {"type",  "key",      "header",      "prefix",
                                                       "param", "user_key", "password_key"};
        r.report_unknown(allowed, other_variant_hint(every, allowed, "auth type '" + type.value_or("?") + "'"));
    }

    void read_headers(const toml::table& t) {
        for (auto&& [k, node] : t) {
            const std::string path = child_path("headers", k.str());
            if (const auto* s = node.as_string()) {
                def.headers.emplace_back(std::string(k.str()), s->get());
                const std::string lower = [&] {
                    std::string l(k.str());
                    std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return std::tolower(c); });
                    return l;
                }();
                if (lower == "authorization")
                    error_at_key(path, "credentials go in [auth], never in [headers] (a header here would be sent "
                                       "to every origin and logged)");
            } else {
                error_at(path, "expected a string, got " + toml_kind_name(node));
            }
        }
    }

    FieldSource read_source(const toml::node& node, const std::string& path) const {
        FieldSource f;
        if (const auto* s = node.as_string()) {
            f.kind = FieldSource::Kind::path;
            f.paths.push_back(s->get());
            check_record_path(path, s->get());
            return f;
        }
        if (const auto* list = node.as_array()) {
            f.kind = FieldSource::Kind::first_of;
            for (std::size_t i = 0; i < list->size(); ++i) {
                const std::string element = element_path(path, i);
                if (const auto* s = (*list)[i].as_string()) {
                    f.paths.push_back(s->get());
                    check_record_path(element, s->get());
                } else {
                    error_at(element, "expected a path (a string), got " + toml_kind_name((*list)[i]));
                }
            }
            if (list->empty()) error_at(path, "an empty list of paths");
            return f;
        }
        const auto* t = node.as_table();
        if (t == nullptr) {
            error_at(path, "expected a path, a list of paths or a table ({ value }, { template }, { path, map }, "
                           "{ rules }), got " + toml_kind_name(node));
            return f;
        }
        TomlTableReader r(doc, *t, path, out);
        if (const toml::node* v = r.get("value")) {
            f.kind = FieldSource::Kind::constant;
            std::string problem;
            if (auto value = common::toml_to_json(*v, problem)) f.constant = std::move(*value);
            else r.error_at_value("value", problem);
            r.report_unknown({"value"});
            return f;
        }
        if (auto text = r.string("template")) {
            f.kind = FieldSource::Kind::text;
            f.text = *text;
            const std::string where = r.child("template");
            const std::size_t unclosed = scan_placeholders(
                *text, [](std::string_view) {},
                [&](std::string_view inner, std::size_t offset) {
                    if (!is_record_path(inner))
                        out.add(doc.inside_string(where, offset),
                                where + ": {" + std::string(inner) + "} is not a path of keys of the provider's record");
                });
            if (unclosed != std::string::npos)
                out.add(doc.inside_string(where, unclosed), where + ": '{' without a closing '}'");
            r.report_unknown({"template"});
            return f;
        }
        if (const toml::array* rules = r.array("rules")) {
            f.kind = FieldSource::Kind::rules;
            for (std::size_t i = 0; i < rules->size(); ++i) {
                const std::string rp = element_path(r.child("rules"), i);
                const auto* rt = (*rules)[i].as_table();
                if (rt == nullptr) {
                    error_at(rp, "expected a table { path, in | present, value }, got " + toml_kind_name((*rules)[i]));
                    continue;
                }
                TomlTableReader rr(doc, *rt, rp, out);
                FieldSource::Rule rule;
                if (auto p = rr.string("path", true)) {
                    rule.path = *p;
                    check_record_path(rr.child("path"), *p);
                }
                const toml::array* in = rr.array("in");
                const auto present = rr.boolean("present");
                if (in != nullptr) {
                    for (std::size_t j = 0; j < in->size(); ++j) {
                        if (const auto* s = (*in)[j].as_string()) rule.in.push_back(s->get());
                        else if (const auto* n = (*in)[j].as_integer()) rule.in.push_back(std::to_string(n->get()));
                        else error_at(element_path(rr.child("in"), j), "expected a string, got " + toml_kind_name((*in)[j]));
                    }
                }
                if (present) rule.present = *present;
                if ((in == nullptr) == (!present || !*present))
                    error_at(rp, "a rule needs exactly one test: in = [...] or present = true");
                if (const toml::node* v = rr.get("value", true)) {
                    std::string problem;
                    if (auto value = common::toml_to_json(*v, problem)) rule.value = std::move(*value);
                    else rr.error_at_value("value", problem);
                }
                rr.report_unknown({"path", "in", "present", "value"});
                f.rules.push_back(std::move(rule));
            }
            r.report_unknown({"rules"});
            return f;
        }
        if (auto p = r.string("path")) {
            f.paths.push_back(*p);
            check_record_path(r.child("path"), *p);
            const toml::table* map = r.table("map", true);
            f.kind = FieldSource::Kind::map;
            if (map != nullptr) {
                for (auto&& [k, v] : *map) {
                    std::string problem;
                    if (auto value = common::toml_to_json(v, problem)) f.map.emplace_back(std::string(k.str()), std::move(*value));
                    else error_at(child_path(r.child("map"), k.str()), problem);
                }
            }
            if (const toml::node* o = r.get("otherwise")) {
                std::string problem;
                if (auto value = common::toml_to_json(*o, problem)) f.otherwise = std::move(*value);
                else r.error_at_value("otherwise", problem);
            }
            r.report_unknown({"path", "map", "otherwise"});
            return f;
        }
        error_at(path, "a table here needs value, template, rules, or path with map");
        r.report_unknown({"value", "template", "rules", "path", "map", "otherwise"});
        return f;
    }

    // A constant (or rule value, map value) must fit the field's type.
    void check_constants(const FieldSource& f, FieldType type, const std::string& path) const {
        const auto fits = [&](const json::value& v) {
            if (v.is_null()) return true;
            switch (type) {
            case FieldType::text: return v.is_string() || v.is_int64() || v.is_uint64();
            case FieldType::boolean: return v.is_bool();
            case FieldType::integer: return v.is_int64() || v.is_uint64();
            case FieldType::object: return v.is_object();
            }
            return true;
        };
        const char* wanted = type == FieldType::text      ? "a string"
                             : type == FieldType::boolean ? "a boolean"
                             : type == FieldType::integer ? "an integer"
                                                          : "a table";
        if (f.kind == FieldSource::Kind::constant && !fits(f.constant))
            error_at(path, "the value must be " + std::string(wanted) + " for this field");
        for (const auto& [k, v] : f.map)
            if (!fits(v)) error_at(child_path(child_path(path, "map"), k), "must be " + std::string(wanted) + " for this field");
        if (f.otherwise && !fits(*f.otherwise)) error_at(child_path(path, "otherwise"), "must be " + std::string(wanted));
        for (std::size_t i = 0; i < f.rules.size(); ++i)
            if (!fits(f.rules[i].value))
                error_at(child_path(element_path(child_path(path, "rules"), i), "value"),
                         "must be " + std::string(wanted) + " for this field");
    }

    // False when the style is missing or unknown (already reported).
    bool read_paging(const toml::table& t, const std::string& path, Paging& p) const {
        TomlTableReader r(doc, t, path, out);
        const auto style = r.string("style", true);
        if (!style) return false;
        std::vector<std::string> required, optional;
        if (*style == "none") {
            p.style = Paging::Style::none;
        } else if (*style == "offset") {
            p.style = Paging::Style::offset;
            required = {"offset_param", "limit_param"};
        } else if (*style == "page") {
            p.style = Paging::Style::page;
            required = {"page_param", "size_param"};
            optional = {"first_page"};
        } else if (*style == "cursor") {
            p.style = Paging::Style::cursor;
            required = {"cursor_param", "next_cursor"};
            optional = {"size_param"};
        } else if (*style == "next_url") {
            p.style = Paging::Style::next_url;
            required = {"next_url"};
            optional = {"size_param"};
        } else if (*style == "link_header") {
            p.style = Paging::Style::link_header;
            optional = {"size_param"};
        } else {
            r.error_at_value("style", "unknown paging style '" + *style + "'" + common::suggestion_suffix(*style, kPagingStyles));
            return false;
        }
        const auto text = [&](const std::string& key, bool needed) -> std::string {
            auto v = r.string(key, needed);
            if (!v) return {};
            if (v->empty()) r.error_at_value(key, "must not be empty");
            if ((key == "next_cursor" || key == "next_url") && !v->empty()) check_record_path(r.child(key), *v);
            return *v;
        };
        for (const auto& key : required) {
            std::string v = text(key, true);
            if (key == "offset_param") p.offset_param = v;
            if (key == "limit_param") p.limit_param = v;
            if (key == "page_param") p.page_param = v;
            if (key == "size_param") p.size_param = v;
            if (key == "cursor_param") p.cursor_param = v;
            if (key == "next_cursor") p.next_cursor = v;
            if (key == "next_url") p.next_url = v;
        }
        for (const auto& key : optional) {
            if (key == "first_page") {
                if (auto n = r.integer("first_page", 0, 1)) p.first_page = *n;
            } else if (key == "size_param") {
                p.size_param = text(key, false);
            }
        }
        std::vector<std::string> allowed = {"style"};
        allowed.insert(allowed.end(), required.begin(), required.end());
        allowed.insert(allowed.end(), optional.begin(), optional.end());
        static const std::vector<std::string> every = {"style",       "offset_param", "limit_param", "page_param",
                                                       "first_page",  "size_param",   "cursor_param", "next_cursor",
                                                       "next_url"};
        r.report_unknown(allowed, other_variant_hint(every, allowed, "paging style '" + *style + "'"));
        return true;
    }

    void read_stream(const std::string& name, const toml::table& t) {
        const std::string path = child_path("streams", name);
        StreamSpec s;
        s.name = name;
        if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            }))
            error_at_key(path, "a stream name is made of a-z, 0-9 and '_'");
        TomlTableReader r(doc, t, path, out);
        if (auto d = r.string("description")) s.description = *d;
        if (auto kind = r.string("record", true)) {
            if (std::find(kRecordKinds.begin(), kRecordKinds.end(), *kind) == kRecordKinds.end())
                r.error_at_value("record", "unknown record kind '" + *kind + "'" + common::suggestion_suffix(*kind, kRecordKinds));
            else
                s.record = *kind;
        }
        if (auto m = r.string("method"); m && *m != "GET")
            r.error_at_value("method", "a stream reads with GET, got '" + *m + "'");

        // Params first: the path and the query may name them.
        std::set<std::string> params;
        json::object properties;
        json::array required_params;
        if (const toml::table* pt = r.table("params")) {
            for (auto&& [k, node] : *pt) {
                const std::string key(k.str());
                const std::string pp = child_path(r.child("params"), key);
                params.insert(key);
                const auto* entry = node.as_table();
                if (entry == nullptr) {
                    error_at(pp, "expected a table (type, enum, default, required, ...), got " + toml_kind_name(node));
                    continue;
                }
                if (auto schema = read_schema(*entry, pp)) {
                    if (const auto* req = schema->if_contains("required"); req != nullptr && req->is_bool()) {
                        if (req->get_bool()) required_params.push_back(json::string(key));
                        schema->erase("required");
                    }
                    if (schema->contains("secret")) error_at(child_path(pp, "secret"), "a stream parameter is never a secret");
                    properties[key] = std::move(*schema);
                }
            }
        }
        s.params_schema = {{"type", "object"}, {"properties", std::move(properties)}};
        if (!required_params.empty()) s.params_schema["required"] = std::move(required_params);

        if (auto p = r.string("path", true)) {
            const std::string where = r.child("path");
            if (p->empty() || p->front() != '/') {
                r.error_at_value("path", "must start with '/' (it is appended to base_url)");
            } else {
                std::size_t start = 1;
                while (start <= p->size()) {
                    const std::size_t slash = p->find('/', start);
                    const std::string segment = p->substr(start, slash == std::string::npos ? std::string::npos : slash - start);
                    if (!segment.empty()) s.path.push_back(check_template(where, segment, &params));
                    if (slash == std::string::npos) break;
                    start = slash + 1;
                }
            }
        }
        if (const toml::table* q = r.table("query")) {
            for (auto&& [k, node] : *q) {
                const std::string qp = child_path(r.child("query"), k.str());
                if (const auto* v = node.as_string())
                    s.query.emplace_back(std::string(k.str()), check_template(qp, v->get(), &params));
                else if (node.is_integer() || node.is_boolean())
                    s.query.emplace_back(std::string(k.str()),
                                         Template{node.is_integer() ? std::to_string(node.as_integer()->get())
                                                                    : (node.as_boolean()->get() ? "true" : "false")});
                else
                    error_at(qp, "expected a string (with {params.X} or {config.K}), got " + toml_kind_name(node));
            }
        }
        bool paging_known = false;
        if (const toml::table* pg = r.table("paging", true)) paging_known = read_paging(*pg, r.child("paging"), s.paging);
        if (auto v = r.string("records")) {
            if (check_record_path(r.child("records"), *v, true)) s.records = *v;
        }
        if (auto v = r.string("total")) {
            if (check_record_path(r.child("total"), *v)) s.total = *v;
        }
        const toml::table* sizes = r.table("page_size");
        if (sizes != nullptr) {
            TomlTableReader sr(doc, *sizes, r.child("page_size"), out);
            if (auto d = sr.integer("default", 1, 1000000, true)) s.page_size_default = *d;
            if (auto m = sr.integer("maximum", 1, 1000000, true)) s.page_size_maximum = *m;
            if (s.page_size_default > 0 && s.page_size_maximum > 0 && s.page_size_default > s.page_size_maximum)
                sr.error_at_value("default", "must be at most maximum (" + std::to_string(s.page_size_maximum) + ")");
            sr.report_unknown({"default", "maximum"});
        }
        const bool sized = s.paging.style == Paging::Style::offset || s.paging.style == Paging::Style::page ||
                           !s.paging.size_param.empty();
        if (paging_known && sized && sizes == nullptr)
            error_at(path, "paging '" + std::string(s.paging.style == Paging::Style::offset ? "offset" : "with a size_param") +
                               "' needs page_size = { default = N, maximum = M }");
        if (paging_known && !sized && sizes != nullptr)
            r.error_at_key("page_size", "this paging sends no page size (add a size_param, or leave page_size out)");
        if (const toml::table* inc = r.table("incremental")) {
            TomlTableReader ir(doc, *inc, r.child("incremental"), out);
            if (auto f = ir.string("field", true)) s.incremental_field = *f;
            if (auto p = ir.string("param")) {
                s.incremental_param = *p;
                if (!params.count(*p))
                    ir.error_at_value("param", "names no parameter of the stream" +
                                                   common::suggestion_suffix(*p, std::vector<std::string>(params.begin(), params.end())));
            }
            ir.report_unknown({"field", "param"});
        }
        const auto& canonical = canonical_fields(s.record.empty() ? "photo" : s.record);
        if (const toml::table* fields = r.table("fields", true)) {
            std::vector<std::string> names;
            for (const auto& [n, _] : canonical) names.push_back(n);
            for (auto&& [k, node] : *fields) {
                const std::string key(k.str());
                const std::string fp = child_path(r.child("fields"), key);
                const auto it = std::find_if(canonical.begin(), canonical.end(), [&](const auto& c) { return c.first == key; });
                if (it == canonical.end()) {
                    error_at_key(fp, "not a field of a " + (s.record.empty() ? std::string("photo") : s.record) + " record" +
                                         common::suggestion_suffix(key, names));
                    continue;
                }
                FieldSource source = read_source(node, fp);
                check_constants(source, it->second, fp);
                s.fields[key] = std::move(source);
            }
            if (!s.fields.count("id"))
                error_at(r.child("fields"), "the required canonical field 'id' is not mapped");
        }
        if (const toml::node* media = r.get("media")) {
            const auto* list = media->as_array();
            if (s.record == "contact") {
                r.error_at_key("media", "a contact record has no media");
            } else if (list == nullptr) {
                r.error_at_value("media", "expected an array of tables ([[streams." + name + ".media]]), got " +
                                              toml_kind_name(*media));
            } else {
                for (std::size_t i = 0; i < list->size(); ++i) {
                    const std::string mp = element_path(r.child("media"), i);
                    const auto* mt = (*list)[i].as_table();
                    if (mt == nullptr) {
                        error_at(mp, "expected a table, got " + toml_kind_name((*list)[i]));
                        continue;
                    }
                    TomlTableReader mr(doc, *mt, mp, out);
                    MediaSpec m;
                    if (auto v = mr.string("variant", true)) m.variant = *v;
                    if (const toml::node* u = mr.get("url", true)) m.url = read_source(*u, mr.child("url"));
                    if (const toml::node* w = mr.get("width")) {
                        m.width = read_source(*w, mr.child("width"));
                        check_constants(*m.width, FieldType::integer, mr.child("width"));
                    }
                    if (const toml::node* h = mr.get("height")) {
                        m.height = read_source(*h, mr.child("height"));
                        check_constants(*m.height, FieldType::integer, mr.child("height"));
                    }
                    if (const toml::node* e = mr.get("expires_at")) m.expires_at = read_source(*e, mr.child("expires_at"));
                    mr.report_unknown(kMediaKeys);
                    s.media.push_back(std::move(m));
                }
            }
        }
        r.report_unknown(kStreamKeys);
        def.streams.push_back(std::move(s));
    }

    void read_errors(const toml::table& t) {
        TomlTableReader r(doc, t, "errors", out);
        if (auto m = r.string("message"); m && check_record_path(r.child("message"), *m)) def.errors.message = *m;
        if (auto c = r.string("code"); c && check_record_path(r.child("code"), *c)) def.errors.code = *c;
        if (auto h = r.string("reset_header")) {
            if (h->empty()) r.error_at_value("reset_header", "must name a header");
            def.errors.reset_header = *h;
        }
        if (const toml::array* rules = r.array("rules")) {
            for (std::size_t i = 0; i < rules->size(); ++i) {
                const std::string rp = element_path(r.child("rules"), i);
                const auto* rt = (*rules)[i].as_table();
                if (rt == nullptr) {
                    error_at(rp, "expected a table { http_status, body_path, equals, status }, got " +
                                     toml_kind_name((*rules)[i]));
                    continue;
                }
                TomlTableReader rr(doc, *rt, rp, out);
                ErrorRule rule;
                if (auto n = rr.integer("http_status", 400, 599)) rule.http_status = static_cast<int>(*n);
                if (auto b = rr.string("body_path"); b && check_record_path(rr.child("body_path"), *b)) rule.body_path = *b;
                if (const toml::node* eq = rr.get("equals")) {
                    if (const auto* s = eq->as_string()) rule.equals.push_back(s->get());
                    else if (const auto* list = eq->as_array()) {
                        for (std::size_t j = 0; j < list->size(); ++j) {
                            if (const auto* s = (*list)[j].as_string()) rule.equals.push_back(s->get());
                            else error_at(element_path(rr.child("equals"), j), "expected a string, got " + toml_kind_name((*list)[j]));
                        }
                    } else {
                        rr.error_at_value("equals", "expected a string or a list of strings, got " + toml_kind_name(*eq));
                    }
                    if (rule.body_path.empty()) rr.error_at_key("equals", "needs body_path (where the text is compared)");
                }
                if (!rule.body_path.empty() && rule.equals.empty() && rr.get("equals") == nullptr)
                    rr.error_at_key("body_path", "needs equals (the texts that make the rule hold)");
                if (auto st = rr.string("status", true)) {
                    std::vector<std::string> names;
                    for (const pb_status status : kRuleStatuses) {
                        names.emplace_back(sdk::status_name(status));
                        if (names.back() == *st) rule.status = status;
                    }
                    if (std::find(names.begin(), names.end(), *st) == names.end())
                        rr.error_at_value("status", "unknown status '" + *st + "'" + common::suggestion_suffix(*st, names));
                }
                if (rt->get("http_status") == nullptr && rt->get("body_path") == nullptr && rt->get("equals") == nullptr)
                    error_at(rp, "a rule needs http_status, body_path, or both");
                rr.report_unknown(kErrorRuleKeys);
                def.errors.rules.push_back(std::move(rule));
            }
        }
        r.report_unknown(kErrorsKeys);
    }

    void read(const toml::table& root) {
        TomlTableReader r(doc, root, "", out);
        if (const toml::table* t = r.table("provider", true)) read_provider(*t);
        if (const toml::table* t = r.table("config", true)) read_config(*t);
        if (const toml::table* t = r.table("auth")) read_auth(*t);
        if (const toml::table* t = r.table("headers")) read_headers(*t);
        if (const toml::table* t = r.table("streams", true)) {
            for (auto&& [k, node] : *t) {
                if (const auto* st = node.as_table()) read_stream(std::string(k.str()), *st);
                else error_at(child_path("streams", k.str()), "expected a table, got " + toml_kind_name(node));
            }
            if (t->empty()) out.add(doc.value_at("streams"), "streams: a provider file declares at least one stream");
        }
        if (const toml::table* t = r.table("errors")) read_errors(*t);
        r.report_unknown(kTopKeys);
    }
};

}  // namespace

bool is_record_path(std::string_view path) noexcept {
    if (path.empty()) return false;
    std::size_t segment = 0;
    for (const char c : path) {
        if (c == '.') {
            if (segment == 0) return false;
            segment = 0;
            continue;
        }
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                        c == '-' || c == '$' || c == '@';
        if (!ok) return false;
        ++segment;
    }
    return segment > 0;
}

std::optional<ProviderDefinition> read_provider_file(const std::filesystem::path& file, Diagnostics& out) {
    const std::size_t before = out.size();
    std::optional<TomlDocument> doc = TomlDocument::parse(file, out);
    if (!doc) return std::nullopt;
    Reader reader{*doc, out, {}};
    reader.def.file = file.string();
    reader.read(doc->root());
    if (out.size() != before) return std::nullopt;
    return std::move(reader.def);
}

}  // namespace photobridge::plugins::declarative
