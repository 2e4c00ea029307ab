#include "declarative_provider.hpp"

#include "answer_shape.hpp"
#include "placeholders.hpp"
#include "value_checks.hpp"
#include "record_mapping.hpp"

#include <algorithm>
#include <chrono>
#include <string>

namespace photobridge::plugins::declarative {
namespace json = boost::json;
namespace ja = sdk::json_access;

namespace {

sdk::AuthScheme auth_scheme(const AuthSpec& a) {
    switch (a.type) {
    case AuthSpec::Type::none: return sdk::auth::none();
    case AuthSpec::Type::bearer: return sdk::auth::bearer(a.key);
    case AuthSpec::Type::header: return sdk::auth::header(a.header, a.key, a.prefix);
    case AuthSpec::Type::query: return sdk::auth::query(a.param, a.key);
    case AuthSpec::Type::basic: return sdk::auth::basic(a.user_key, a.password_key);
    }
    return sdk::auth::none();
}

// The file's error rules as the client's response classifier: the first
// rule that holds gives its status. A rule without http_status looks at
// responses of status >= 400 only; one with an http_status below 400 turns
// that success into a failure (a 200 that says "success": false). A rate
// limit (by a rule or a 429) waits for the file's reset header when it has
// one.
const ErrorRule* matching_rule(const std::vector<ErrorRule>& rules, const sdk::HttpResponse& r) {
    std::optional<json::value> body;
    for (const ErrorRule& rule : rules) {
        if (rule.http_status ? *rule.http_status != r.status : r.status < 400) continue;
        if (!rule.body_path.empty()) {
            if (!body) {
                boost::system::error_code ec;
                body = json::parse(r.body, ec);
                if (ec) body = json::value(nullptr);
            }
            const std::optional<std::string> found = comparable_text(ja::find(*body, rule.body_path));
            if (!found || std::find(rule.equals.begin(), rule.equals.end(), *found) == rule.equals.end()) continue;
        }
        return &rule;
    }
    return nullptr;
}

sdk::ResponseClassifier classifier(const ErrorsSpec& errors) {
    if (errors.rules.empty() && errors.reset_header.empty()) return {};
    return [rules = errors.rules, reset = errors.reset_header](const sdk::HttpResponse& r) -> std::optional<sdk::ResponseVerdict> {
        const auto verdict = [&](pb_status status) {
            std::uint32_t wait = 0;
            if (status == PB_ERR_RATE_LIMITED && !reset.empty())
                wait = sdk::reset_header_ms(r.headers, reset, std::chrono::system_clock::now());
            return sdk::ResponseVerdict{status, wait};
        };
        if (const ErrorRule* rule = matching_rule(rules, r)) return verdict(rule->status);
        if (r.status == 429 && !reset.empty()) return verdict(PB_ERR_RATE_LIMITED);
        return std::nullopt;
    };
}

// The provider's message and code at the file's paths (or the code as the
// first key of an object), else the SDK's reading of the common error
// shapes. A success answer failed by a rule's body test says which
// ("success=false: model is archived").
sdk::FailureReader failure_reader(const ErrorsSpec& errors) {
    const bool success_rules = std::any_of(errors.rules.begin(), errors.rules.end(),
                                           [](const ErrorRule& rule) { return rule.http_status && *rule.http_status < 400; });
    if (errors.message.empty() && errors.code.empty() && errors.code_key_of.empty() && !success_rules)
        return sdk::read_common_failure;
    return [message = errors.message, code = errors.code, key_of = errors.code_key_of,
            rules = errors.rules](const sdk::HttpResponse& r) {
        sdk::ProviderFailure f = sdk::read_common_failure(r);
        boost::system::error_code ec;
        const json::value body = json::parse(r.body, ec);
        if (ec) return f;
        if (r.status < 400)
            if (const ErrorRule* rule = matching_rule(rules, r); rule != nullptr && !rule->body_path.empty())
                f.message = rule->body_path + "=" + comparable_text(ja::find(body, rule->body_path)).value_or("") +
                            (f.message.empty() ? std::string() : ": " + f.message);
        const auto text = [&](const std::string& path) -> std::optional<std::string> {
            if (path.empty()) return std::nullopt;
            const json::value* v = ja::find(body, path);
            if (v == nullptr || v->is_null() || v->is_object() || v->is_array()) return std::nullopt;
            return v->is_string() ? std::string(v->get_string()) : json::serialize(*v);
        };
        if (auto m = text(message)) f.message = *m;
        if (auto c = text(code)) f.code = *c;
        // Laravel's validation answer, {"errors": {"approved": ["The photo
        // selection limit ..."]}}: the first field is the code, and each
        // field's messages follow the provider's message.
        if (!key_of.empty())
            if (const json::value* o = ja::find(body, key_of); o != nullptr && o->is_object() && !o->get_object().empty()) {
                f.code = std::string(o->get_object().begin()->key());
                std::string details;
                for (const auto& [field, list] : o->get_object()) {
                    const json::array* items = list.if_array();
                    if (items == nullptr) continue;
                    for (const json::value& item : *items) {
                        if (!item.is_string() || item.get_string() == f.message) continue;
                        details += (details.empty() ? "" : "; ") + std::string(field) + ": " + std::string(item.get_string());
                    }
                }
                if (!details.empty()) f.message = f.message.empty() ? details : f.message + " (" + details + ")";
            }
        return f;
    };
}

sdk::ApiClientOptions client_options(const json::object& config, const ProviderDefinition& d) {
    sdk::ApiClientOptions o = sdk::ApiClientOptions::from_config(config, d.id, auth_scheme(d.auth), failure_reader(d.errors));
    for (const auto& [name, value] : d.headers) o.default_headers.emplace_back(name, value);
    o.classify = classifier(d.errors);
    return o;
}

}  // namespace

DeclarativeProvider::DeclarativeProvider(sdk::Host host, const json::object& config,
                                         std::shared_ptr<const ProviderDefinition> definition)
    : sdk::Plugin(host), definition_(std::move(definition)), config_(config),
      client_(host, client_options(config, *definition_)) {
    for (const StreamSpec& s : definition_->streams)
        stream(s.name, [this, &s](const sdk::StreamCall& call) { return read_page(s, call); });
    for (const OperationSpec& op : definition_->operations)
        operation(op.name, [this, &op](const sdk::Call& call) { return invoke(op, call); });
}

std::optional<std::string> DeclarativeProvider::render(const Template& t, const json::object& values) const {
    std::string out;
    bool complete = true;
    scan_placeholders(
        t.text, [&](std::string_view literal) { out.append(literal); },
        [&](std::string_view name, std::size_t) {
            const auto dot = name.find('.');
            const json::object& scope = name.substr(0, dot) == "config" ? config_ : values;
            const json::value* v = scope.if_contains(name.substr(dot + 1));
            if (v == nullptr || v->is_null()) complete = false;
            else out += ja::scalar_text(*v, name);
        });
    if (!complete) return std::nullopt;
    return out;
}

DeclarativeProvider::RenderedRequest DeclarativeProvider::rendered(
    const std::vector<Template>& path, const std::vector<std::pair<std::string, Template>>& query,
    const json::object& values, const std::string& where) const {
    RenderedRequest out;
    for (const Template& t : path) {
        auto segment = render(t, values);
        if (!segment) throw sdk::invalid_argument(where + ": the path needs " + t.text + ", which has no value");
        out.segments.push_back(std::move(*segment));
    }
    for (const auto& [name, t] : query)
        if (auto value = render(t, values)) out.query.emplace_back(name, std::move(*value));
    return out;
}

sdk::Page DeclarativeProvider::read_page(const StreamSpec& s, const sdk::StreamCall& call) const {
    const ProviderDefinition& d = *definition_;
    const std::string where = d.id + ": " + s.name;
    auto [segments, query] = rendered(s.path, s.query, call.params, where);

    const Paging& p = s.paging;
    std::int64_t offset = 0, page_number = 0, size = 0;
    if (!p.size_param.empty() || p.style == Paging::Style::offset) size = call.page_size_or_default();
    switch (p.style) {
    case Paging::Style::offset:
        offset = sdk::offset_cursor::read(call.cursor, where);
        query.emplace_back(p.offset_param, std::to_string(offset));
        query.emplace_back(p.limit_param, std::to_string(size));
        break;
    case Paging::Style::page:
        page_number = sdk::page_number_cursor::read(call.cursor, p.first_page, where);
        query.emplace_back(p.page_param, std::to_string(page_number));
        query.emplace_back(p.size_param, std::to_string(size));
        break;
    case Paging::Style::cursor:
        if (!p.size_param.empty()) query.emplace_back(p.size_param, std::to_string(size));
        if (call.cursor) query.emplace_back(p.cursor_param, *call.cursor);
        break;
    case Paging::Style::next_url:
    case Paging::Style::link_header:
        if (!p.size_param.empty()) query.emplace_back(p.size_param, std::to_string(size));
        break;
    case Paging::Style::none: break;
    }
    std::string url = sdk::build_url(client_.base_url(), segments, query);
    if (p.style == Paging::Style::next_url || p.style == Paging::Style::link_header)
        url = sdk::next_url::read(call.cursor, std::move(url), where);

    const sdk::HttpResponse response = client_.checked(s.name, "GET", url);
    const json::value body = response.json(where);
    if (!s.records.empty() && !body.is_object())
        throw sdk::protocol_error(where + ": the response should be a JSON object, got " + ja::kind_name(body.kind()));
    const json::value* list = s.records.empty() ? &body : nullptr;
    std::string records_path;  // the path it was found at ("" = the body)
    for (const std::string& path : s.records)
        if (list == nullptr && (list = ja::find(body, path)) != nullptr) records_path = path;
    if (list == nullptr) {
        std::string aliases;
        for (std::size_t i = 1; i < s.records.size(); ++i) aliases += (i > 1 ? ", '" : "'") + s.records[i] + "'";
        ja::fail(where, s.records.front(), "is missing" + (aliases.empty() ? "" : " (and so is " + aliases + ")"));
    }
    if (!list->is_array()) {
        if (records_path.empty())
            throw sdk::protocol_error(where + ": the response should be a JSON array of records, got " +
                                      ja::kind_name(list->kind()));
        ja::fail(where, records_path, std::string("should be an array, got ") + ja::kind_name(list->kind()));
    }
    const json::array& items = list->get_array();
    check_values(s.page_types, body, where);
    sdk::Page page;
    page.records.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i)
        page.records.push_back(canonical_record(s, items[i], d.id, where + ": " + records_path + "[" + std::to_string(i) + "]"));
    if (!s.total.empty()) page.total = ja::optional_int(body, s.total, where);

