#include "fixture_loader.hpp"

#include "base64.hpp"
#include "placeholders.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace photobridge::mock {
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

json::value read_json_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error(file.string() + ": cannot open the fixture");
    std::stringstream buffer;
    buffer << in.rdbuf();
    json::error_code ec;
    json::value v = json::parse(buffer.str(), ec);
    if (ec) throw std::runtime_error(file.string() + ": invalid JSON: " + ec.message());
    return v;
}

const json::object& as_object(const json::value& v, const char* what) {
    if (!v.is_object()) throw std::runtime_error(std::string(what) + " must be a JSON object");
    return v.get_object();
}

std::string get_string(const json::object& o, const char* key, bool required = true) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) {
        if (required) throw std::runtime_error(std::string("missing string field \"") + key + "\"");
        return {};
    }
    if (!it->value().is_string()) throw std::runtime_error(std::string("field \"") + key + "\" must be a string");
    return std::string(it->value().get_string());
}

std::optional<std::int64_t> get_int(const json::object& o, const char* key) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) return std::nullopt;
    if (auto p = it->value().if_int64()) return *p;
    if (auto p = it->value().if_uint64()) return static_cast<std::int64_t>(*p);
    throw std::runtime_error(std::string("field \"") + key + "\" must be an integer");
}

QueryParamSpec parse_query_param(const json::object& o) {
    QueryParamSpec spec;
    spec.name = get_string(o, "name");
    const std::string type = get_string(o, "type", false);
    if (type.empty() || type == "string") spec.type = QueryParamSpec::Type::String;
    else if (type == "integer") spec.type = QueryParamSpec::Type::Integer;
    else if (type == "number") spec.type = QueryParamSpec::Type::Number;
    else if (type == "boolean") spec.type = QueryParamSpec::Type::Boolean;
    else if (type == "cursor") spec.type = QueryParamSpec::Type::Cursor;
    else throw std::runtime_error("query parameter " + spec.name + ": unknown type " + type);
    spec.min = get_int(o, "min");
    spec.max = get_int(o, "max");
    if (auto it = o.find("enum"); it != o.end()) {
        for (const auto& v : it->value().as_array()) spec.allowed.emplace_back(v.as_string());
    }
    spec.cursor_format = get_string(o, "format", false);
    if (spec.type == QueryParamSpec::Type::Cursor && spec.cursor_format.empty()) spec.cursor_format = "token";
    if (auto it = o.find("on_invalid"); it != o.end()) {
        const auto& inv = as_object(it->value(), "on_invalid");
        spec.invalid_example = get_string(inv, "example");
        spec.invalid_placeholder = get_string(inv, "placeholder", false);
    }
    return spec;
}

Trigger parse_trigger(const json::object& o) {
    Trigger t;
    auto strings = [&](const char* key, std::vector<std::pair<std::string, std::string>>& out) {
        auto it = o.find(key);
        if (it == o.end()) return;
        for (const auto& kv : as_object(it->value(), key)) {
            if (!kv.value().is_string()) throw std::runtime_error(std::string("trigger ") + key + " values must be strings");
            out.emplace_back(std::string(kv.key()), std::string(kv.value().get_string()));
        }
    };
    strings("query", t.query);
    strings("path", t.path);
    if (auto it = o.find("body"); it != o.end()) {
        for (const auto& kv : as_object(it->value(), "trigger body")) t.body.emplace_back(std::string(kv.key()), kv.value());
    }
    return t;
}

bool known_type(const std::string& t, bool multipart) {
    if (multipart) return t == "file" || t == "string";
    return t == "string" || t == "integer" || t == "number" || t == "boolean" || t == "array" || t == "object" ||
           t == "null";
}

std::shared_ptr<const ValueSchema> parse_schema(const json::object& o, const std::string& where, bool multipart,
                                                bool top_level);

