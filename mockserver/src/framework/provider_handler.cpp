#include "provider_handler.hpp"

#include "auth.hpp"
#include "body_validation.hpp"
#include "connection_abort.hpp"
#include "error_bodies.hpp"
#include "example_selection.hpp"
#include "mock_request.hpp"
#include "placeholders.hpp"
#include "query_validation.hpp"
#include "router.hpp"

#include <chrono>
#include <memory>
#include <thread>

namespace photobridge::mock {

namespace {

constexpr const char* kJson = "application/json";

// Status, headers and body of `ex`, its {{placeholders}} filled from `values`.
void send_example(const Example& ex, httplib::Response& res, const PlaceholderValues& values,
                  const std::string* body_override = nullptr) {
    const std::string& body = body_override ? *body_override : ex.body;
    res.status = ex.status;
    if (!ex.has_placeholders) {
        for (const auto& [name, value] : ex.headers) res.set_header(name.c_str(), value);
        res.set_content(body, ex.content_type.c_str());
        return;
    }
    for (const auto& [name, value] : ex.headers) res.set_header(name.c_str(), fill_text(value, values));
    res.set_content(ex.body_is_json ? fill_json(body, values) : fill_text(body, values), ex.content_type.c_str());
}

void serve_example(const Endpoint& ep, std::size_t index, httplib::Response& res, JournalEntry& entry,
                   const PlaceholderValues& values, const std::string* body_override = nullptr) {
    send_example(ep.examples[index], res, values, body_override);
    const Example& ex = ep.examples[index];
    ep.served[index].fetch_add(1, std::memory_order_relaxed);
    entry.matched.reserve(ep.provider.size() + ep.id.size() + ex.name.size() + 2);
    entry.matched.append(ep.provider).append("/").append(ep.id).append("#").append(ex.name);
}

// Replaces every occurrence of `placeholder` in the serialized body by the
// JSON-escaped `value` (the documented error quotes the offending value).
std::string substitute(const std::string& body, const std::string& placeholder, const std::string& value) {
    if (placeholder.empty()) return body;
    std::string escaped = boost::json::serialize(boost::json::string(value));
    escaped = escaped.substr(1, escaped.size() - 2);
    std::string out = body;
    for (std::size_t pos = out.find(placeholder); pos != std::string::npos;
         pos = out.find(placeholder, pos + escaped.size()))
        out.replace(pos, placeholder.size(), escaped);
    return out;
}

void truncate_body(httplib::Response& res) {
    auto body = std::make_shared<std::string>(std::move(res.body));
    res.body.clear();
    const std::size_t full = body->size();
    const std::size_t cut = full / 2;
    std::string content_type = res.get_header_value("Content-Type");
    if (content_type.empty()) content_type = kJson;
    res.set_content_provider(full, content_type.c_str(),
                             [body, cut](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                                 if (offset >= cut) return false;  // aborts the response mid-body
                                 sink.write(body->data() + offset, std::min(length, cut - offset));
                                 return true;
                             });
    res.set_header("Connection", "close");
}

void error_json(httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_content(body, kJson);
}

}  // namespace

void handle_provider_request(ServerState& state, const httplib::Request& req, httplib::Response& res) {
    JournalEntry entry;
    entry.time_unix_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
    entry.method = req.method;
    entry.path = req.path;
    if (auto q = req.target.find('?'); q != std::string::npos) entry.query = req.target.substr(q + 1);
    entry.body_size = request_body_size(req);
    std::string credential;
    FaultDecision fault;

    auto finish = [&] {
        if (fault.action == FaultDecision::Action::Truncate) truncate_body(res);
        entry.status = fault.action == FaultDecision::Action::Reset ? 0 : res.status;
        if (state.journal.capacity() > 0) {
            entry.headers = redact_headers(req.headers, credential);
            entry.query = mask_secret(std::move(entry.query), credential);
            entry.path = mask_secret(std::move(entry.path), credential);
            state.journal.record(std::move(entry));
        }
    };

    const std::string_view full_path = req.path;
    const std::string_view method = req.method == "HEAD" ? std::string_view("GET") : std::string_view(req.method);
    const std::size_t slash = full_path.find('/', 1);
    const std::string_view provider_id = full_path.substr(1, slash == std::string_view::npos ? std::string_view::npos : slash - 1);
    const std::string_view rest = slash == std::string_view::npos ? std::string_view("/") : full_path.substr(slash);

    const ServerState::Served served = state.find(provider_id);
    const Provider* provider = served.fixtures;
    DatasetBackend* backend = served.backend;
    if (!provider) {
        error_json(res, 404, unknown_route_body(method, full_path, closest_routes(state.catalog, method, full_path)));
        return finish();
    }
    entry.provider = provider->id;

    RouteMatch route = match_route(*provider, method, rest);
    const Endpoint* ep = route.endpoint;
    auto answer_unknown_route = [&] {
        if (!route.allowed_methods.empty()) {
            std::string allow;
            for (const auto& m : route.allowed_methods) allow += (allow.empty() ? "" : ", ") + m;
            res.set_header("Allow", allow);
            error_json(res, 405, method_not_allowed_body(method, full_path, route.allowed_methods));
        } else {
            error_json(res, 404, unknown_route_body(method, full_path, closest_routes(state.catalog, method, full_path)));
        }
    };
    if (!ep && !backend) {
        answer_unknown_route();
        return finish();
    }

    // Authentication: documented routes need the provider's credential (and
    // scope); routes only a dataset backend knows need any valid credential,
    // except the public ones (its CDN, which stands for signed URLs).
    const PlaceholderValues placeholders{
        {kBaseUrlPlaceholder, mock_base_url(req, state.options.host + ":" + std::to_string(state.port))}};
    const bool in_query = !provider->auth.query_parameter.empty();
    const std::string presented = in_query ? req.get_param_value(provider->auth.query_parameter.c_str())
                                           : req.get_header_value(provider->auth.header.c_str());
    const bool public_dataset_route = backend && ((served.rules && served.rules->is_public_dataset_path(rest)) ||
                                                  backend->is_public_route(rest));
    const bool needs_auth = ep ? ep->auth_required : !public_dataset_route;
    if (needs_auth) {
        AuthResult auth = authenticate(*provider, presented, state.options.token, ep ? std::string_view(ep->scope) : std::string_view());
        credential = std::move(auth.credential);
        if (auth.outcome == AuthOutcome::Missing || auth.outcome == AuthOutcome::Invalid) {
            if (const auto& documented = provider->unauthorized) {
                if (documented->endpoint) {
                    serve_example(*documented->endpoint, documented->example_index, res, entry, placeholders);
                } else {
                    send_example(documented->inline_example, res, placeholders);
                    entry.matched.append(provider->id).append("/provider#unauthorized");
                }
                return finish();
            }
            if (!provider->auth.scheme.empty())
                res.set_header("WWW-Authenticate", provider->auth.scheme + " realm=\"" + provider->id + "\"");
            const std::string where = in_query ? provider->auth.query_parameter + " query parameter"
                                               : provider->auth.header + " header";
            error_json(res, 401, unauthorized_body(provider->id, where, !presented.empty()));
            return finish();
        }
        if (auth.outcome == AuthOutcome::MissingScope && ep) {
            for (std::size_t i = 0; i < ep->examples.size(); ++i) {
                if (ep->examples[i].on_missing_scope) {
                    serve_example(*ep, i, res, entry, placeholders);
                    return finish();
                }
            }
            error_json(res, 403, missing_scope_body(ep->scope));
            return finish();
        }
        if (auth.outcome == AuthOutcome::MissingScope) {
            error_json(res, 403, missing_scope_body(""));
            return finish();
        }
    } else if (!presented.empty()) {
        AuthResult auth = authenticate(*provider, presented, state.options.token, "");
        if (auth.outcome == AuthOutcome::Ok) credential = std::move(auth.credential);
    }

    // The provider's documented request budget, per credential; requests
    // without a credential (public routes) are not counted.
    if (provider->rate_limit && !credential.empty()) {
        const DeclaredRateLimit& limit = *provider->rate_limit;
        const auto verdict = served.rate_windows->count(credential, limit.requests,
                                                        std::chrono::milliseconds(limit.window_ms),
                                                        CredentialWindows::Clock::now());
        if (!verdict.allowed) {
            const int wait = seconds_to_wait(verdict.until_reset);
            const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
            PlaceholderValues values = placeholders;
            values.emplace_back("{{reset_epoch}}", std::to_string(now_s + wait));
            values.emplace_back("{{reset_seconds}}", std::to_string(wait));
            send_example(limit.answer, res, values);
            entry.matched.append(provider->id).append("/provider#rate_limit");
            return finish();
        }
    }

    if (state.faults.has_rules()) {
        fault = state.faults.decide(FaultRoute{provider->id, method, ep ? std::string_view(ep->path) : std::string_view(),
                                               rest, credential});
        if (!fault.rule_id.empty()) entry.fault = fault.rule_id;
        if (fault.latency.count() > 0) std::this_thread::sleep_for(fault.latency);
        if (fault.action == FaultDecision::Action::Status) {
            if (fault.retry_after_seconds > 0) res.set_header("Retry-After", std::to_string(fault.retry_after_seconds));
            error_json(res, fault.status, fault_status_body(fault.status, fault.rule_id));
            return finish();
        }
        if (fault.action == FaultDecision::Action::Reset) {
            abort_connection(req.local_addr, req.local_port, req.remote_addr, req.remote_port);
            res.status = 500;
            res.set_header("Connection", "close");
            res.set_content_provider(1, "text/plain", [](std::size_t, std::size_t, httplib::DataSink&) { return false; });
            return finish();
        }
    }

    std::multimap<std::string, std::string> query_storage;
    const auto& query = decoded_query(req, query_storage);
    if (ep) {
        if (auto problem = validate_query(*ep, query, backend == nullptr)) {
            const QueryParamSpec& spec = *problem->spec;
            if (!spec.invalid_example.empty()) {
                for (std::size_t i = 0; i < ep->examples.size(); ++i) {
                    if (ep->examples[i].name != spec.invalid_example) continue;
                    const std::string body = substitute(ep->examples[i].body, spec.invalid_placeholder, problem->value);
                    serve_example(*ep, i, res, entry, placeholders, &body);
                    return finish();
                }
            }
            error_json(res, 400, invalid_parameter_body(spec.name, problem->value, problem->message));
            return finish();
        }
    }

    // The request body against the documented request shape: one check for
    // replay and dataset mode. A documented example answers where the docs
    // give one (and counts in the coverage); otherwise the provider's error
    // shape with its status (400).
    if (ep && ep->request.kind != RequestSpec::Kind::None) {
        const std::string content_type = req.get_header_value("Content-Type");
        BodyInput body_input;
        body_input.content_type = content_type;
        body_input.multipart = req.is_multipart_form_data();
        if (body_input.multipart) {
            for (const auto& [name, file] : req.files) body_input.parts.push_back(SeenPart{file.name, file.filename});
        } else {
            body_input.body = req.body;
        }
        if (auto problem = validate_body(ep->request, body_input)) {
            if (!problem->example.empty()) {
                for (std::size_t i = 0; i < ep->examples.size(); ++i) {
                    if (ep->examples[i].name != problem->example) continue;
                    serve_example(*ep, i, res, entry, placeholders);
                    return finish();
                }
            }
            ep->rejected_bodies.fetch_add(1, std::memory_order_relaxed);
            entry.matched.append(provider->id).append("/").append(ep->id).append("#invalid-body");
            error_json(res, provider->request_errors.status,
                       invalid_body_body(provider->request_errors.body, problem_code(problem->kind), problem->message,
                                         problem->field));
            return finish();
        }
    }

    if (backend) {
        const std::string host = state.options.host + ":" + std::to_string(state.port);
        MockRequest mock_request = make_mock_request(req, provider->id, rest, query, credential, host);
        std::optional<MockResponse> answer;
        try {
            answer = backend->handle(mock_request);
        } catch (const std::exception& e) {
            error_json(res, 500, simple_error_body("dataset_backend_failed", e.what()));
            return finish();
        }
        if (answer) {
            res.status = answer->status;
            for (const auto& [name, value] : answer->headers) res.set_header(name.c_str(), value);
            res.set_content(std::move(answer->body), answer->content_type.c_str());
            entry.matched = std::move(answer->matched);
            return finish();
        }
        if (!ep) {
            answer_unknown_route();
            return finish();
        }
    }

    PreferHeader prefer;
    if (req.has_header("Prefer")) prefer = parse_prefer(req.get_header_value("Prefer"));
    SelectionInput input{&route.captures, &query, req.body};
    auto index = select_example(*ep, prefer, input);
    if (!index) {
        std::vector<std::string> available;
        for (const auto& ex : ep->examples) available.push_back(std::to_string(ex.status) + " " + ex.name);
        res.set_header("X-Mock-Error", "no-such-example");
        error_json(res, 400, no_such_example_body(req.get_header_value("Prefer"), available));
        return finish();
    }
    serve_example(*ep, *index, res, entry, placeholders);
    return finish();
}

}  // namespace photobridge::mock