    const auto count = static_cast<std::int64_t>(items.size());
    // The provider's own "another page follows", when the file names it.
    std::optional<bool> more_flag;
    if (!p.has_more.empty()) {
        more_flag = ja::optional_bool(body, p.has_more, where);
        if (more_flag.value_or(false) && count == 0 && p.style != Paging::Style::cursor)
            ja::fail(where, p.has_more,
                     "is true but the page has no " +
                         (records_path.empty() ? std::string("records") : records_path.substr(records_path.rfind('.') + 1)) +
                         " (the stream would never end)");
    }
    switch (p.style) {
    case Paging::Style::offset: {
        const bool more = more_flag ? *more_flag : page.total ? offset + count < *page.total : count >= size;
        if (more) page.next_cursor = sdk::offset_cursor::next(offset, items.size(), where);
        break;
    }
    case Paging::Style::page: {
        const bool more = more_flag    ? *more_flag
                          : page.total ? (page_number - p.first_page + 1) * size < *page.total
                                       : count >= size;
        if (more && count > 0) page.next_cursor = sdk::page_number_cursor::next(page_number, std::nullopt, where);
        break;
    }
    case Paging::Style::cursor: {
        const auto next = ja::optional_string(body, p.next_cursor, where);
        if (more_flag && !*more_flag) break;
        if (more_flag && (!next || next->empty())) ja::fail(where, p.next_cursor, "is null while " + p.has_more + " is true");
        page.next_cursor = sdk::body_cursor::next(call.cursor, next, where, p.next_cursor);
        break;
    }
    case Paging::Style::next_url:
        page.next_cursor = sdk::next_url::resolve(url, ja::optional_string(body, p.next_url, where), where);
        break;
    case Paging::Style::link_header: page.next_cursor = sdk::next_link_cursor(response, url, where); break;
    case Paging::Style::none: break;
    }
    return page;
}