ValueSchema parse_schema_value(const json::object& o, const std::string& where, bool multipart, bool root) {
    ValueSchema s;
    if (auto it = o.find("type"); it != o.end()) {
        if (it->value().is_string()) s.types.emplace_back(it->value().get_string());
        else
            for (const auto& t : it->value().as_array()) s.types.emplace_back(t.as_string());
        for (const auto& t : s.types)
            if (!(root ? t == "object" : known_type(t, multipart)))
                throw std::runtime_error(where + ": unknown type " + t);
    }
    if (auto it = o.find("enum"); it != o.end())
        for (const auto& v : it->value().as_array()) s.allowed.push_back(v);
    if (auto it = o.find("required"); it != o.end())
        for (const auto& v : it->value().as_array()) s.required.emplace_back(v.as_string());
    if (auto it = o.find("properties"); it != o.end()) {
        for (const auto& kv : as_object(it->value(), "properties")) {
            const std::string name(kv.key());
            s.properties.emplace_back(name, parse_schema(as_object(kv.value(), "property"), where + "." + name,
                                                         multipart && root, root));
        }
    }
    if (auto it = o.find("items"); it != o.end())
        s.items = parse_schema(as_object(it->value(), "items"), where + "[]", false, false);
    s.on_missing_example = get_string(o, "on_missing", false);
    s.on_invalid_example = get_string(o, "on_invalid", false);
    for (const auto& name : s.required) {
        const bool declared = std::any_of(s.properties.begin(), s.properties.end(),
                                          [&](const auto& p) { return p.first == name; });
        if (!declared) throw std::runtime_error(where + ": required " + name + " is not among the properties");
    }
    return s;
}

std::shared_ptr<const ValueSchema> parse_schema(const json::object& o, const std::string& where, bool multipart,
                                                bool top_level) {
    ValueSchema s = parse_schema_value(o, where, multipart, false);
    if (!top_level && (!s.on_missing_example.empty() || !s.on_invalid_example.empty()))
        throw std::runtime_error(where + ": on_missing / on_invalid only apply to top-level fields");
    return std::make_shared<const ValueSchema>(std::move(s));
}

RequestSpec parse_request(const json::object& o) {
    RequestSpec spec;
    const std::string content_type = get_string(o, "content_type");
    if (content_type == "application/json") spec.kind = RequestSpec::Kind::Json;
    else if (content_type == "multipart/form-data") spec.kind = RequestSpec::Kind::Multipart;
    else throw std::runtime_error("request: content_type must be application/json or multipart/form-data");
    if (auto it = o.find("body"); it != o.end())
        spec.body = parse_schema_value(as_object(it->value(), "request body"), "request.body",
                                       spec.kind == RequestSpec::Kind::Multipart, true);
    return spec;
}

bool is_hop_by_hop(const std::string& lower_name) {
    return lower_name == "content-length" || lower_name == "transfer-encoding" || lower_name == "connection" ||
           lower_name == "keep-alive" || lower_name == "content-encoding" || lower_name == "content-type";
}

Example parse_example(const json::object& o) {
    Example ex;
    ex.name = get_string(o, "name");
    ex.status = static_cast<int>(get_int(o, "status").value_or(200));
    if (ex.status < 100 || ex.status > 599) throw std::runtime_error("example " + ex.name + ": bad status");
    ex.content_type = "application/json";
    if (auto it = o.find("headers"); it != o.end()) {
        for (const auto& h : it->value().as_array()) {
            const auto& ho = as_object(h, "header");
            std::string name = get_string(ho, "name");
            std::string value = get_string(ho, "value");
            std::string lname = lower(name);
            if (lname == "content-type") ex.content_type = value;
            if (!is_hop_by_hop(lname)) ex.headers.emplace_back(std::move(name), std::move(value));
        }
    }
    if (auto it = o.find("body"); it != o.end()) {
        ex.body_json = it->value();
        ex.body = json::serialize(ex.body_json);
    } else if (auto b64 = o.find("body_base64"); b64 != o.end()) {
        auto decoded = base64_decode(b64->value().as_string());
        if (!decoded) throw std::runtime_error("example " + ex.name + ": body_base64 is not base64");
        ex.body = std::move(*decoded);
        ex.body_is_json = false;
    } else if (auto text = o.find("body_text"); text != o.end()) {
        ex.body = std::string(text->value().as_string());
        ex.body_is_json = false;
    } else {
        ex.body_is_json = false;  // no body
    }
    if (auto it = o.find("triggers"); it != o.end()) ex.trigger = parse_trigger(as_object(it->value(), "triggers"));
    if (auto it = o.find("default"); it != o.end()) ex.is_default = it->value().as_bool();
    if (auto it = o.find("on_missing_scope"); it != o.end()) ex.on_missing_scope = it->value().as_bool();
    ex.has_placeholders = has_placeholders(ex.body) ||
                          std::any_of(ex.headers.begin(), ex.headers.end(),
                                      [](const auto& header) { return has_placeholders(header.second); });
    return ex;
}

}  // namespace

