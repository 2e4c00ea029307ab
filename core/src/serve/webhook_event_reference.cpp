#include "serve/webhook_event_reference.hpp"

namespace photobridge::serve {
namespace json = boost::json;
namespace {

// A non-empty string, or an integer printed; nullopt otherwise.
std::optional<std::string> id_text(const json::value* v) {
    if (v == nullptr) return std::nullopt;
    if (v->is_string() && !v->get_string().empty()) return std::string(v->get_string());
    if (v->is_int64()) return std::to_string(v->get_int64());
    if (v->is_uint64()) return std::to_string(v->get_uint64());
    return std::nullopt;
}

bool output_is(const json::object& operation, const std::string& kind) {
    const auto* o = operation.if_contains("output");
    return o != nullptr && o->is_string() && o->get_string() == kind;
}

bool requires_only(const json::object& operation, const std::string& param) {
    const auto* input = operation.if_contains("input");
    if (input == nullptr || !input->is_object()) return false;
    const auto* required = input->get_object().if_contains("required");
    if (required == nullptr || !required->is_array() || required->get_array().size() != 1) return false;
    const auto& only = required->get_array()[0];
    return only.is_string() && only.get_string() == param;
}

}  // namespace

std::optional<RecordFetch> record_fetch_for(const sdk::Manifest& manifest, const std::string& stream) {
    const json::object* s = manifest.stream(stream);
    if (s == nullptr) return std::nullopt;
    const auto* kind = s->if_contains("record");
    if (kind == nullptr || !kind->is_string() || kind->get_string().empty()) return std::nullopt;
    RecordFetch fetch;
    fetch.kind = std::string(kind->get_string());
    fetch.id_param = fetch.kind + "_id";
    const auto* operations = manifest.document().if_contains("operations");
    if (operations == nullptr || !operations->is_object()) return std::nullopt;
    // The conventional name first, then any operation of the right shape.
    if (const json::object* op = manifest.operation("get_" + fetch.kind);
        op != nullptr && output_is(*op, fetch.kind) && requires_only(*op, fetch.id_param)) {
        fetch.operation = "get_" + fetch.kind;
        return fetch;
    }
    for (const auto& [name, op] : operations->get_object()) {
        if (!op.is_object() || !output_is(op.get_object(), fetch.kind) || !requires_only(op.get_object(), fetch.id_param))
            continue;
        const auto* idempotent = op.get_object().if_contains("idempotent");
        if (idempotent == nullptr || !idempotent->is_bool() || !idempotent->get_bool()) continue;  // a read, not a write
        fetch.operation = std::string(name);
        return fetch;
    }
    return std::nullopt;
}

std::variant<EventReference, std::string> read_event_reference(const json::value& payload, const RecordFetch& fetch) {
    if (!payload.is_object()) return std::string("the payload is not a JSON object");
    const json::object& o = payload.get_object();
    EventReference ref;
    if (const auto* embedded = o.if_contains(fetch.kind)) {
        if (embedded->is_object()) {
            if (auto id = id_text(embedded->get_object().if_contains("id"))) ref.record_id = *id;
        } else if (auto id = id_text(embedded)) {
            ref.record_id = *id;
        }
    }
    if (ref.record_id.empty())
        if (auto id = id_text(o.if_contains(fetch.id_param))) ref.record_id = *id;
    if (ref.record_id.empty())
        return "the payload names no " + fetch.kind + " (expected \"" + fetch.kind + "\": {\"id\": ...} or \"" +
               fetch.id_param + "\")";
    if (const auto* topic = o.if_contains("topic"); topic != nullptr && topic->is_string())
        ref.topic = std::string(topic->get_string());
    for (const char* key : {"delivery_id", "event_id", "webhook_id"}) {
        if (auto delivery = id_text(o.if_contains(key))) {
            ref.event_key = "delivery:" + *delivery;
            return ref;
        }
    }
    ref.event_key = ref.topic + ":" + fetch.kind + ":" + ref.record_id;
    return ref;
}

}  // namespace photobridge::serve