const OperationSpec* DeclarativeProvider::operation_named(std::string_view name) const {
    for (const OperationSpec& op : definition_->operations)
        if (op.name == name) return &op;
    return nullptr;
}

namespace {

// "10485760 bytes (10 MB)".
std::string size_text(std::int64_t bytes) {
    std::string text = std::to_string(bytes) + " bytes";
    if (bytes >= (1 << 20) && bytes % (1 << 20) == 0) text += " (" + std::to_string(bytes >> 20) + " MB)";
    else if (bytes >= (1 << 10) && bytes % (1 << 10) == 0) text += " (" + std::to_string(bytes >> 10) + " KB)";
    return text;
}

// "neither a JPEG nor a PNG image", "not a PNG image".
std::string not_one_of(const std::vector<std::string>& types) {
    const auto name = [](const std::string& type) { return type == "image/png" ? "a PNG" : "a JPEG"; };
    if (types.size() == 1) return std::string("not ") + name(types.front()) + " image";
    std::string text = std::string("neither ") + name(types.front());
    for (std::size_t i = 1; i < types.size(); ++i) text += std::string(" nor ") + name(types[i]);
    return text + " image";
}

}  // namespace

sdk::HttpResponse DeclarativeProvider::send(const OperationSpec& op, const sdk::Call& call, const std::string& where) const {
    const RenderedRequest request = rendered(op.path, op.query, call.input, where);
    std::string url = sdk::build_url(client_.base_url(), request.segments, request.query);
    switch (op.body) {
    case OperationSpec::Body::none: return client_.checked(op.name, op.method, std::move(url));
    case OperationSpec::Body::json: {
        json::object body;
        for (const std::string& key : op.body_keys)
            if (const json::value* v = call.input.if_contains(key)) body[key] = *v;
        if (body.empty() && op.body_needs_one) {
            std::string keys;
            for (const std::string& key : op.body_keys) keys += (keys.empty() ? "" : ", ") + key;
            throw sdk::invalid_argument(where + ": give at least one of " + keys);
        }
        return client_.checked(op.name, op.method, std::move(url), json::serialize(body), "application/json");
    }
    case OperationSpec::Body::multipart: {
        const std::string_view bytes = call.bytes;
        if (bytes.empty() && op.bytes_required)
            throw sdk::invalid_argument(where + ": no input bytes (the file to send)");
        if (op.max_bytes > 0 && bytes.size() > static_cast<std::uint64_t>(op.max_bytes))
            throw sdk::Error(PB_ERR_TOO_LARGE, where + ": the input is " + std::to_string(bytes.size()) +
                                                   " bytes; the provider accepts at most " + size_text(op.max_bytes));
        const std::string type = sdk::sniff_image_type(bytes);
        if (!op.bytes_types.empty() && std::find(op.bytes_types.begin(), op.bytes_types.end(), type) == op.bytes_types.end())
            throw sdk::invalid_argument(where + ": the input bytes are " + not_one_of(op.bytes_types));
        std::optional<std::string> filename;
        if (op.file_name) filename = render(*op.file_name, call.input);
        if (!filename || filename->empty())
            filename = op.file_part + (type == "image/png" ? ".png" : type == "image/jpeg" ? ".jpg" : "");
        sdk::Multipart form;
        form.file_view(op.file_part, *filename, type.empty() ? "application/octet-stream" : type, bytes);
        for (const std::string& key : op.body_keys) {
            const json::value* v = call.input.if_contains(key);
            if (v == nullptr || v->is_null() || v->is_object() || v->is_array()) continue;
            form.field(key, v->is_string() ? std::string(v->get_string()) : ja::scalar_text(*v, key));
        }
        return client_.checked_multipart(op.name, op.method, std::move(url), std::move(form));
    }
    }
    throw sdk::Error(PB_ERR_INTERNAL, where + ": unknown body kind");
}