std::unique_ptr<Endpoint> parse_endpoint(const json::value& doc, const std::string& provider, const std::string& id) {
    const auto& o = as_object(doc, "endpoint fixture");
    auto ep = std::make_unique<Endpoint>();
    ep->provider = provider;
    ep->id = id;
    ep->method = get_string(o, "method");
    std::transform(ep->method.begin(), ep->method.end(), ep->method.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    ep->path = get_string(o, "path");
    ep->compiled = PathTemplate(ep->path);
    if (auto it = o.find("auth"); it != o.end()) {
        const auto& auth = as_object(it->value(), "auth");
        if (auto r = auth.find("required"); r != auth.end()) ep->auth_required = r->value().as_bool();
        ep->scope = get_string(auth, "scope", false);
    }
    if (auto it = o.find("query"); it != o.end()) {
        for (const auto& q : it->value().as_array()) ep->query.push_back(parse_query_param(as_object(q, "query parameter")));
    }
    if (auto r = o.find("request"); r != o.end()) ep->request = parse_request(as_object(r->value(), "request"));
    auto it = o.find("examples");
    if (it == o.end() || !it->value().is_array() || it->value().as_array().empty())
        throw std::runtime_error("an endpoint needs at least one example");
    for (const auto& e : it->value().as_array()) ep->examples.push_back(parse_example(as_object(e, "example")));
    // Default example: the one marked default, else the first 2xx, else the first.
    ep->default_example = ep->examples.size();
    for (std::size_t i = 0; i < ep->examples.size(); ++i)
        if (ep->examples[i].is_default) { ep->default_example = i; break; }
    if (ep->default_example == ep->examples.size()) {
        ep->default_example = 0;
        for (std::size_t i = 0; i < ep->examples.size(); ++i)
            if (ep->examples[i].status / 100 == 2) { ep->default_example = i; break; }
    }
    for (const auto& q : ep->query) {
        if (q.invalid_example.empty()) continue;
        bool found = std::any_of(ep->examples.begin(), ep->examples.end(),
                                 [&](const Example& ex) { return ex.name == q.invalid_example; });
        if (!found) throw std::runtime_error("query parameter " + q.name + ": on_invalid names unknown example " + q.invalid_example);
    }
    for (const auto& [name, field] : ep->request.body.properties) {
        for (const std::string* example : {&field->on_missing_example, &field->on_invalid_example}) {
            if (example->empty()) continue;
            bool found = std::any_of(ep->examples.begin(), ep->examples.end(),
                                     [&](const Example& ex) { return ex.name == *example; });
            if (!found) throw std::runtime_error("request field " + name + ": names unknown example " + *example);
        }
    }
    ep->served = std::make_unique<std::atomic<std::uint64_t>[]>(ep->examples.size());
    return ep;
}

namespace {

// A response written in provider.json ("unauthorized", "rate_limit"): the
// example format without name and triggers; `default_status` when absent.
Example parse_answer(const json::object& o, const char* what, int default_status) {
    json::object with_name = o;
    with_name["name"] = what;
    if (!with_name.contains("status")) with_name["status"] = default_status;
    try {
        return parse_example(with_name);
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string(what) + ": " + e.what());
    }
}

DeclaredRateLimit parse_rate_limit(const json::value& v) {
    const auto& o = as_object(v, "rate_limit");
    DeclaredRateLimit limit;
    const auto requests = get_int(o, "requests");
    const auto window = get_int(o, "window_seconds");
    if (!requests || *requests <= 0) throw std::runtime_error("rate_limit.requests must be an integer > 0");
    if (!window || *window <= 0 || *window > 86400)
        throw std::runtime_error("rate_limit.window_seconds must be an integer in 1..86400");
    limit.requests = static_cast<std::uint64_t>(*requests);
    limit.window_ms = *window * 1000;
    // "headers" is an object here ({"X-RateLimit-Reset": "{{reset_epoch}}"}),
    // or the example format's list of {name, value}.
    json::object answer;
    for (const auto& kv : o) {
        if (kv.key() == "requests" || kv.key() == "window_seconds") continue;
        if (kv.key() == "headers" && kv.value().is_object()) {
            json::array headers;
            for (const auto& h : kv.value().get_object()) {
                if (!h.value().is_string()) throw std::runtime_error("rate_limit.headers values must be strings");
                headers.push_back(json::object{{"name", h.key()}, {"value", h.value()}});
            }
            answer["headers"] = std::move(headers);
        } else {
            answer[kv.key()] = kv.value();
        }
    }
    limit.answer = parse_answer(answer, "rate_limit", 429);
    if (limit.answer.status < 400) throw std::runtime_error("rate_limit.status must be 400..599");
    return limit;
}

// "<endpoint id>#<example name>", or an example name that exactly one of the
// provider's endpoints has.
UnauthorizedAnswer find_unauthorized_example(const Provider& provider, const std::string& name) {
    const auto hash = name.find('#');
    const std::string endpoint_id = hash == std::string::npos ? std::string() : name.substr(0, hash);
    const std::string example = hash == std::string::npos ? name : name.substr(hash + 1);
    std::optional<UnauthorizedAnswer> found;
    std::vector<std::string> candidates;
    for (const auto& ep : provider.endpoints) {
        if (!endpoint_id.empty() && ep->id != endpoint_id) continue;
        for (std::size_t i = 0; i < ep->examples.size(); ++i) {
            if (ep->examples[i].name != example) continue;
            candidates.push_back(ep->id + "#" + example);
            if (!found) found = UnauthorizedAnswer{ep.get(), i, {}};
        }
    }
    if (!found) throw std::runtime_error("unauthorized names no example of this provider: " + name);
    if (candidates.size() > 1) {
        std::string list;
        for (const auto& c : candidates) list += (list.empty() ? "" : ", ") + c;
        throw std::runtime_error("unauthorized: several endpoints have an example " + example +
                                 "; write \"<endpoint id>#<example>\" (" + list + ")");
    }
    return *found;
}

std::unique_ptr<Provider> load_provider(const fs::path& folder) {
    auto provider = std::make_unique<Provider>();
    provider->folder = folder.string();
    std::string unauthorized_name;  // provider.json names a documented example
    const fs::path provider_file = folder / "provider.json";
    try {
        const auto doc = read_json_file(provider_file);
        const auto& o = as_object(doc, "provider.json");
        provider->id = get_string(o, "provider");
        provider->title = get_string(o, "title", false);
        provider->doc = get_string(o, "doc", false);
        provider->base_url = get_string(o, "base_url", false);
        const auto& auth = as_object(o.at("auth"), "auth");
        provider->auth.header = get_string(auth, "header", false);
        provider->auth.query_parameter = get_string(auth, "query", false);
        if (provider->auth.header.empty() == provider->auth.query_parameter.empty())
            throw std::runtime_error("auth needs exactly one of \"header\" and \"query\"");
        provider->auth.scheme = get_string(auth, "scheme", false);
        if (!provider->auth.query_parameter.empty() && !provider->auth.scheme.empty())
            throw std::runtime_error("auth: a query parameter credential has no scheme");
        for (const auto& kv : as_object(auth.at("tokens"), "tokens")) {
            std::vector<std::string> scopes;
            for (const auto& s : kv.value().as_array()) scopes.emplace_back(s.as_string());
            provider->auth.tokens.emplace_back(std::string(kv.key()), std::move(scopes));
        }
        if (auto re = o.find("request_errors"); re != o.end()) {
            const auto& shape = as_object(re->value(), "request_errors");
            provider->request_errors.status = static_cast<int>(get_int(shape, "status").value_or(400));
            if (provider->request_errors.status < 400 || provider->request_errors.status > 499)
                throw std::runtime_error("request_errors.status must be a 4xx status");
            if (auto b = shape.find("body"); b != shape.end()) provider->request_errors.body = b->value();
        }
        if (auto rl = o.find("rate_limit"); rl != o.end()) provider->rate_limit = parse_rate_limit(rl->value());
        if (auto un = o.find("unauthorized"); un != o.end()) {
            if (un->value().is_object()) {
                UnauthorizedAnswer answer;
                answer.inline_example = parse_answer(un->value().get_object(), "unauthorized", 401);
                provider->unauthorized = std::move(answer);
            } else if (un->value().is_string()) {
                unauthorized_name = std::string(un->value().get_string());
            } else {
                throw std::runtime_error("unauthorized must name an example (\"<endpoint id>#<example>\" or "
                                         "\"<example>\") or be an example object");
            }
        }
    } catch (const std::exception& e) {
        const std::string what = e.what();
        if (what.rfind(provider_file.string(), 0) == 0) throw;  // read_json_file already named it
        throw std::runtime_error(provider_file.string() + ": " + what);
    }
    if (provider->id != folder.filename().string())
        throw std::runtime_error(provider_file.string() + ": provider id must equal the folder name");

    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder))
        if (entry.is_regular_file() && entry.path().extension() == ".json" && entry.path().filename() != "provider.json")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        try {
            auto ep = parse_endpoint(read_json_file(file), provider->id, file.stem().string());
            ep->source_file = file.string();
            provider->endpoints.push_back(std::move(ep));
        } catch (const std::exception& e) {
            throw std::runtime_error(file.string() + ": " + e.what());
        }
    }
    if (!unauthorized_name.empty()) {
        try {
            provider->unauthorized = find_unauthorized_example(*provider, unauthorized_name);
        } catch (const std::exception& e) {
            throw std::runtime_error(provider_file.string() + ": " + e.what());
        }
    }
    // Literal segments beat variables: /photos/favorite before /photos/{photoId}.
    std::stable_sort(provider->endpoints.begin(), provider->endpoints.end(), [](const auto& a, const auto& b) {
        return a->compiled.literal_count() > b->compiled.literal_count();
    });
    return provider;
}

}  // namespace

