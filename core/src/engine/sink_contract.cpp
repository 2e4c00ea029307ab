#include "engine/sink_contract.hpp"

#include "model/record_path.hpp"

#include <stdexcept>

namespace photobridge::engine {
using namespace photobridge::model;
namespace {

std::string string_member(const boost::json::object& o, const char* key, const std::string& where, bool required) {
    const auto* v = o.if_contains(key);
    if (v == nullptr) {
        if (required) throw std::invalid_argument(where + "." + key + " is missing");
        return {};
    }
    if (!v->is_string()) throw std::invalid_argument(where + "." + key + " must be a string");
    return std::string(v->get_string());
}

bool truthy(const boost::json::value& v) {
    if (v.is_null()) return false;
    if (v.is_bool()) return v.get_bool();
    return true;
}

}  // namespace

std::string id_text(const boost::json::value& v) {
    if (v.is_string()) return std::string(v.get_string());
    if (v.is_null()) return {};
    return boost::json::serialize(v);
}

SinkContract read_sink_contract(const host::LoadedPlugin& plugin, const std::string& action) {
    SinkContract contract;
    const sdk::Manifest& manifest = *plugin.manifest;
    const std::string& plugin_id = plugin.id;
    const auto* op = manifest.operation(action);
    if (op == nullptr) return contract;
    const std::string where = plugin_id + " manifest: operations." + action;
    if (const auto* idem = op->if_contains("idempotent"); idem != nullptr && idem->is_bool())
        contract.idempotent = idem->get_bool();
    contract.result_id_path = string_member(*op, "result_id", where, false);
    contract.plugin_lookup = plugin.extensions.sink_lookup != nullptr;
    if (contract.plugin_lookup) return contract;
    if (const auto* lookup = op->if_contains("lookup")) {
        if (!lookup->is_object()) throw std::invalid_argument(where + ".lookup must be an object");
        const auto& l = lookup->get_object();
        SinkLookup spec;
        const bool has_operation = l.contains("operation"), has_stream = l.contains("stream");
        if (has_operation == has_stream)
            throw std::invalid_argument(where + ".lookup needs exactly one of \"operation\" and \"stream\"");
        const auto templates = [&](const char* key) {
            const auto* v = l.if_contains(key);
            if (v == nullptr) return RecordTemplateObject();
            if (!v->is_object()) throw std::invalid_argument(where + ".lookup." + key + " must be an object");
            try {
                return RecordTemplateObject(v->get_object());
            } catch (const std::exception& e) {
                throw std::invalid_argument(where + ".lookup." + key + ": " + e.what());
            }
        };
        if (has_operation) {
            spec.operation = string_member(l, "operation", where + ".lookup", true);
            if (manifest.operation(spec.operation) == nullptr)
                throw std::invalid_argument(where + ".lookup.operation names '" + spec.operation +
                                            "', which is not an operation of " + plugin_id);
            spec.input = templates("input");
            spec.found = string_member(l, "found", where + ".lookup", false);
        } else {
            spec.stream = string_member(l, "stream", where + ".lookup", true);
            const auto* stream = manifest.stream(spec.stream);
            if (stream == nullptr)
                throw std::invalid_argument(where + ".lookup.stream names '" + spec.stream +
                                            "', which is not a stream of " + plugin_id);
            spec.params = templates("params");
            const auto* match = l.if_contains("match");
            if (match == nullptr || !match->is_object() || match->get_object().empty())
                throw std::invalid_argument(where + ".lookup.match must be a non-empty object of path: template");
            for (const auto& [path, value] : match->get_object()) {
                if (!value.is_string())
                    throw std::invalid_argument(where + ".lookup.match." + std::string(path) + " must be a template string");
                try {
                    spec.match.emplace_back(std::string(path), RecordTemplate(std::string(value.get_string())));
                } catch (const std::exception& e) {
                    throw std::invalid_argument(where + ".lookup.match." + std::string(path) + ": " + e.what());
                }
            }
            if (const auto* ps = stream->if_contains("page_size"); ps != nullptr && ps->is_object())
                if (const auto* max = ps->get_object().if_contains("maximum"); max != nullptr && max->is_int64())
                    spec.page_size = max->get_int64();
        }
        spec.result_id = string_member(l, "result_id", where + ".lookup", false);
        contract.manifest_lookup = std::move(spec);
    }
    return contract;
}

std::string written_result_id(const SinkContract& contract, const boost::json::value& result) {
    if (!contract.result_id_path.empty()) {
        const auto* v = find_path(result, contract.result_id_path);
        return v != nullptr ? id_text(*v) : std::string();
    }
    for (const char* path : {"result_id", "id"})
        if (const auto* v = find_path(result, path); v != nullptr && !v->is_null()) return id_text(*v);
    return {};
}

std::optional<std::string> found_result_id(const SinkLookup& lookup, const boost::json::value& result) {
    const auto* found = lookup.found.empty() ? &result : find_path(result, lookup.found);
    if (found == nullptr || !truthy(*found)) return std::nullopt;
    if (lookup.result_id.empty()) return std::string();
    const auto* id = find_path(result, lookup.result_id);
    return id != nullptr ? id_text(*id) : std::string();
}

}  // namespace photobridge::engine