sdk::Result DeclarativeProvider::invoke(const OperationSpec& op, const sdk::Call& call) const {
    const ProviderDefinition& d = *definition_;
    const std::string where = d.id + ": " + op.name;
    if (op.answer == OperationSpec::Answer::find) return find_record(op, call);
    const sdk::HttpResponse response = send(op, call, where);
    if (op.answer == OperationSpec::Answer::body && response.body.empty()) return {nullptr, {}};
    const json::value body = response.json(where);
    check_values(op.types, body, where);
    if (op.answer == OperationSpec::Answer::body) return {body, {}};
    if (op.answer == OperationSpec::Answer::shape) return {shape_answer(*op.shape, body, body, where), {}};
    const json::value* record = op.result_at.empty() ? &body : ja::find(body, op.result_at);
    if (record == nullptr) ja::fail(where, op.result_at, "is missing");
    if (op.result_under.empty())
        return {canonical_record(*d.stream(op.result_stream), *record, d.id,
                                 op.result_at.empty() ? where : where + ": " + op.result_at),
                {}};
    json::object answer;
    if (record->is_null()) {
        answer[op.result_under] = nullptr;
        for (const auto& [key, path] : op.result_if_null) {
            const json::value* v = ja::find(body, path);
            answer[key] = v != nullptr ? *v : json::value(nullptr);
        }
    } else {
        answer[op.result_under] = canonical_record(*d.stream(op.result_stream), *record, d.id, where + ": " + op.result_at);
    }
    return {std::move(answer), {}};
}