namespace {

// The provider folders in `dir`: `dir` itself when it holds provider.json,
// else its subfolders that do.
std::vector<fs::path> provider_folders_in(const std::string& dir) {
    const fs::path root(dir);
    std::error_code ec;
    if (!fs::is_directory(root, ec)) throw std::runtime_error("fixtures directory not found: " + dir);
    if (fs::exists(root / "provider.json", ec)) return {root};
    std::vector<fs::path> folders;
    for (const auto& entry : fs::directory_iterator(root, ec))
        if (entry.is_directory() && fs::exists(entry.path() / "provider.json")) folders.push_back(entry.path());
    if (ec) throw std::runtime_error("cannot read fixtures directory " + dir + ": " + ec.message());
    std::sort(folders.begin(), folders.end());
    if (folders.empty())
        throw std::runtime_error("fixtures directory " + dir +
                                 " holds no provider.json, neither itself nor in a folder directly inside it");
    return folders;
}

}  // namespace

Catalog load_fixtures(const std::vector<std::string>& dirs, const std::vector<std::string>& providers) {
    // Every folder's provider id (its folder name) first, so a duplicate is
    // reported before any fixture is parsed.
    std::vector<std::pair<std::string, fs::path>> by_id;
    for (const auto& dir : dirs) {
        for (const auto& folder : provider_folders_in(dir)) {
            const std::string id = folder.filename().string();
            for (const auto& [seen_id, seen_folder] : by_id)
                if (seen_id == id)
                    throw std::runtime_error("provider " + id + " is defined twice: in " + seen_folder.string() +
                                             " and in " + folder.string());
            by_id.emplace_back(id, folder);
        }
    }
    std::vector<fs::path> chosen;
    if (providers.empty()) {
        for (const auto& [id, folder] : by_id) chosen.push_back(folder);
    } else {
        for (const auto& wanted : providers) {
            auto it = std::find_if(by_id.begin(), by_id.end(), [&](const auto& p) { return p.first == wanted; });
            if (it == by_id.end()) {
                std::string where;
                for (const auto& dir : dirs) where += (where.empty() ? "" : ", ") + dir;
                throw std::runtime_error("no fixtures for provider " + wanted + " in " + where);
            }
            chosen.push_back(it->second);
        }
    }
    Catalog catalog;
    for (const auto& folder : chosen) catalog.providers.push_back(load_provider(folder));
    return catalog;
}

}  // namespace photobridge::mock
