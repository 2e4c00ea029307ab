// read_dataset_spec (dataset_spec.hpp): dataset.toml through toml++, every
// problem reported at the line and column of the key or value concerned.
// The only file of the mock that includes toml++.
#include "declarative/dataset_spec.hpp"

#include <boost/json.hpp>
#include <toml++/toml.h>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "dataset/timestamps.hpp"

namespace photobridge::mock::declarative {
namespace {

// Bounds that keep every generator's arithmetic inside int64 for up to
// 10,000,000 records (time steps are seconds, stored as milliseconds).
constexpr std::int64_t kMaxInteger = 1'000'000'000'000'000;  // 1e15
constexpr std::int64_t kMaxStep = 10'000'000;

class Reader {
public:
    explicit Reader(std::string file) : file_(std::move(file)) {}

    [[noreturn]] void fail(const toml::source_region& where, const std::string& problem) const {
        std::string message = file_;
        message.append(":").append(std::to_string(where.begin.line ? where.begin.line : 1));
        message.append(":").append(std::to_string(where.begin.column ? where.begin.column : 1));
        message.append(": ").append(problem);
        throw DatasetSpecError(message);
    }

    // Every key of `table` must be one of `known`.
    void only_keys(const toml::table& table, std::string_view where, std::initializer_list<std::string_view> known) const {
        for (const auto& [key, node] : table) {
            bool ok = false;
            for (auto k : known) ok = ok || key.str() == k;
            if (!ok) {
                std::string list;
                for (auto k : known) list.append(list.empty() ? "" : ", ").append(k);
                fail(key.source(), std::string(where) + ": unknown key \"" + std::string(key.str()) + "\" (known: " + list + ")");
            }
        }
    }

    const toml::table& table(const toml::table& parent, std::string_view key, std::string_view where) const {
        const toml::node* node = parent.get(key);
        if (!node) fail(parent.source(), std::string(where) + ": missing [" + std::string(key) + "]");
        if (!node->is_table()) fail(node->source(), std::string(where) + "." + std::string(key) + " must be a table");
        return *node->as_table();
    }

    std::string string(const toml::table& t, std::string_view key, std::string_view where, std::optional<std::string> fallback = std::nullopt) const {
        const toml::node* node = t.get(key);
        if (!node) {
            if (fallback) return *fallback;
            fail(t.source(), std::string(where) + ": missing \"" + std::string(key) + "\"");
        }
        if (!node->is_string()) fail(node->source(), std::string(where) + "." + std::string(key) + " must be a string");
        return std::string(node->as_string()->get());
    }

    // Integers are within +-kMaxInteger, so that no generator overflows.
    std::optional<std::int64_t> integer(const toml::table& t, std::string_view key, std::string_view where) const {
        const toml::node* node = t.get(key);
        if (!node) return std::nullopt;
        if (!node->is_integer()) fail(node->source(), std::string(where) + "." + std::string(key) + " must be an integer");
        const std::int64_t value = node->as_integer()->get();
        if (value < -kMaxInteger || value > kMaxInteger)
            fail(node->source(), std::string(where) + "." + std::string(key) + ": integers are within +-" + std::to_string(kMaxInteger));
        return value;
    }

    std::optional<double> number(const toml::table& t, std::string_view key, std::string_view where) const {
        const toml::node* node = t.get(key);
        if (!node) return std::nullopt;
        if (node->is_integer()) return static_cast<double>(node->as_integer()->get());
        if (!node->is_floating_point() || !std::isfinite(node->as_floating_point()->get()))
            fail(node->source(), std::string(where) + "." + std::string(key) + " must be a finite number");
        return node->as_floating_point()->get();
    }

    std::optional<bool> boolean(const toml::table& t, std::string_view key, std::string_view where) const {
        const toml::node* node = t.get(key);
        if (!node) return std::nullopt;
        if (!node->is_boolean()) fail(node->source(), std::string(where) + "." + std::string(key) + " must be true or false");
        return node->as_boolean()->get();
    }