sdk::Page DeclarativeProvider::page_for(const StreamSpec& s, const json::object& input, std::optional<std::string> cursor,
                                        const sdk::Host& host) const {
    json::object params;
    for (const auto& [key, schema] : s.params_schema.at("properties").as_object()) {
        if (const json::value* v = input.if_contains(key)) params[key] = *v;
        else if (const json::value* d = schema.as_object().if_contains("default")) params[key] = *d;
    }
    std::optional<sdk::PageSize> sizes;
    if (s.page_size_maximum > 0) sizes = sdk::PageSize{s.page_size_default, s.page_size_maximum};
    const sdk::StreamCall call{params, std::move(cursor), sizes ? std::optional<std::int64_t>(sizes->maximum) : std::nullopt,
                               host, sizes};
    return read_page(s, call);
}

namespace {

// The record of a page whose provider record (raw) has `wanted` as the
// text at `path`; nullptr when none has.
const json::value* matching(const json::array& records, const std::string& path, const std::string& wanted) {
    for (const json::value& record : records)
        if (comparable_text(ja::find(record.as_object().at("raw"), path)) == wanted) return &record;
    return nullptr;
}

std::string input_text(const json::object& input, const std::string& key) {
    auto text = comparable_text(input.if_contains(key));
    if (!text) throw sdk::invalid_argument("input." + key + " should be a string");
    return std::move(*text);
}

}  // namespace

sdk::Result DeclarativeProvider::find_record(const OperationSpec& op, const sdk::Call& call) const {
    const StreamSpec& s = *definition_->stream(op.result_stream);
    const std::string wanted = input_text(call.input, op.match_input);
    std::optional<std::string> cursor;
    do {
        call.host.check_cancelled();
        sdk::Page page = page_for(s, call.input, cursor, call.host);
        if (const json::value* record = matching(page.records, op.match_path, wanted))
            return {json::object{{s.record, *record}}, {}};
        cursor = std::move(page.next_cursor);
    } while (cursor);
    return {json::object{{s.record, nullptr}}, {}};
}

bool DeclarativeProvider::can_find_write(std::string_view action, const json::object& input) const {
    const OperationSpec* op = operation_named(action);
    if (op == nullptr || op->lookup_stream.empty()) return false;
    const json::value* by = input.if_contains(op->lookup_by);
    return by != nullptr && by->is_string() && !by->get_string().empty();
}

sdk::FoundWrite DeclarativeProvider::find_write(std::string_view action, const sdk::LookupCall& call) const {
    const OperationSpec& op = *operation_named(action);
    const sdk::Page page = page_for(*definition_->stream(op.lookup_stream), call.input, call.cursor, call.host);
    if (const json::value* record = matching(page.records, op.lookup_match, input_text(call.input, op.lookup_by)))
        return sdk::FoundWrite::at(std::string(record->as_object().at("id").as_string()));
    if (page.next_cursor) return sdk::FoundWrite::look_further(*page.next_cursor);
    return sdk::FoundWrite::nothing();
}

}  // namespace photobridge::plugins::declarative
