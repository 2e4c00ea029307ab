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

const std::vector<std::string> kTopKeys = {"provider", "config", "auth", "headers", "streams", "operations", "errors"};
const std::vector<std::string> kProviderKeys = {"id", "name", "version", "description", "docs"};
const std::vector<std::string> kSchemaKeys = {"type",    "description", "default",   "required", "secret",
                                              "minimum", "maximum",     "minLength", "maxLength", "enum",
                                              "items",   "maxItems",    "not"};
const std::vector<std::string> kSchemaTypes = {"string", "integer", "number", "boolean", "array", "null"};
const std::vector<std::string> kAuthTypes = {"none", "bearer", "header", "query", "basic"};
const std::vector<std::string> kStreamKeys = {"description", "record",      "path",   "method", "query",
                                              "params",      "paging",      "records", "total", "page_size",
                                              "incremental", "fields",      "media",   "types",
                                              "page_types"};
const std::vector<std::string> kValueTypes = {"string", "integer", "number", "boolean", "object", "array"};
const std::vector<std::string> kRecordKinds = {"photo", "submission", "contact"};
const std::vector<std::string> kPagingStyles = {"none", "offset", "page", "cursor", "next_url", "link_header"};
const std::vector<std::string> kMediaKeys = {"variant", "variant_from", "each", "url", "width", "height", "expires_at"};
const std::vector<std::string> kErrorsKeys = {"message", "code", "code_key_of", "reset_header", "rules"};
const std::vector<std::string> kOperationKeys = {"description", "method",     "path",        "query",    "input",
                                                 "json_body",   "multipart",  "input_bytes", "result",   "find",
                                                 "idempotent",  "creates",    "lookup",      "answer",   "types"};
const std::vector<std::string> kMethods = {"GET", "POST", "PUT", "PATCH", "DELETE"};
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
    // A submission is photo-shaped, plus when and where it was submitted.
    static const std::vector<std::pair<std::string, FieldType>> submission = [] {
        auto fields = photo;
        fields.insert(fields.end(), {{"submitted_at", FieldType::text},
                                     {"updated_at", FieldType::text},
                                     {"studio_id", FieldType::text}});
        return fields;
    }();
    return kind == "contact" ? contact : kind == "submission" ? submission : photo;
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

