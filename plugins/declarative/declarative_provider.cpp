#include "declarative_provider.hpp"

#include "placeholders.hpp"
#include "record_mapping.hpp"

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
// rule that holds for a response of status >= 400 gives its status. A rate
// limit (by a rule or a 429) waits for the file's reset header when it has
// one.
sdk::ResponseClassifier classifier(const ErrorsSpec& errors) {
    if (errors.rules.empty() && errors.reset_header.empty()) return {};
    return [rules = errors.rules, reset = errors.reset_header](const sdk::HttpResponse& r) -> std::optional<sdk::ResponseVerdict> {
        if (r.status < 400) return std::nullopt;
        const auto verdict = [&](pb_status status) {
            std::uint32_t wait = 0;
            if (status == PB_ERR_RATE_LIMITED && !reset.empty())
                wait = sdk::reset_header_ms(r.headers, reset, std::chrono::system_clock::now());
            return sdk::ResponseVerdict{status, wait};
        };
        std::optional<json::value> body;
        for (const ErrorRule& rule : rules) {
            if (rule.http_status && *rule.http_status != r.status) continue;
            if (!rule.body_path.empty()) {
                if (!body) {
                    boost::system::error_code ec;
                    body = json::parse(r.body, ec);
                    if (ec) body = json::value(nullptr);
                }
                const json::value* v = ja::find(*body, rule.body_path);
                if (v == nullptr || !v->is_string()) continue;
                bool matches = false;
                for (const auto& text : rule.equals) matches = matches || v->get_string() == text;
                if (!matches) continue;
            }
            return verdict(rule.status);
        }
        if (r.status == 429 && !reset.empty()) return verdict(PB_ERR_RATE_LIMITED);
        return std::nullopt;
    };
}

// The provider's message and code at the file's paths, else the SDK's
// reading of the common error shapes.
sdk::FailureReader failure_reader(const ErrorsSpec& errors) {
    if (errors.message.empty() && errors.code.empty()) return sdk::read_common_failure;
    return [message = errors.message, code = errors.code](const sdk::HttpResponse& r) {
        sdk::ProviderFailure f = sdk::read_common_failure(r);
        boost::system::error_code ec;
        const json::value body = json::parse(r.body, ec);
        if (ec) return f;
        const auto text = [&](const std::string& path) -> std::optional<std::string> {
            if (path.empty()) return std::nullopt;
            const json::value* v = ja::find(body, path);
            if (v == nullptr || v->is_null() || v->is_object() || v->is_array()) return std::nullopt;
            return v->is_string() ? std::string(v->get_string()) : json::serialize(*v);
        };
        if (auto m = text(message)) f.message = *m;
        if (auto c = text(code)) f.code = *c;
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
}

std::optional<std::string> DeclarativeProvider::render(const Template& t, const json::object& params) const {
    std::string out;
    bool complete = true;
    scan_placeholders(
        t.text, [&](std::string_view literal) { out.append(literal); },
        [&](std::string_view name, std::size_t) {
            const auto dot = name.find('.');
            const json::object& scope = name.substr(0, dot) == "params" ? params : config_;
            const json::value* v = scope.if_contains(name.substr(dot + 1));
            if (v == nullptr || v->is_null()) complete = false;
            else out += ja::scalar_text(*v, name);
        });
    if (!complete) return std::nullopt;
    return out;
}

sdk::Page DeclarativeProvider::read_page(const StreamSpec& s, const sdk::StreamCall& call) const {
    const ProviderDefinition& d = *definition_;
    const std::string where = d.id + ": " + s.name;
    std::vector<std::string> segments;
    for (const Template& t : s.path) {
        auto segment = render(t, call.params);
        if (!segment) throw sdk::invalid_argument(where + ": the path needs " + t.text + ", which has no value");
        segments.push_back(std::move(*segment));
    }
    sdk::Query query;
    for (const auto& [name, t] : s.query)
        if (auto value = render(t, call.params)) query.emplace_back(name, std::move(*value));

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
        if (call.cursor) query.emplace_back(p.cursor_param, *call.cursor);
        if (!p.size_param.empty()) query.emplace_back(p.size_param, std::to_string(size));
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
    const json::value* list = s.records.empty() ? &body : ja::find(body, s.records);
    if (list == nullptr || !list->is_array())
        throw sdk::protocol_error(where + ": " + (s.records.empty() ? std::string("the response") : "'" + s.records + "'") +
                                  " should be a JSON array of records, got " +
                                  (list == nullptr ? std::string("nothing") : ja::kind_name(list->kind())));
    const json::array& items = list->get_array();
    sdk::Page page;
    page.records.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i)
        page.records.push_back(canonical_record(s, items[i], d.id, where + ": [" + std::to_string(i) + "]"));
    if (!s.total.empty()) page.total = ja::optional_int(body, s.total, where);

    const auto count = static_cast<std::int64_t>(items.size());
    switch (p.style) {
    case Paging::Style::offset: {
        const bool more = page.total ? offset + count < *page.total : count >= size;
        if (more) page.next_cursor = sdk::offset_cursor::next(offset, items.size(), where);
        break;
    }
    case Paging::Style::page: {
        const bool more = page.total ? (page_number - p.first_page + 1) * size < *page.total : count >= size;
        if (more && count > 0) page.next_cursor = sdk::page_number_cursor::next(page_number, std::nullopt, where);
        break;
    }
    case Paging::Style::cursor:
        page.next_cursor = sdk::body_cursor::next(call.cursor, ja::optional_string(body, p.next_cursor, where), where,
                                                  p.next_cursor);
        break;
    case Paging::Style::next_url:
        page.next_cursor = sdk::next_url::resolve(url, ja::optional_string(body, p.next_url, where), where);
        break;
    case Paging::Style::link_header: page.next_cursor = sdk::next_link_cursor(response, url, where); break;
    case Paging::Style::none: break;
    }
    return page;
}

}  // namespace photobridge::plugins::declarative
