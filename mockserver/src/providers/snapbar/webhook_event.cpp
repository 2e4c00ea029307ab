#include "webhook_event.hpp"

#include <boost/json.hpp>

namespace photobridge::mock {
namespace json = boost::json;
namespace {

constexpr std::string_view kProvider = "snapbar";
constexpr std::string_view kGetSubmissionEndpoint = "get-submission";

WebhookSubmission failure(int status, std::string error, std::string message) {
    WebhookSubmission out;
    out.status = status;
    out.error = std::move(error);
    out.message = std::move(message);
    return out;
}

std::optional<json::value> parse_json(const std::string& text) {
    json::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec) return std::nullopt;
    return v;
}

// An authenticated GET as a client of this mock would send it.
MockRequest internal_get(const ServerState& state, std::string path, std::multimap<std::string, std::string> query) {
    MockRequest request;
    request.method = "GET";
    request.path = std::move(path);
    request.query = std::move(query);
    request.credential = state.options.token;
    request.provider_base_url =
        "http://" + state.options.host + ":" + std::to_string(state.port) + "/" + std::string(kProvider);
    return request;
}

WebhookSubmission from_dataset(ServerState& state, DatasetBackend& backend, std::optional<std::string> id) {
    if (!id) {
        auto listed = backend.handle(internal_get(state, "/submissions", {{"limit", "1"}}));
        std::optional<json::value> page = listed && listed->status == 200 ? parse_json(listed->body) : std::nullopt;
        const json::value* first = nullptr;
        if (page && page->is_object())
            if (const auto* items = page->get_object().if_contains("submissions"); items && items->is_array() &&
                                                                                    !items->get_array().empty())
                first = &items->get_array().front();
        const json::value* first_id = first && first->is_object() ? first->get_object().if_contains("id") : nullptr;
        if (first_id == nullptr || !first_id->is_string())
            return failure(409, "no_submission", "the dataset has no submission to send");
        id = std::string(first_id->get_string());
    }
    auto answer = backend.handle(internal_get(state, "/submissions/" + *id, {}));
    if (!answer || answer->status == 404)
        return failure(404, "unknown_submission", "the dataset has no submission '" + *id + "'");
    std::optional<json::value> body = answer->status == 200 ? parse_json(answer->body) : std::nullopt;
    if (!body || !body->is_object())
        return failure(500, "submission_unavailable",
                       "GET /snapbar/submissions/" + *id + " answered " + std::to_string(answer->status));
    WebhookSubmission out;
    out.submission = std::move(*body);
    return out;
}

WebhookSubmission from_fixture(const Provider& provider, const std::optional<std::string>& id) {
    for (const auto& endpoint : provider.endpoints) {
        if (endpoint->id != kGetSubmissionEndpoint) continue;
        for (const auto& example : endpoint->examples) {
            if (example.status != 200 || !example.body_json.is_object()) continue;
            const auto* documented = example.body_json.get_object().if_contains("id");
            const std::string documented_id =
                documented && documented->is_string() ? std::string(documented->get_string()) : std::string();
            if (id && *id != documented_id)
                return failure(404, "unknown_submission",
                               "in replay mode the mock knows only the documented submission '" + documented_id +
                                   "'; start it with --dataset for others");
            WebhookSubmission out;
            out.submission = example.body_json;
            return out;
        }
    }
    return failure(409, "no_submission", "the snapbar fixtures document no Get Submission example to send");
}

}  // namespace

WebhookSubmission find_webhook_submission(ServerState& state, const std::optional<std::string>& id) {
    const ServerState::Served served = state.find(kProvider);
    if (served.fixtures)
        return served.backend ? from_dataset(state, *served.backend, id) : from_fixture(*served.fixtures, id);
    return failure(409, "provider_not_loaded", "this mock does not serve snapbar (see --providers)");
}

json::value snapbar_event_body(const std::string& topic, const json::value& submission, bool id_only) {
    json::object body;
    body["topic"] = topic;
    if (id_only) {
        const auto* id = submission.is_object() ? submission.get_object().if_contains("id") : nullptr;
        body["submission"] = json::object{{"id", id ? *id : json::value(nullptr)}};
    } else {
        body["submission"] = submission;
    }
    return body;
}

}  // namespace photobridge::mock