    // [low, high] or a single integer (both ends equal).
    std::optional<std::pair<std::int64_t, std::int64_t>> range(const toml::table& t, std::string_view key, std::string_view where) const {
        const toml::node* node = t.get(key);
        if (!node) return std::nullopt;
        if (node->is_integer()) {
            const std::int64_t step = node->as_integer()->get();
            if (step < -kMaxStep || step > kMaxStep)
                fail(node->source(), std::string(where) + "." + std::string(key) + ": steps are within +-" + std::to_string(kMaxStep));
            return std::pair{step, step};
        }
        const toml::array* a = node->as_array();
        if (!a || a->size() != 2 || !(*a)[0].is_integer() || !(*a)[1].is_integer())
            fail(node->source(), std::string(where) + "." + std::string(key) + " must be an integer or [low, high]");
        const std::int64_t low = (*a)[0].as_integer()->get(), high = (*a)[1].as_integer()->get();
        if (low < -kMaxStep || high > kMaxStep)
            fail(node->source(), std::string(where) + "." + std::string(key) + ": steps are within +-" + std::to_string(kMaxStep));
        if (low > high) fail(node->source(), std::string(where) + "." + std::string(key) + ": low is greater than high");
        return std::pair{low, high};
    }

    std::vector<std::string> strings(const toml::table& t, std::string_view key, std::string_view where) const {
        std::vector<std::string> out;
        const toml::node* node = t.get(key);
        if (!node) return out;
        const toml::array* a = node->as_array();
        if (!a) fail(node->source(), std::string(where) + "." + std::string(key) + " must be an array of strings");
        for (const auto& e : *a) {
            if (!e.is_string()) fail(e.source(), std::string(where) + "." + std::string(key) + " must hold strings");
            out.emplace_back(e.as_string()->get());
        }
        return out;
    }

    boost::json::value json(const toml::node& node) const {
        if (node.is_string()) return boost::json::value(std::string_view(node.as_string()->get()));
        if (node.is_integer()) return boost::json::value(node.as_integer()->get());
        if (node.is_floating_point()) {
            if (!std::isfinite(node.as_floating_point()->get())) fail(node.source(), "JSON has no inf or nan");
            return boost::json::value(node.as_floating_point()->get());
        }
        if (node.is_boolean()) return boost::json::value(node.as_boolean()->get());
        if (const toml::array* a = node.as_array()) {
            boost::json::array out;
            for (const auto& e : *a) out.push_back(json(e));
            return out;
        }
        if (const toml::table* t = node.as_table()) {
            boost::json::object out;
            for (const auto& [k, v] : *t) out[std::string_view(k.str())] = json(v);
            return out;
        }
        fail(node.source(), "dates and times are not JSON values: write them as strings");
    }

    std::vector<boost::json::value> json_array(const toml::table& t, std::string_view key, std::string_view where) const {
        std::vector<boost::json::value> out;
        const toml::node* node = t.get(key);
        if (!node) return out;
        const toml::array* a = node->as_array();
        if (!a) fail(node->source(), std::string(where) + "." + std::string(key) + " must be an array");
        for (const auto& e : *a) out.push_back(json(e));
        return out;
    }