// The entries of a table in the file's order (toml++ sorts a table by key),
// so manifests, queries and headers read as the author wrote them.
std::vector<std::pair<std::string, const toml::node*>> in_file_order(const toml::table& t) {
    std::vector<std::pair<std::string, const toml::node*>> entries;
    for (auto&& [k, node] : t) entries.emplace_back(std::string(k.str()), &node);
    std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        const auto& x = a.second->source().begin;
        const auto& y = b.second->source().begin;
        return x.line != y.line ? x.line < y.line : x.column < y.column;
    });
    return entries;
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

    // A template of {SCOPE.X} and {config.K} placeholders, where SCOPE is
    // "params" (a stream's parameters) or "input" (an operation's input), and
    // `names` are the names it has (null: no such placeholder allowed).
    Template check_template(const std::string& where, const std::string& text, const std::set<std::string>* names,
                            std::string_view scope_name = "params") const {
        const std::string what = scope_name == "params" ? "parameter of the stream" : "input key of the operation";
        const std::size_t unclosed = scan_placeholders(
            text, [](std::string_view) {},
            [&](std::string_view placeholder, std::size_t offset) {
                const std::string name(placeholder);
                const auto dot = name.find('.');
                const std::string scope = name.substr(0, dot);
                const std::string key = dot == std::string::npos ? std::string() : name.substr(dot + 1);
                if (scope == scope_name && !key.empty()) {
                    if (names == nullptr || names->count(key) == 0) {
                        std::vector<std::string> known;
                        if (names != nullptr) known.assign(names->begin(), names->end());
                        out.add(doc.inside_string(where, offset),
                                where + ": {" + name + "} names no " + what + common::suggestion_suffix(key, known));
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
                            where + ": {" + name + "} is not a placeholder: use {" + std::string(scope_name) +
                                ".NAME} or {config.KEY}");
                }
            });
        if (unclosed != std::string::npos)
            out.add(doc.inside_string(where, unclosed), where + ": '{' without a closing '}'");
        return Template{text};
    }

    // A manifest-style schema for one config key or stream parameter.
    std::optional<json::object> read_schema(const toml::table& t, const std::string& path, bool type_required = true) const {
        TomlTableReader r(doc, t, path, out);
        json::object schema;
        std::optional<std::string> type;
        const auto known_type = [&](const std::string& where, const std::string& name) {
            if (std::find(kSchemaTypes.begin(), kSchemaTypes.end(), name) != kSchemaTypes.end()) return true;
            error_at(where, "unknown type '" + name + "'" + common::suggestion_suffix(name, kSchemaTypes));
            return false;
        };
        const toml::node* type_node = r.get("type");
        if (const toml::array* types = type_node != nullptr ? type_node->as_array() : nullptr) {
            // A list of types ("string", "null"): defaults and enums are not
            // checked against it.
            json::array list;
            for (std::size_t i = 0; i < types->size(); ++i) {
                const std::string where = element_path(r.child("type"), i);
                if (const auto* name = (*types)[i].as_string()) {
                    if (known_type(where, name->get())) list.push_back(json::string(name->get()));
                } else {
                    error_at(where, "expected a type name, got " + toml_kind_name((*types)[i]));
                }
            }
            if (list.empty()) r.error_at_value("type", "an empty list of types");
            schema["type"] = std::move(list);
            type = "";
        } else if ((type = r.string("type", type_required))) {
            if (known_type(r.child("type"), *type)) schema["type"] = *type;
        }
        if (auto d = r.string("description")) schema["description"] = *d;
        if (auto b = r.boolean("required")) schema["required"] = *b;
        if (auto b = r.boolean("secret")) schema["secret"] = *b;
        for (const char* key : {"minLength", "maxLength", "maxItems"})
            if (auto n = r.integer(key, 0, 1 << 30)) schema[key] = *n;
        if (const toml::table* refused = r.table("not")) {
            if (auto n = read_schema(*refused, r.child("not"), false)) {
                for (const char* key : {"required", "secret", "default"})
                    if (n->erase(key)) error_at(child_path(r.child("not"), key), "not a setting of a refused value");
                schema["not"] = std::move(*n);
            }
        }
        if (const toml::table* items = r.table("items")) {
            if (auto item = read_schema(*items, r.child("items"))) {
                for (const char* key : {"required", "secret"})
                    if (item->erase(key)) error_at(child_path(r.child("items"), key), "not a setting of an array's items");
                schema["items"] = std::move(*item);
            }
        }
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
            if (!numeric_only && type && !type->empty() && !fits_type(*value, *type)) {
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
                if (!value || (type && !type->empty() && !fits_type(*value, *type))) {
                    error_at(element_path(r.child("enum"), i),
                             value ? "expected " + article(*type) + ", got " + toml_kind_name((*values)[i]) : problem);
                    continue;
                }
                list.push_back(std::move(*value));
            }
            schema["enum"] = std::move(list);
        }
        r.report_unknown(kSchemaKeys);
        if (!type && type_required) return std::nullopt;
        return schema;
    }

    static bool fits_type(const json::value& v, const std::string& type) {
        if (type == "string") return v.is_string();
        if (type == "integer") return v.is_int64() || v.is_uint64();
        if (type == "number") return v.is_number();
        if (type == "boolean") return v.is_bool();
        if (type == "array") return v.is_array();
        if (type == "null") return v.is_null();
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
        for (const auto& [key, node_ptr] : in_file_order(t)) {
            const toml::node& node = *node_ptr;
            const std::string path = child_path("headers", key);
            if (const auto* s = node.as_string()) {
                def.headers.emplace_back(key, s->get());
                const std::string lower = [&] {
                    std::string l(key);
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

    // A stream or operation name (`what`): a-z, 0-9 and '_', as ids are.
    void check_name(const std::string& path, const std::string& name, const std::string& what) const {
        const bool valid = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        });
        if (!valid) error_at_key(path, what + " name is made of a-z, 0-9 and '_'");
    }

    // A record path, or a list of them (the first present wins). "" (the
    // whole body) only where `empty_allowed`.
    std::vector<std::string> read_paths(const toml::node& node, const std::string& path, bool empty_allowed) const {
        std::vector<std::string> paths;
        if (const auto* s = node.as_string()) {
            if (check_record_path(path, s->get(), empty_allowed) && !s->get().empty()) paths.push_back(s->get());
            return paths;
        }
        const auto* list = node.as_array();
        if (list == nullptr) {
            error_at(path, "expected a path or a list of paths, got " + toml_kind_name(node));
            return paths;
        }
        for (std::size_t i = 0; i < list->size(); ++i) {
            const std::string element = element_path(path, i);
            if (const auto* s = (*list)[i].as_string()) {
                if (check_record_path(element, s->get())) paths.push_back(s->get());
            } else {
                error_at(element, "expected a path (a string), got " + toml_kind_name((*list)[i]));
            }
        }
        if (list->empty()) error_at(path, "an empty list of paths");
        return paths;
    }

    // A manifest-style object schema from a table of keys -> schemas
    // (`required = true` on a key lists it in "required"). `names` gets the
    // keys. `what` names an entry in messages ("a stream parameter").
    json::object read_object_schema(const toml::table& t, const std::string& path, std::set<std::string>& names,
                                    const std::string& what) const {
        json::object properties;
        json::array required;
        for (const auto& [key, node_ptr] : in_file_order(t)) {
            const toml::node& node = *node_ptr;
            const std::string pp = child_path(path, key);
            names.insert(key);
            const auto* entry = node.as_table();
            if (entry == nullptr) {
                error_at(pp, "expected a table (type, enum, default, required, ...), got " + toml_kind_name(node));
                continue;
            }
            if (auto schema = read_schema(*entry, pp)) {
                if (const auto* req = schema->if_contains("required"); req != nullptr && req->is_bool()) {
                    if (req->get_bool()) required.push_back(json::string(key));
                    schema->erase("required");
                }
                if (schema->contains("secret")) error_at(child_path(pp, "secret"), what + " is never a secret");
                properties[key] = std::move(*schema);
            }
        }
        json::object schema{{"type", "object"}, {"properties", std::move(properties)}};
        if (!required.empty()) schema["required"] = std::move(required);
        return schema;
    }

    // A URL path of templates, "/a/{params.b}": its segments.
    std::vector<Template> read_url_path(TomlTableReader& r, const std::set<std::string>& names, std::string_view scope) const {
        std::vector<Template> segments;
        auto p = r.string("path", true);
        if (!p) return segments;
        const std::string where = r.child("path");
        if (p->empty() || p->front() != '/') {
            r.error_at_value("path", "must start with '/' (it is appended to base_url)");
            return segments;
        }
        std::size_t start = 1;
        while (start <= p->size()) {
            const std::size_t slash = p->find('/', start);
            const std::string segment = p->substr(start, slash == std::string::npos ? std::string::npos : slash - start);
            if (!segment.empty()) segments.push_back(check_template(where, segment, &names, scope));
            if (slash == std::string::npos) break;
            start = slash + 1;
        }
        return segments;
    }

    std::vector<std::pair<std::string, Template>> read_query(TomlTableReader& r, const std::set<std::string>& names,
                                                             std::string_view scope) const {
        std::vector<std::pair<std::string, Template>> query;
        const toml::table* q = r.table("query");
        if (q == nullptr) return query;
        for (const auto& [key, node_ptr] : in_file_order(*q)) {
            const toml::node& node = *node_ptr;
            const std::string qp = child_path(r.child("query"), key);
            if (const auto* v = node.as_string())
                query.emplace_back(key, check_template(qp, v->get(), &names, scope));
            else if (node.is_integer() || node.is_boolean())
                query.emplace_back(key,
                                   Template{node.is_integer() ? std::to_string(node.as_integer()->get())
                                                              : (node.as_boolean()->get() ? "true" : "false")});
            else
                error_at(qp, "expected a string (with {" + std::string(scope) + ".X} or {config.K}), got " +
                                 toml_kind_name(node));
        }
        return query;
    }

    // Input keys named in a list (json_body.keys, multipart.fields).
    std::vector<std::string> read_input_keys(const toml::array* list, const std::string& path,
                                             const std::set<std::string>& inputs) const {
        std::vector<std::string> keys;
        if (list == nullptr) return keys;
        for (std::size_t i = 0; i < list->size(); ++i) {
            const std::string element = element_path(path, i);
            const auto* name = (*list)[i].as_string();
            if (name == nullptr) {
                error_at(element, "expected an input key (a string), got " + toml_kind_name((*list)[i]));
                continue;
            }
            if (!inputs.count(name->get()))
                error_at(element, "'" + name->get() + "' names no input key of the operation" +
                                      common::suggestion_suffix(name->get(), std::vector<std::string>(inputs.begin(), inputs.end())));
            keys.push_back(name->get());
        }
        return keys;
    }

    // A stream named by an operation (result, find, lookup): its spec, or
    // null (reported).
    const StreamSpec* stream_named(TomlTableReader& r, const std::string& key) const {
        auto name = r.string(key, true);
        if (!name) return nullptr;
        if (const StreamSpec* s = def.stream(*name)) return s;
        std::vector<std::string> names;
        for (const StreamSpec& s : def.streams) names.push_back(s.name);
        r.error_at_value(key, "names no stream of the file" + common::suggestion_suffix(*name, names));
        return nullptr;
    }

    // The { stream, match, <input_key> } of a find or a lookup: a stream read
    // with the operation's input as its parameters, a path of its provider
    // records, and the input key whose value that path must equal. Empty
    // strings for what is missing or wrong (reported).
    struct StreamMatch {
        std::string stream, match, input;
    };
    StreamMatch read_stream_match(TomlTableReader& r, const std::string& input_key,
                                  const std::set<std::string>& inputs) const {
        StreamMatch m;
        if (const StreamSpec* s = stream_named(r, "stream")) {
            m.stream = s->name;
            check_stream_params_from_input(r, "stream", *s, inputs);
        }
        if (auto path = r.string("match", true); path && check_record_path(r.child("match"), *path)) m.match = *path;
        if (auto key = r.string(input_key, true)) {
            m.input = *key;
            if (!inputs.count(*key))
                r.error_at_value(input_key, "names no input key of the operation" +
                                                common::suggestion_suffix(*key, std::vector<std::string>(inputs.begin(), inputs.end())));
        }
        return m;
    }

    void read_operation(const std::string& name, const toml::table& t) {
        const std::string path = child_path("operations", name);
        OperationSpec op;
        op.name = name;
        check_name(path, name, "an operation");
        if (name == "download_media")
            error_at_key(path, "download_media is every provider file's own operation (media URLs of the records)");
        TomlTableReader r(doc, t, path, out);
        if (auto d = r.string("description")) op.description = *d;
        std::set<std::string> inputs;
        if (const toml::table* in = r.table("input"))
            op.input_schema = read_object_schema(*in, r.child("input"), inputs, "an input key");
        else
            op.input_schema = {{"type", "object"}, {"properties", json::object()}};

        if (const toml::table* find = r.table("find")) {
            // A find walks a stream: no request of its own.
            TomlTableReader fr(doc, *find, r.child("find"), out);
            op.answer = OperationSpec::Answer::find;
            op.method.clear();
            StreamMatch m = read_stream_match(fr, "equals", inputs);
            op.result_stream = std::move(m.stream);
            op.match_path = std::move(m.match);
            op.match_input = std::move(m.input);
            fr.report_unknown({"stream", "match", "equals"});
            for (const char* key : {"method", "path", "query", "json_body", "multipart", "input_bytes", "result", "lookup",
                                    "answer", "types"})
                if (r.get(key) != nullptr) r.error_at_key(key, "an operation with find makes no request of its own");
        } else {
            if (auto m = r.string("method", true)) {
                if (std::find(kMethods.begin(), kMethods.end(), *m) == kMethods.end())
                    r.error_at_value("method", "unknown method '" + *m + "'" + common::suggestion_suffix(*m, kMethods));
                op.method = *m;
            }
            op.path = read_url_path(r, inputs, "input");
            op.query = read_query(r, inputs, "input");
            read_operation_body(r, op, inputs);
            read_operation_result(r, op);
            if (const toml::table* answer = r.table("answer")) {
                if (r.get("result") != nullptr) r.error_at_key("answer", "give result or answer, not both");
                op.answer = OperationSpec::Answer::shape;
                op.shape = read_answer_object(*answer, r.child("answer"));
            }
            if (const toml::table* types = r.table("types")) op.types = read_value_checks(*types, r.child("types"));
        }
        if (auto b = r.boolean("idempotent")) op.idempotent = *b;
        else op.idempotent = op.method == "GET" || op.answer == OperationSpec::Answer::find;
        if (auto b = r.boolean("creates")) op.creates = *b;
        if (op.creates && op.idempotent) r.error_at_key("creates", "an operation that creates is not idempotent");
        if (const toml::table* lookup = r.table("lookup")) {
            TomlTableReader lr(doc, *lookup, r.child("lookup"), out);
            StreamMatch m = read_stream_match(lr, "by", inputs);
            op.lookup_stream = std::move(m.stream);
            op.lookup_match = std::move(m.match);
            op.lookup_by = std::move(m.input);
            if (auto k = lr.string("key_into")) {
                if (k->find("{key}") == std::string::npos) lr.error_at_value("key_into", "must contain {key} (the record's idempotency key)");
                op.key_into = *k;
            }
            lr.report_unknown({"stream", "match", "by", "key_into"});
            if (!op.creates) r.error_at_key("lookup", "a lookup finds what an operation created: it needs creates = true");
            if (op.answer != OperationSpec::Answer::record)
                r.error_at_key("lookup", "a lookup needs result = { record = STREAM } (the id of what was created)");
        }
        r.report_unknown(kOperationKeys);
        def.operations.push_back(std::move(op));
    }

    // A stream read on behalf of an operation takes its parameters from the
    // operation's input: each required parameter must be an input key.
    void check_stream_params_from_input(TomlTableReader& r, const std::string& key, const StreamSpec& s,
                                        const std::set<std::string>& inputs) const {
        if (const auto* required = s.params_schema.if_contains("required"))
            for (const auto& p : required->as_array())
                if (!inputs.count(std::string(p.as_string())))
                    r.error_at_value(key, "the stream needs parameter '" + std::string(p.as_string()) +
                                              "', which is not an input key of the operation");
    }

    void read_operation_body(TomlTableReader& r, OperationSpec& op, const std::set<std::string>& inputs) const {
        const toml::table* json_body = r.table("json_body");
        const toml::table* multipart = r.table("multipart");
        if (json_body != nullptr && multipart != nullptr) r.error_at_key("multipart", "give json_body or multipart, not both");
        if ((json_body != nullptr || multipart != nullptr) && op.method == "GET")
            r.error_at_key(json_body != nullptr ? "json_body" : "multipart", "a GET sends no body");
        if (json_body != nullptr) {
            TomlTableReader br(doc, *json_body, r.child("json_body"), out);
            op.body = OperationSpec::Body::json;
            op.body_keys = read_input_keys(br.array("keys", true), br.child("keys"), inputs);
            if (auto b = br.boolean("at_least_one")) op.body_needs_one = *b;
            br.report_unknown({"keys", "at_least_one"});
        }
        if (multipart != nullptr) {
            TomlTableReader mr(doc, *multipart, r.child("multipart"), out);
            op.body = OperationSpec::Body::multipart;
            if (auto f = mr.string("file", true)) {
                if (f->empty()) mr.error_at_value("file", "must name the part");
                op.file_part = *f;
            }
            if (auto n = mr.string("filename")) op.file_name = check_template(mr.child("filename"), *n, &inputs, "input");
            op.body_keys = read_input_keys(mr.array("fields"), mr.child("fields"), inputs);
            mr.report_unknown({"file", "filename", "fields"});
        }
        if (const toml::table* bytes = r.table("input_bytes")) {
            TomlTableReader yr(doc, *bytes, r.child("input_bytes"), out);
            if (auto b = yr.boolean("required")) op.bytes_required = *b;
            if (auto n = yr.integer("max_bytes", 1, std::int64_t{1} << 40)) op.max_bytes = *n;
            if (const toml::array* types = yr.array("types")) {
                for (std::size_t i = 0; i < types->size(); ++i) {
                    const auto* type = (*types)[i].as_string();
                    if (type != nullptr && (type->get() == "image/jpeg" || type->get() == "image/png"))
                        op.bytes_types.push_back(type->get());
                    else
                        error_at(element_path(yr.child("types"), i), "the types recognised are image/jpeg and image/png");
                }
            }
            yr.report_unknown({"required", "max_bytes", "types"});
            if (multipart == nullptr) r.error_at_key("input_bytes", "input bytes are sent as a multipart file: add multipart");
        } else if (multipart != nullptr) {
            r.error_at_key("multipart", "a multipart body carries the input bytes: add input_bytes = { required = true }");
        }
    }

    void read_operation_result(TomlTableReader& r, OperationSpec& op) const {
        const toml::node* result = r.get("result");
        if (result == nullptr) return;  // the body as it is
        if (const auto* text = result->as_string()) {
            if (text->get() != "body") r.error_at_value("result", "expected \"body\" or { record = STREAM, at = PATH }");
            return;
        }
        const auto* t = result->as_table();
        if (t == nullptr) {
            r.error_at_value("result", "expected \"body\" or { record = STREAM, at = PATH }, got " + toml_kind_name(*result));
            return;
        }
        TomlTableReader rr(doc, *t, r.child("result"), out);
        op.answer = OperationSpec::Answer::record;
        if (const StreamSpec* s = stream_named(rr, "record")) op.result_stream = s->name;
        if (auto at = rr.string("at"); at && check_record_path(rr.child("at"), *at)) op.result_at = *at;
        if (auto under = rr.string("under")) {
            if (under->empty()) rr.error_at_value("under", "must name the answer's key");
            op.result_under = *under;
        }
        if (const toml::table* if_null = rr.table("if_null")) {
            if (op.result_under.empty()) rr.error_at_key("if_null", "needs under (the answer is then an object)");
            for (const auto& [key, node] : in_file_order(*if_null)) {
                const std::string where = child_path(rr.child("if_null"), key);
                if (const auto* path = node->as_string(); path != nullptr && check_record_path(where, path->get()))
                    op.result_if_null.emplace_back(key, path->get());
                else if (path == nullptr)
                    error_at(where, "expected a path of the body, got " + toml_kind_name(*node));
            }
        }
        rr.report_unknown({"record", "at", "under", "if_null"});
    }

    // A [types] table: path -> "type", ["type", ...] or { type, required }.
    std::vector<ValueCheck> read_value_checks(const toml::table& t, const std::string& path) const {
        std::vector<ValueCheck> checks;
        for (const auto& [key, node] : in_file_order(t)) {
            const std::string tp = child_path(path, key);
            if (!check_record_path(tp, key)) continue;
            ValueCheck check;
            check.path = key;
            const auto one = [&](const toml::node& n, const std::string& where) {
                const auto* name = n.as_string();
                if (name == nullptr)
                    error_at(where, "expected a type name, got " + toml_kind_name(n));
                else if (std::find(kValueTypes.begin(), kValueTypes.end(), name->get()) == kValueTypes.end())
                    error_at(where, "unknown type '" + name->get() + "'" + common::suggestion_suffix(name->get(), kValueTypes));
                else
                    check.types.push_back(name->get());
            };
            const auto types = [&](const toml::node& n, const std::string& where) {
                if (const auto* list = n.as_array()) {
                    for (std::size_t i = 0; i < list->size(); ++i) one((*list)[i], element_path(where, i));
                    if (list->empty()) error_at(where, "an empty list of types");
                } else {
                    one(n, where);
                }
            };
            if (const auto* table = node->as_table()) {
                TomlTableReader cr(doc, *table, tp, out);
                if (const toml::node* type = cr.get("type")) types(*type, cr.child("type"));
                if (auto required = cr.boolean("required")) check.required = *required;
                cr.report_unknown({"type", "required"});
            } else {
                types(*node, tp);
            }
            checks.push_back(std::move(check));
        }
        return checks;
    }

    // An [answer] shape (AnswerShape): a table of keys, each a path, an
    // { each } or a { media_of }.
    std::shared_ptr<const AnswerShape> read_answer_object(const toml::table& t, const std::string& path) const {
        auto shape = std::make_shared<AnswerShape>();
        shape->kind = AnswerShape::Kind::object;
        for (const auto& [key, node] : in_file_order(t))
            shape->keys.emplace_back(key, read_answer_value(*node, child_path(path, key)));
        if (t.empty()) error_at(path, "an answer needs at least one key");
        return shape;
    }

    bool check_answer_path(const std::string& where, const std::string& path) const {
        return check_record_path(where, !path.empty() && path.front() == '/' ? path.substr(1) : path);
    }

    std::shared_ptr<const AnswerShape> read_answer_value(const toml::node& node, const std::string& path) const {
        auto shape = std::make_shared<AnswerShape>();
        if (const auto* text = node.as_string()) {
            shape->kind = AnswerShape::Kind::path;
            shape->path = text->get();
            check_answer_path(path, shape->path);
            return shape;
        }
        const auto* t = node.as_table();
        if (t == nullptr) {
            error_at(path, "expected a path, { each, answer } or { media_of }, got " + toml_kind_name(node));
            return shape;
        }
        TomlTableReader r(doc, *t, path, out);
        if (auto each = r.string("each")) {
            shape->kind = AnswerShape::Kind::each;
            shape->path = *each;
            check_answer_path(r.child("each"), *each);
            if (const toml::table* types = r.table("types")) shape->element_types = read_value_checks(*types, r.child("types"));
            if (const toml::table* answer = r.table("answer", true)) shape->element = read_answer_object(*answer, r.child("answer"));
            r.report_unknown({"each", "types", "answer"});
        } else if (auto media = r.string("media_of")) {
            shape->kind = AnswerShape::Kind::media;
            shape->path = *media;
            check_answer_path(r.child("media_of"), *media);
            if (auto expires = r.string("expires_at")) {
                shape->expires_at = *expires;
                check_answer_path(r.child("expires_at"), *expires);
            }
            r.report_unknown({"media_of", "expires_at"});
        } else {
            error_at(path, "a table here needs each (an array of elements) or media_of (an object of media URLs)");
            r.report_unknown({"each", "types", "answer", "media_of", "expires_at"});
        }
        return shape;
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
                    error_at(rp, "expected a table { path, in | present | exists, value }, got " + toml_kind_name((*rules)[i]));
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
                const auto exists = rr.boolean("exists");
                if (in != nullptr) {
                    for (std::size_t j = 0; j < in->size(); ++j) {
                        if (const auto* s = (*in)[j].as_string()) rule.in.push_back(s->get());
                        else if (const auto* n = (*in)[j].as_integer()) rule.in.push_back(std::to_string(n->get()));
                        else error_at(element_path(rr.child("in"), j), "expected a string, got " + toml_kind_name((*in)[j]));
                    }
                }
                if (present) rule.present = *present;
                if (exists) rule.exists = *exists;
                if ((in != nullptr) + rule.present + rule.exists != 1)
                    error_at(rp, "a rule needs exactly one test: in = [...], present = true or exists = true");
                if (const toml::node* v = rr.get("value", true)) {
                    std::string problem;
                    if (auto value = common::toml_to_json(*v, problem)) rule.value = std::move(*value);
                    else rr.error_at_value("value", problem);
                }
                rr.report_unknown({"path", "in", "present", "exists", "value"});
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
            optional = {"has_more"};
        } else if (*style == "page") {
            p.style = Paging::Style::page;
            required = {"page_param", "size_param"};
            optional = {"first_page", "has_more"};
        } else if (*style == "cursor") {
            p.style = Paging::Style::cursor;
            required = {"cursor_param", "next_cursor"};
            optional = {"size_param", "has_more"};
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
            if ((key == "next_cursor" || key == "next_url" || key == "has_more") && !v->empty())
                check_record_path(r.child(key), *v);
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
            } else if (key == "has_more") {
                p.has_more = text(key, false);
            }
        }
        std::vector<std::string> allowed = {"style"};
        allowed.insert(allowed.end(), required.begin(), required.end());
        allowed.insert(allowed.end(), optional.begin(), optional.end());
        static const std::vector<std::string> every = {"style",       "offset_param", "limit_param", "page_param",
                                                       "first_page",  "size_param",   "cursor_param", "next_cursor",
                                                       "next_url",    "has_more"};
        r.report_unknown(allowed, other_variant_hint(every, allowed, "paging style '" + *style + "'"));
        return true;
    }

    void read_stream(const std::string& name, const toml::table& t) {
        const std::string path = child_path("streams", name);
        StreamSpec s;
        s.name = name;
        check_name(path, name, "a stream");
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
        if (const toml::table* pt = r.table("params"))
            s.params_schema = read_object_schema(*pt, r.child("params"), params, "a stream parameter");
        else
            s.params_schema = {{"type", "object"}, {"properties", json::object()}};
        s.path = read_url_path(r, params, "params");
        s.query = read_query(r, params, "params");
        bool paging_known = false;
        if (const toml::table* pg = r.table("paging", true)) paging_known = read_paging(*pg, r.child("paging"), s.paging);
        if (const toml::node* records = r.get("records")) s.records = read_paths(*records, r.child("records"), true);
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
        if (const toml::table* types = r.table("types")) s.types = read_value_checks(*types, r.child("types"));
        if (const toml::table* types = r.table("page_types")) s.page_types = read_value_checks(*types, r.child("page_types"));
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
                    if (auto e = mr.string("each"); e && check_record_path(mr.child("each"), *e)) m.each = *e;
                    if (auto v = mr.string("variant_from"); v && check_record_path(mr.child("variant_from"), *v)) {
                        m.variant_from = *v;
                        if (m.each.empty()) mr.error_at_key("variant_from", "needs each (the array whose elements name their variant)");
                        if (mt->get("variant") != nullptr) mr.error_at_key("variant", "give variant or variant_from, not both");
                    }
                    if (auto v = mr.string("variant", m.variant_from.empty())) m.variant = *v;
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
        if (auto k = r.string("code_key_of"); k && check_record_path(r.child("code_key_of"), *k)) def.errors.code_key_of = *k;
        if (!def.errors.code.empty() && !def.errors.code_key_of.empty())
            r.error_at_key("code_key_of", "give code or code_key_of, not both");
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
                if (auto n = rr.integer("http_status", 100, 599)) rule.http_status = static_cast<int>(*n);
                if (auto b = rr.string("body_path"); b && check_record_path(rr.child("body_path"), *b)) rule.body_path = *b;
                if (const toml::node* eq = rr.get("equals")) {
                    // Strings, integers and booleans, compared as text ("false").
                    const auto text = [](const toml::node& n) -> std::optional<std::string> {
                        if (const auto* s = n.as_string()) return s->get();
                        if (const auto* i = n.as_integer()) return std::to_string(i->get());
                        if (const auto* b = n.as_boolean()) return b->get() ? "true" : "false";
                        return std::nullopt;
                    };
                    if (auto one = text(*eq)) rule.equals.push_back(*one);
                    else if (const auto* list = eq->as_array()) {
                        for (std::size_t j = 0; j < list->size(); ++j) {
                            if (auto t = text((*list)[j])) rule.equals.push_back(*t);
                            else error_at(element_path(rr.child("equals"), j), "expected a string, an integer or a boolean, got " + toml_kind_name((*list)[j]));
                        }
                    } else {
                        rr.error_at_value("equals", "expected a string, an integer, a boolean or a list of them, got " + toml_kind_name(*eq));
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
                if (rule.http_status && *rule.http_status < 400 && rule.body_path.empty())
                    rr.error_at_value("http_status", "a success code fails only with a body test: add body_path and equals "
                                                     "(e.g. body_path = \"success\", equals = false)");
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
        if (const toml::table* t = r.table("operations")) {
            for (auto&& [k, node] : *t) {
                if (const auto* ot = node.as_table()) read_operation(std::string(k.str()), *ot);
                else error_at(child_path("operations", k.str()), "expected a table, got " + toml_kind_name(node));
            }
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
