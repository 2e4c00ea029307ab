#include "postman_import.hpp"

#include "common/json_pretty.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

#include <boost/json.hpp>

namespace photobridge::mock {
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

bool is_template(std::string_view s) { return s.find("{{") != std::string_view::npos; }

std::string text_of(const json::value* v) {
    if (!v) return {};
    if (v->is_string()) return std::string(v->get_string());
    if (v->is_object()) {
        if (auto c = v->get_object().if_contains("content"); c && c->is_string()) return std::string(c->get_string());
    }
    return {};
}

std::string strip_html(const std::string& html) {
    static const std::regex tags("<[^>]*>");
    std::string text = std::regex_replace(html, tags, "");
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

std::string slug(const std::string& name) {
    std::string out;
    for (unsigned char c : name) {
        if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
        else if (!out.empty() && out.back() != '-') out += '-';
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.empty() ? "endpoint" : out;
}

// A request URL as path segments and query entries, from the url object
// (or urlObject), or parsed from the raw string.
struct ParsedUrl {
    std::string host;
    std::vector<std::string> path;
    json::array query;
};

ParsedUrl parse_url(const json::value* url, const json::value* url_object) {
    ParsedUrl out;
    const json::value* obj = (url_object && url_object->is_object()) ? url_object
                             : (url && url->is_object())             ? url
                                                                      : nullptr;
    std::string raw = url && url->is_string() ? std::string(url->get_string())
                      : (url && url->is_object() && url->get_object().contains("raw"))
                          ? std::string(url->at("raw").as_string())
                          : std::string();
    if (obj) {
        if (auto p = obj->get_object().if_contains("path"))
            for (const auto& seg : p->as_array()) out.path.emplace_back(seg.as_string());
        if (auto h = obj->get_object().if_contains("host"))
            for (const auto& seg : h->as_array()) out.host += (out.host.empty() ? "" : ".") + std::string(seg.as_string());
        if (auto q = obj->get_object().if_contains("query"); q && q->is_array()) out.query = q->as_array();
    }
    if (out.path.empty() && !raw.empty()) {
        std::string rest = raw;
        if (auto q = rest.find('?'); q != std::string::npos) rest = rest.substr(0, q);
        if (auto scheme = rest.find("://"); scheme != std::string::npos) {
            auto slash = rest.find('/', scheme + 3);
            out.host = rest.substr(0, slash);
            rest = slash == std::string::npos ? "" : rest.substr(slash);
        } else if (rest.rfind("{{", 0) == 0) {
            auto close = rest.find("}}");
            out.host = rest.substr(0, close + 2);
            rest = close == std::string::npos ? "" : rest.substr(close + 2);
        }
        std::stringstream ss(rest);
        for (std::string seg; std::getline(ss, seg, '/');)
            if (!seg.empty()) out.path.push_back(seg);
    }
    return out;
}

std::optional<std::string> variable_name(const std::string& segment) {
    if (segment.size() > 4 && segment.rfind("{{", 0) == 0 && segment.compare(segment.size() - 2, 2, "}}") == 0)
        return segment.substr(2, segment.size() - 4);
    if (segment.size() > 1 && segment[0] == ':') return segment.substr(1);
    return std::nullopt;
}

json::object query_spec(const std::string& key, const std::string& description) {
    static const std::regex default_re(R"(default:\s*(-?\d+))", std::regex::icase);
    static const std::regex max_re(R"(max:\s*(-?\d+))", std::regex::icase);
    static const std::regex enum_re(R"(:\s*([A-Z][A-Z0-9_]*(?:,\s*[A-Z][A-Z0-9_]*)+))");
    json::object spec;
    spec["name"] = key;
    std::smatch m;
    const bool has_default = std::regex_search(description, m, default_re);
    const std::string default_value = has_default ? m[1].str() : "";
    std::smatch mm;
    const bool has_max = std::regex_search(description, mm, max_re);
    std::smatch em;
    if (key == "cursor") {
        spec["type"] = "cursor";
        spec["format"] = "token";
    } else if (has_default || has_max) {
        spec["type"] = "integer";
        if (has_default) spec["default"] = std::stoll(default_value);
        spec["min"] = has_max ? 1 : 0;
        if (has_max) spec["max"] = std::stoll(mm[1].str());
    } else if (std::regex_search(description, em, enum_re)) {
        spec["type"] = "string";
        json::array values;
        std::stringstream ss(em[1].str());
        for (std::string item; std::getline(ss, item, ',');) {
            item.erase(0, item.find_first_not_of(' '));
            values.emplace_back(item);
        }
        spec["enum"] = std::move(values);
    } else {
        spec["type"] = "string";
    }
    if (!description.empty()) spec["description"] = description;
    return spec;
}

std::optional<json::value> parse_json(const std::string& text) {
    json::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec) return std::nullopt;
    return v;
}

std::string raw_body(const json::object& request) {
    if (auto body = request.if_contains("body"); body && body->is_object())
        if (auto raw = body->get_object().if_contains("raw"); raw && raw->is_string()) return std::string(raw->get_string());
    return {};
}

bool contains_template(const json::value& v) {
    if (v.is_string()) return is_template(v.get_string());
    if (v.is_array()) return std::any_of(v.get_array().begin(), v.get_array().end(), contains_template);
    if (v.is_object())
        return std::any_of(v.get_object().begin(), v.get_object().end(),
                           [](const auto& kv) { return contains_template(kv.value()); });
    return false;
}

bool is_json_request(const json::object& request) {
    if (auto body = request.if_contains("body"); body && body->is_object()) {
        const auto& b = body->get_object();
        if (auto mode = b.if_contains("mode"); !mode || !mode->is_string() || mode->get_string() != "raw") return false;
        if (auto options = b.if_contains("options"); options && options->is_object())
            if (auto raw = options->get_object().if_contains("raw"); raw && raw->is_object())
                if (auto lang = raw->get_object().if_contains("language"); lang && lang->is_string())
                    return lang->get_string() == "json";
    }
    if (auto headers = request.if_contains("header"); headers && headers->is_array())
        for (const auto& h : headers->get_array())
            if (h.is_object() && h.get_object().contains("key") && h.at("key").is_string() &&
                h.at("value").is_string()) {
                std::string key(h.at("key").get_string());
                std::transform(key.begin(), key.end(), key.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                if (key == "content-type" && h.at("value").get_string().find("json") != json::string_view::npos)
                    return true;
            }
    return false;
}

// The schema of a documented request value: its JSON kind; arrays also
// their first element's; objects stay free-form (no properties).
json::object schema_of(const json::value& v) {
    json::object s;
    switch (v.kind()) {
        case json::kind::string: s["type"] = "string"; break;
        case json::kind::bool_: s["type"] = "boolean"; break;
        case json::kind::int64:
        case json::kind::uint64: s["type"] = "integer"; break;
        case json::kind::double_: s["type"] = "number"; break;
        case json::kind::object: s["type"] = "object"; break;
        case json::kind::array:
            s["type"] = "array";
            if (!v.get_array().empty()) s["items"] = schema_of(v.get_array().front());
            break;
        case json::kind::null: break;  // any type
    }
    return s;
}

bool is_empty_value(const json::value& v) {
    return v.is_null() || (v.is_array() && v.get_array().empty()) || (v.is_string() && v.get_string().empty()) ||
           (v.is_object() && v.get_object().empty());
}

// The most common shape of the collection's 4xx example bodies that are an
// object with one string member ({"error": "Studio not found"}): the
// provider's documented error shape, used for the mock's 400s.
std::optional<std::string> error_member(const json::array& items) {
    std::map<std::string, int> counts;
    std::function<void(const json::array&)> walk = [&](const json::array& list) {
        for (const auto& v : list) {
            const auto& item = v.as_object();
            if (auto children = item.if_contains("item")) {
                walk(children->as_array());
                continue;
            }
            const auto* responses = item.if_contains("response");
            if (!responses || !responses->is_array()) continue;
            for (const auto& resp : responses->get_array()) {
                const auto* code = resp.as_object().if_contains("code");
                if (!code || !code->is_int64() || code->get_int64() / 100 != 4) continue;
                const auto* body = resp.as_object().if_contains("body");
                if (!body || !body->is_string()) continue;
                auto parsed = parse_json(std::string(body->get_string()));
                if (!parsed || !parsed->is_object() || parsed->get_object().size() != 1) continue;
                const auto& member = *parsed->get_object().begin();
                if (member.value().is_string()) ++counts[std::string(member.key())];
            }
        }
    };
    walk(items);
    std::optional<std::string> best;
    int best_count = 0;
    for (const auto& [key, count] : counts)
        if (count > best_count) {
            best = key;
            best_count = count;
        }
    return best;
}

struct RequestItem {
    std::string section;  // "Folder / Request"
    const json::object* item = nullptr;
    ParsedUrl url;
};

void collect(const json::array& items, const std::string& folder, std::vector<RequestItem>& out) {
    for (const auto& v : items) {
        const auto& item = v.as_object();
        const std::string name(item.at("name").as_string());
        const std::string section = folder.empty() ? name : folder + " / " + name;
        if (auto children = item.if_contains("item")) {
            collect(children->as_array(), section, out);
            continue;
        }
        const auto& request = item.at("request").as_object();
        out.push_back({section, &item, parse_url(request.if_contains("url"), request.if_contains("urlObject"))});
    }
}

json::object auth_config(const json::object& collection) {
    json::object auth;
    const json::value* a = collection.if_contains("auth");
    const std::string type = a && a->is_object() && a->get_object().contains("type")
                                 ? std::string(a->at("type").as_string())
                                 : std::string();
    if (type == "apikey") {
        std::string header = "X-API-Key";
        if (auto list = a->get_object().if_contains("apikey"); list && list->is_array())
            for (const auto& kv : list->as_array())
                if (kv.at("key").as_string() == "key") header = std::string(kv.at("value").as_string());
        auth["header"] = header;
        auth["scheme"] = "";
    } else {
        auth["header"] = "Authorization";
        auth["scheme"] = type == "basic" ? "Basic" : "Bearer";
    }
    auth["tokens"] = json::object{{"{token}", json::array{}}};
    return auth;
}

}  // namespace

std::vector<ImportedFile> convert_postman_collection(const json::value& collection_value, const std::string& provider,
                                                     const std::string& doc_name) {
    if (!collection_value.is_object() || !collection_value.get_object().contains("item"))
        throw std::runtime_error("not a Postman collection: no \"item\" array");
    const auto& collection = collection_value.get_object();
    std::vector<RequestItem> requests;
    collect(collection.at("item").as_array(), "", requests);
    if (requests.empty()) throw std::runtime_error("the collection has no requests");

    // The base path shared by every request (e.g. api/v2), kept out of templates.
    std::size_t prefix = requests.front().url.path.size();
    for (const auto& r : requests) {
        std::size_t n = 0;
        while (n < prefix && n + 1 < r.url.path.size() && r.url.path[n] == requests.front().url.path[n] &&
               !variable_name(r.url.path[n]))
            ++n;
        prefix = std::min(prefix, n);
    }
    std::string base_url = requests.front().url.host;
    for (std::size_t i = 0; i < prefix; ++i) base_url += "/" + requests.front().url.path[i];

    std::vector<ImportedFile> files;
    json::object provider_doc;
    provider_doc["provider"] = provider;
    provider_doc["title"] = collection.contains("info") ? collection.at("info").at("name") : json::value(provider);
    provider_doc["doc"] = doc_name;
    provider_doc["base_url"] = base_url;
    provider_doc["auth"] = auth_config(collection);
    if (auto member = error_member(collection.at("item").as_array())) {
        provider_doc["request_errors"] = json::object{
            {"status", 400},
            {"body", json::object{{*member, "{message}"}}},
            {"note", "The shape most of the collection's 4xx examples share; the mock's 400 for an invalid request "
                     "body puts its message there."}};
    }
    provider_doc["generated_by"] = "photobridge-mock import-postman";
    files.push_back({"provider.json", common::pretty_json(provider_doc)});

    std::set<std::string> used_ids;
    for (const auto& r : requests) {
        const auto& item = *r.item;
        const auto& request = item.at("request").as_object();
        std::string id = slug(std::string(item.at("name").as_string()));
        while (!used_ids.insert(id).second) id += "-2";

        std::string path;
        std::vector<std::optional<std::string>> variables;  // per segment after the prefix
        for (std::size_t i = prefix; i < r.url.path.size(); ++i) {
            auto var = variable_name(r.url.path[i]);
            variables.push_back(var);
            path += "/" + (var ? "{" + *var + "}" : r.url.path[i]);
        }
        if (path.empty()) path = "/";

        json::object endpoint;
        endpoint["id"] = id;
        endpoint["method"] = request.at("method");
        endpoint["path"] = path;
        bool auth_required = true;
        if (auto a = request.if_contains("auth"); a && a->is_object() && a->get_object().contains("type"))
            auth_required = a->at("type").as_string() != "noauth";
        endpoint["auth"] = json::object{{"required", auth_required}};
        endpoint["provenance"] = json::object{{"doc", doc_name}, {"section", r.section}};
        const std::string description = strip_html(text_of(request.if_contains("description")));
        if (!description.empty()) endpoint["description"] = description;

        json::array query;
        std::set<std::string> seen;
        for (const auto& q : r.url.query) {
            const std::string key(q.at("key").as_string());
            if (!seen.insert(key).second) continue;
            query.push_back(query_spec(key, strip_html(text_of(q.get_object().if_contains("description")))));
        }

        // Example bodies of the sibling examples, for body triggers.
        const json::array empty;
        const json::array& responses =
            item.contains("response") ? item.at("response").as_array() : empty;
        std::vector<std::optional<json::value>> request_bodies;
        for (const auto& resp : responses) {
            const auto& original = resp.at("originalRequest").as_object();
            request_bodies.push_back(parse_json(raw_body(original)));
        }

        json::array examples;
        for (std::size_t e = 0; e < responses.size(); ++e) {
            const auto& resp = responses[e].as_object();
            const auto& original = resp.at("originalRequest").as_object();
            json::object example;
            const std::string example_name(resp.at("name").as_string());
            example["name"] = example_name;
            example["status"] = resp.contains("code") ? resp.at("code") : json::value(200);
            json::array headers;
            if (auto h = resp.if_contains("header"); h && h->is_array())
                for (const auto& hv : h->as_array())
                    headers.push_back(json::object{{"name", hv.at("key")}, {"value", hv.at("value")}});
            example["headers"] = std::move(headers);
            const std::string body_text = resp.contains("body") && resp.at("body").is_string()
                                              ? std::string(resp.at("body").as_string())
                                              : std::string();
            if (auto parsed = parse_json(body_text)) example["body"] = std::move(*parsed);
            else if (!body_text.empty()) example["body_text"] = body_text;

            json::object triggers;
            const ParsedUrl original_url = parse_url(original.if_contains("url"), nullptr);
            json::object query_triggers;
            for (const auto& q : original_url.query) {
                const auto& qo = q.as_object();
                if (auto d = qo.if_contains("disabled"); d && d->is_bool() && d->get_bool()) continue;
                if (!qo.contains("value") || !qo.at("value").is_string()) continue;
                const std::string value(qo.at("value").as_string());
                if (is_template(value)) continue;
                query_triggers[qo.at("key").as_string()] = value;
            }
            json::object path_triggers;
            for (std::size_t i = 0; i < variables.size() && prefix + i < original_url.path.size(); ++i) {
                const std::string& seg = original_url.path[prefix + i];
                if (variables[i] && !variable_name(seg) && !is_template(seg)) path_triggers[*variables[i]] = seg;
            }
            json::object body_triggers;
            if (request_bodies[e] && request_bodies[e]->is_object()) {
                for (const auto& kv : request_bodies[e]->get_object()) {
                    if (contains_template(kv.value())) continue;
                    bool differs_from_all = true;
                    bool has_sibling = false;
                    for (std::size_t o = 0; o < responses.size(); ++o) {
                        if (o == e || !request_bodies[o] || !request_bodies[o]->is_object()) continue;
                        has_sibling = true;
                        auto other = request_bodies[o]->get_object().if_contains(kv.key());
                        if (other && *other == kv.value()) differs_from_all = false;
                    }
                    if (has_sibling && differs_from_all) body_triggers[kv.key()] = kv.value();
                }
            }
            // An enum value outside the enum marks this example as the
            // parameter's documented error.
            for (auto& spec_value : query) {
                auto& spec = spec_value.as_object();
                auto it = query_triggers.find(spec.at("name").as_string());
                if (it == query_triggers.end() || !spec.contains("enum")) continue;
                const auto& allowed = spec.at("enum").as_array();
                if (std::find(allowed.begin(), allowed.end(), it->value()) == allowed.end() &&
                    !spec.contains("on_invalid"))
                    spec["on_invalid"] = json::object{{"example", example_name}, {"placeholder", it->value()}};
            }
            if (!query_triggers.empty()) triggers["query"] = std::move(query_triggers);
            if (!path_triggers.empty()) triggers["path"] = std::move(path_triggers);
            if (!body_triggers.empty()) triggers["body"] = std::move(body_triggers);
            if (!triggers.empty()) example["triggers"] = std::move(triggers);
            example["provenance"] = json::object{{"doc", doc_name}, {"section", r.section}, {"example", example_name}};
            examples.push_back(std::move(example));
        }
        endpoint["query"] = std::move(query);
        if (is_json_request(request)) {
            // The documented request body: the first 2xx example's request
            // when it is JSON, else the request's own.
            std::optional<json::value> documented;
            for (std::size_t e = 0; e < responses.size() && !documented; ++e) {
                const auto* code = responses[e].as_object().if_contains("code");
                if (code && code->is_int64() && code->get_int64() / 100 == 2 && request_bodies[e] &&
                    request_bodies[e]->is_object())
                    documented = request_bodies[e];
            }
            if (!documented) documented = parse_json(raw_body(request));
            if (documented && documented->is_object()) {
                json::object properties;
                for (const auto& kv : documented->get_object()) properties[kv.key()] = schema_of(kv.value());
                // A field a 4xx example sends empty (its trigger) is one the
                // API requires; that example answers its absence.
                json::array required;
                for (const auto& example_value : examples) {
                    const auto& example = example_value.as_object();
                    if (example.at("status").to_number<int>() / 100 != 4 || !example.contains("triggers")) continue;
                    const auto& triggers = example.at("triggers").as_object();
                    if (!triggers.contains("body")) continue;
                    for (const auto& kv : triggers.at("body").as_object()) {
                        auto* property = properties.if_contains(kv.key());
                        if (!property || !is_empty_value(kv.value()) || property->as_object().contains("on_missing"))
                            continue;
                        required.emplace_back(kv.key());
                        property->as_object()["on_missing"] = example.at("name");
                    }
                }
                json::object body;
                body["type"] = "object";
                body["required"] = std::move(required);
                body["properties"] = std::move(properties);
                endpoint["request"] = json::object{{"content_type", "application/json"},
                                                   {"body", std::move(body)},
                                                   {"example", *documented},
                                                   {"provenance", json::object{{"doc", doc_name}, {"section", r.section}}}};
            }
        }
        if (examples.empty()) continue;  // nothing documented to replay
        endpoint["examples"] = std::move(examples);
        files.push_back({id + ".json", common::pretty_json(endpoint)});
    }
    return files;
}

std::vector<std::string> import_postman(const std::string& collection_file, const std::string& provider,
                                        const std::string& out_dir) {
    std::ifstream in(collection_file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + collection_file);
    std::stringstream buffer;
    buffer << in.rdbuf();
    json::error_code ec;
    json::value collection = json::parse(buffer.str(), ec);
    if (ec) throw std::runtime_error(collection_file + " is not JSON: " + ec.message());
    const auto files = convert_postman_collection(collection, provider, fs::path(collection_file).filename().string());
    fs::create_directories(out_dir);
    std::vector<std::string> names;
    for (const auto& f : files) {
        std::ofstream out(fs::path(out_dir) / f.name, std::ios::binary | std::ios::trunc);
        out << f.content;
        if (!out) throw std::runtime_error("cannot write " + (fs::path(out_dir) / f.name).string());
        names.push_back(f.name);
    }
    return names;
}

}  // namespace photobridge::mock