    const std::string& file() const { return file_; }

private:
    std::string file_;
};

std::string read_text(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw DatasetSpecError(file + ": cannot read the file");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bool is_pointer(std::string_view p) { return p.empty() || p.front() == '/'; }

// The parent of a pointer must exist in the template; the pointer itself
// may add a member to an object.
bool can_write(const boost::json::value& record, std::string_view pointer) {
    if (pointer.empty()) return false;
    const auto slash = pointer.rfind('/');
    boost::system::error_code ec;
    const boost::json::value* parent = record.find_pointer(pointer.substr(0, slash), ec);
    if (!parent) return false;
    if (parent->is_object()) return true;
    if (parent->is_array()) {
        boost::system::error_code ec2;
        return record.find_pointer(pointer, ec2) != nullptr;
    }
    return false;
}

bool exists(const boost::json::value& record, std::string_view pointer) {
    boost::system::error_code ec;
    return record.find_pointer(pointer, ec) != nullptr;
}

const Endpoint* find_endpoint(const Provider& provider, std::string_view id) {
    for (const auto& e : provider.endpoints)
        if (e->id == id) return e.get();
    return nullptr;
}

FieldGenerator::Kind kind_named(const Reader& reader, const toml::node& node, std::string_view name) {
    using K = FieldGenerator::Kind;
    static const std::pair<std::string_view, K> kinds[] = {
        {"sequence", K::sequence}, {"time", K::time},         {"integer", K::integer},
        {"number", K::number},     {"pick", K::pick},         {"chance", K::chance},
        {"token", K::token},       {"hex", K::hex},           {"digits", K::digits},           {"email", K::email},
        {"first_name", K::first_name}, {"last_name", K::last_name}, {"full_name", K::full_name},
        {"text", K::text},         {"copy", K::copy},         {"constant", K::constant}};
    std::string known;
    for (const auto& [n, k] : kinds) {
        if (n == name) return k;
        known.append(known.empty() ? "" : ", ").append(n);
    }
    reader.fail(node.source(), "unknown generator \"" + std::string(name) + "\" (known: " + known + ")");
}

FieldGenerator read_field(const Reader& r, const toml::table& t, std::string_view where, const boost::json::value& record,
                          const std::set<std::string>& numeric_fields, const std::set<std::string>& known_fields) {
    r.only_keys(t, where, {"at", "generate", "first", "from", "start", "step", "format", "min", "max", "decimals",
                           "probability", "values", "length", "prefix", "text", "value", "when", "otherwise"});
    FieldGenerator g;
    g.at = r.string(t, "at", where);
    if (!is_pointer(g.at) || !can_write(record, g.at))
        r.fail(t.get("at")->source(), std::string(where) + ".at: \"" + g.at +
                                          "\" is not a place in the documented record (a JSON pointer whose parent exists)");
    const std::string kind = r.string(t, "generate", where);
    g.kind = kind_named(r, *t.get("generate"), kind);
    g.first = r.json_array(t, "first", where);
    using K = FieldGenerator::Kind;
    auto need = [&](std::string_view key) -> const toml::node& {
        const toml::node* n = t.get(key);
        if (!n) r.fail(t.source(), std::string(where) + ": generator \"" + kind + "\" needs \"" + std::string(key) + "\"");
        return *n;
    };
    if (g.kind == K::sequence || g.kind == K::time || g.kind == K::copy) {
        g.from = r.string(t, "from", where, std::string());
        if (!g.from.empty()) {
            const bool ok = g.kind == K::copy ? known_fields.count(g.from) || exists(record, g.from) : numeric_fields.count(g.from) > 0;
            if (!ok)
                r.fail(t.get("from")->source(),
                       std::string(where) + ".from: \"" + g.from +
                           (g.kind == K::copy ? "\" is not in the record"
                                              : "\" is not an earlier field generated by \"" + kind + "\""));
        } else if (g.kind == K::copy) {
            need("from");
        }
    }
    if (g.kind == K::sequence || g.kind == K::time) {
        const auto step = r.range(t, "step", where).value_or(std::pair<std::int64_t, std::int64_t>{1, 1});
        g.step_min = step.first, g.step_max = step.second;
    }
    if (g.kind == K::sequence) {
        g.start = r.integer(t, "start", where).value_or(1);
        for (const auto& f : g.first)
            if (!f.is_int64() || f.as_int64() < -kMaxInteger || f.as_int64() > kMaxInteger)
                r.fail(t.get("first")->source(), std::string(where) + ".first: sequence values are integers within +-" +
                                                     std::to_string(kMaxInteger));
    }
    if (g.kind == K::time) {
        const std::string start = r.string(t, "start", where, std::string("2024-01-01T00:00:00Z"));
        const auto parsed = dataset::parse_iso8601(start);
        if (!parsed) r.fail(t.get("start") ? t.get("start")->source() : t.source(), std::string(where) + ".start: not an ISO 8601 time");
        g.start = *parsed;
        const std::string format = r.string(t, "format", where, std::string("iso_seconds"));
        using F = FieldGenerator::TimeFormat;
        if (format == "iso_seconds") g.time_format = F::iso_seconds;
        else if (format == "iso_millis") g.time_format = F::iso_millis;
        else if (format == "epoch_seconds") g.time_format = F::epoch_seconds;
        else if (format == "epoch_millis") g.time_format = F::epoch_millis;
        else r.fail(t.get("format")->source(), std::string(where) + ".format: one of iso_seconds, iso_millis, epoch_seconds, epoch_millis");
        for (const auto& f : g.first)
            if (!f.is_string() || !dataset::parse_iso8601(f.as_string()))
                r.fail(t.get("first")->source(), std::string(where) + ".first: time values are ISO 8601 strings");
    }
    if (g.kind == K::integer) {
        need("min"), need("max");
        g.min = *r.integer(t, "min", where), g.max = *r.integer(t, "max", where);
        if (g.min > g.max) r.fail(t.get("min")->source(), std::string(where) + ": min is greater than max");
    }
    if (g.kind == K::number) {
        need("min"), need("max");
        g.number_min = *r.number(t, "min", where), g.number_max = *r.number(t, "max", where);
        if (g.number_min > g.number_max) r.fail(t.get("min")->source(), std::string(where) + ": min is greater than max");
        g.decimals = static_cast<int>(r.integer(t, "decimals", where).value_or(2));
        if (g.decimals < 0 || g.decimals > 9) r.fail(t.get("decimals")->source(), std::string(where) + ".decimals: 0 to 9");
    }
    if (g.kind == K::pick) {
        need("values");
        g.values = r.json_array(t, "values", where);
        if (g.values.empty()) r.fail(t.get("values")->source(), std::string(where) + ".values: at least one value");
    }
    if (g.kind == K::chance) {
        g.probability = r.number(t, "probability", where).value_or(0.5);
        if (g.probability < 0 || g.probability > 1) r.fail(t.get("probability")->source(), std::string(where) + ".probability: 0 to 1");
    }
    if (g.kind == K::token || g.kind == K::hex || g.kind == K::digits) {
        const auto length = r.integer(t, "length", where).value_or(16);
        if (length < 1 || length > 4096) r.fail(t.get("length")->source(), std::string(where) + ".length: 1 to 4096");
        g.length = static_cast<std::size_t>(length);
        g.prefix = r.string(t, "prefix", where, std::string());
    }
    if (g.kind == K::text) {
        need("text");
        g.text = r.string(t, "text", where);
        for (std::size_t open = g.text.find("{/"); open != std::string::npos; open = g.text.find("{/", open + 1)) {
            const auto close = g.text.find('}', open);
            if (close == std::string::npos) r.fail(t.get("text")->source(), std::string(where) + ".text: \"{\" without \"}\"");
            const std::string ref = g.text.substr(open + 1, close - open - 1);
            if (!known_fields.count(ref) && !exists(record, ref))
                r.fail(t.get("text")->source(), std::string(where) + ".text: {" + ref + "} is not in the record");
        }
    }
    if (g.kind == K::constant) g.value = r.json(need("value"));
    if (const toml::node* when = t.get("when")) {
        const toml::table* w = when->as_table();
        if (!w) r.fail(when->source(), std::string(where) + ".when must be a table { field = ..., in = [...] } or not_in");
        r.only_keys(*w, std::string(where) + ".when", {"field", "in", "not_in"});
        FieldCondition c;
        c.field = r.string(*w, "field", std::string(where) + ".when");
        if (!known_fields.count(c.field) && !exists(record, c.field))
            r.fail(w->source(), std::string(where) + ".when.field: \"" + c.field + "\" is not in the record");
        const bool has_in = w->contains("in"), has_not_in = w->contains("not_in");
        if (has_in == has_not_in) r.fail(w->source(), std::string(where) + ".when: exactly one of \"in\" and \"not_in\"");
        c.negate = has_not_in;
        c.values = r.strings(*w, has_in ? "in" : "not_in", std::string(where) + ".when");
        g.when = std::move(c);
    }
    if (const toml::node* otherwise = t.get("otherwise")) g.otherwise = r.json(*otherwise);
    return g;
}

// "/cdn/photos/{key}.jpg" -> "/cdn/photos/", "", ".jpg"
ImageRoute read_image(const Reader& r, const toml::table& t, std::string_view where, const DatasetSpec& spec,
                      const std::set<std::string>& known_fields) {
    r.only_keys(t, where, {"path", "keys", "format", "credential"});
    ImageRoute image;
    image.path = r.string(t, "path", where);
    const auto slash = image.path.rfind('/');
    const auto open = image.path.find("{key}");
    if (image.path.empty() || image.path.front() != '/' || open == std::string::npos || open < slash ||
        image.path.find('{', open + 1) != std::string::npos)
        r.fail(t.get("path")->source(), std::string(where) + ".path: \"/folder/{key}.ext\", {key} once, in the last segment");
    image.prefix = image.path.substr(0, slash + 1);
    image.file_prefix = image.path.substr(slash + 1, open - slash - 1);
    image.file_suffix = image.path.substr(open + 5);
    image.keys = r.strings(t, "keys", where);
    if (image.keys.empty()) r.fail(t.source(), std::string(where) + ": \"keys\" names the record fields whose values are image keys");
    for (const auto& key : image.keys)
        if (!known_fields.count(key) && !exists(spec.record_template, key))
            r.fail(t.get("keys")->source(), std::string(where) + ".keys: \"" + key + "\" is not in the record");
    const std::string format = r.string(t, "format", where, std::string("jpeg"));
    if (format != "jpeg" && format != "png") r.fail(t.get("format")->source(), std::string(where) + ".format: \"jpeg\" or \"png\"");
    image.png = format == "png";
    image.needs_credential = r.boolean(t, "credential", where).value_or(false);
    return image;
}

PagingSpec read_paging(const Reader& r, const toml::table& t, const DatasetSpec& spec) {
    r.only_keys(t, "paging", {"style", "offset", "page", "cursor", "limit", "default_limit", "max_limit", "first_page",
                              "next_cursor_at", "total_at"});
    PagingSpec p;
    const std::string style = r.string(t, "style", "paging");
    using S = PagingSpec::Style;
    if (style == "offset") p.style = S::offset;
    else if (style == "page") p.style = S::page;
    else if (style == "cursor") p.style = S::cursor;
    else if (style == "link") p.style = S::link;
    else r.fail(t.get("style")->source(), "paging.style: one of offset, page, cursor, link");
    p.offset_param = r.string(t, "offset", "paging", p.offset_param);
    p.page_param = r.string(t, "page", "paging", p.page_param);
    p.cursor_param = r.string(t, "cursor", "paging", p.cursor_param);
    p.limit_param = r.string(t, "limit", "paging", p.limit_param);
    p.default_limit = r.integer(t, "default_limit", "paging").value_or(p.default_limit);
    p.max_limit = r.integer(t, "max_limit", "paging").value_or(p.max_limit);
    p.first_page = r.integer(t, "first_page", "paging").value_or(p.first_page);
    if (p.default_limit < 1 || p.max_limit < p.default_limit || p.max_limit > 100'000)
        r.fail(t.source(), "paging: 1 <= default_limit <= max_limit <= 100000");
    if (p.first_page < 0) r.fail(t.get("first_page")->source(), "paging.first_page: 0 or more");
    auto body_place = [&](std::string_view key, std::string& out) {
        out = r.string(t, key, "paging", std::string());
        if (!out.empty() && (spec.records_at.empty() || !can_write(spec.page_template, out)))
            r.fail(t.get(key)->source(), "paging." + std::string(key) + ": \"" + out +
                                             "\" is not a place in the documented page body (it must be an object)");
    };
    body_place("next_cursor_at", p.next_cursor_at);
    body_place("total_at", p.total_at);
    if (p.style == S::cursor && p.next_cursor_at.empty())
        r.fail(t.source(), "paging: style \"cursor\" needs next_cursor_at, where the next cursor goes in the page body");
    return p;
}

}  // namespace

DatasetSpec read_dataset_spec(const std::string& file, const Provider& provider) {
    const Reader r(file);
    toml::table root;
    try {
        root = toml::parse(read_text(file), file);
    } catch (const toml::parse_error& e) {
        r.fail(e.source(), std::string(e.description()));
    }
    r.only_keys(root, "dataset.toml", {"list", "paging", "filter", "field", "image", "get"});
    DatasetSpec spec;
    spec.file = file;
    spec.provider = provider.id;

    const toml::table& list = r.table(root, "list", "dataset.toml");
    r.only_keys(list, "list", {"endpoint", "example", "records", "count"});
    spec.endpoint = r.string(list, "endpoint", "list");
    const Endpoint* endpoint = find_endpoint(provider, spec.endpoint);
    if (!endpoint) r.fail(list.get("endpoint")->source(), "list.endpoint: provider " + provider.id + " has no fixture \"" + spec.endpoint + "\"");
    spec.method = endpoint->method;
    spec.path = endpoint->path;
    spec.query = endpoint->query;
    const std::string example_name = r.string(list, "example", "list", std::string());
    const Example* example = endpoint->examples.empty() ? nullptr : &endpoint->examples[endpoint->default_example];
    if (!example_name.empty()) {
        example = nullptr;
        for (const auto& e : endpoint->examples)
            if (e.name == example_name) example = &e;
        if (!example) r.fail(list.get("example")->source(), "list.example: " + spec.endpoint + " has no example \"" + example_name + "\"");
    }
    if (!example || !example->body_is_json) r.fail(list.source(), "list: the endpoint's example has no JSON body to take the record from");
    spec.page_template = example->body_json;
    spec.records_at = r.string(list, "records", "list", std::string());
    boost::system::error_code ec;
    const boost::json::value* records = spec.page_template.find_pointer(spec.records_at, ec);
    if (!records || !records->is_array() || records->as_array().empty())
        r.fail(list.get("records") ? list.get("records")->source() : list.source(),
               "list.records: \"" + spec.records_at + "\" is not a non-empty array in the example's body");
    spec.record_template = records->as_array().front();
    if (const auto count = r.integer(list, "count", "list")) {
        if (*count < 0 || *count > 10'000'000) r.fail(list.get("count")->source(), "list.count: 0 to 10000000");
        spec.count = static_cast<std::size_t>(*count);
    }

    spec.paging = read_paging(r, r.table(root, "paging", "dataset.toml"), spec);

    auto each_table = [&](std::string_view key, auto&& read) {
        const toml::node* node = root.get(key);
        if (!node) return;
        const toml::array* a = node->as_array();
        if (!a) r.fail(node->source(), std::string(key) + " is an array of tables: write [[" + std::string(key) + "]]");
        for (std::size_t i = 0; i < a->size(); ++i) {
            const toml::table* t = (*a)[i].as_table();
            if (!t) r.fail((*a)[i].source(), std::string(key) + "[" + std::to_string(i) + "] must be a table");
            read(*t, std::string(key) + "[" + std::to_string(i) + "]");
        }
    };
    std::set<std::string> numeric_fields, known_fields;
    each_table("field", [&](const toml::table& t, const std::string& where) {
        FieldGenerator g = read_field(r, t, where, spec.record_template, numeric_fields, known_fields);
        if (g.kind == FieldGenerator::Kind::sequence || g.kind == FieldGenerator::Kind::time) numeric_fields.insert(g.at);
        known_fields.insert(g.at);
        spec.fields.push_back(std::move(g));
    });
    each_table("filter", [&](const toml::table& t, const std::string& where) {
        r.only_keys(t, where, {"parameter", "field"});
        FilterSpec f{r.string(t, "parameter", where), r.string(t, "field", where)};
        if (!known_fields.count(f.field) && !exists(spec.record_template, f.field))
            r.fail(t.get("field")->source(), where + ".field: \"" + f.field + "\" is not in the record");
        spec.filters.push_back(std::move(f));
    });
    each_table("image", [&](const toml::table& t, const std::string& where) {
        spec.images.push_back(read_image(r, t, where, spec, known_fields));
    });
    if (const toml::node* get = root.get("get")) {
        const toml::table* t = get->as_table();
        if (!t) r.fail(get->source(), "get must be a table");
        r.only_keys(*t, "get", {"path", "id_field"});
        spec.by_id_path = r.string(*t, "path", "get");
        spec.id_field = r.string(*t, "id_field", "get");
        if (spec.by_id_path.find("{id}") == std::string::npos)
            r.fail(t->get("path")->source(), "get.path: a path template with {id}, e.g. \"/photos/{id}\"");
        if (!known_fields.count(spec.id_field) && !exists(spec.record_template, spec.id_field))
            r.fail(t->get("id_field")->source(), "get.id_field: \"" + spec.id_field + "\" is not in the record");
    }
    return spec;
}

}  // namespace photobridge::mock::declarative
