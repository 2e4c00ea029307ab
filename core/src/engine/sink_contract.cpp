#include "engine/sink_contract.hpp"

#include "model/record_path.hpp"

#include <algorithm>
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
    if (const auto* by = op->if_contains("lookup_by")) {
        const auto bad = [&] { return std::invalid_argument(where + ".lookup_by must be a field name or a list of them"); };
        if (by->is_string()) {
            contract.lookup_by.emplace_back(by->get_string());
        } else if (by->is_array()) {
            for (const auto& f : by->get_array()) {
                if (!f.is_string() || f.get_string().empty()) throw bad();
                contract.lookup_by.emplace_back(f.get_string());
            }
        } else {
            throw bad();
        }
    }
    if (const auto* into = op->if_contains("key_into")) {
        if (!into->is_string()) throw std::invalid_argument(where + ".key_into must be a string with {key} in it");
        const std::string format(into->get_string());
        const auto at = format.find("{key}");
        if (at == std::string::npos || format.find("{key}", at + 1) != std::string::npos)
            throw std::invalid_argument(where + ".key_into must hold {key} exactly once, got '" + format + "'");
        if (contract.lookup_by.empty())
            throw std::invalid_argument(where + ".key_into needs lookup_by (the field it fills)");
        contract.key_into = KeyInto{contract.lookup_by.front(), format.substr(0, at), format.substr(at + 5)};
    }
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

std::string key_as_name(std::string_view key) {
    static const char* const kHex = "0123456789ABCDEF";
    std::string out;
    out.reserve(key.size());
    for (const char c : key) {
        const auto u = static_cast<unsigned char>(c);
        const bool plain = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '.' || u == '-';
        if (plain) {
            out += c;
        } else {
            out += '_';
            out += kHex[u >> 4];
            out += kHex[u & 0x0F];
        }
    }
    return out;
}

void fill_key_param(const SinkContract& contract, boost::json::object& input, const std::string& key) {
    if (!contract.key_into) return;
    const auto* set = input.if_contains(contract.key_into->param);
    if (set != nullptr && !set->is_null()) return;
    std::string value = contract.key_into->prefix;
    value += key_as_name(key);
    value += contract.key_into->suffix;
    input[contract.key_into->param] = std::move(value);
}

SinkGuarantee sink_guarantee(const SinkContract& contract, const RecordTemplateObject& params) {
    using Level = SinkGuarantee::Level;
    if (contract.idempotent) return {Level::exactly_once_in_effect, "exactly once in effect (repeating the write changes nothing)"};
    // The extension covers the actions whose manifest entry says lookup_by.
    const bool looked_up = contract.manifest_lookup.has_value() || (contract.plugin_lookup && !contract.lookup_by.empty());
    if (!looked_up)
        return {Level::at_least_once,
                "at least once: the plugin cannot look a write up, so one interrupted by a crash may be made again"};
    // The fields the lookup needs, and whether the workflow (or the key) gives them.
    std::vector<std::string> needed = contract.lookup_by;
    if (contract.manifest_lookup) {
        const auto add = [&](const RecordTemplateObject& templates) {
            for (const auto& path : templates.paths())
                if (std::find(needed.begin(), needed.end(), path) == needed.end()) needed.push_back(path);
        };
        add(contract.manifest_lookup->input);
        add(contract.manifest_lookup->params);
        for (const auto& [_, t] : contract.manifest_lookup->match)
            for (const auto& path : t.paths())
                if (std::find(needed.begin(), needed.end(), path) == needed.end()) needed.push_back(path);
    }
    std::vector<std::string> missing;
    for (const auto& field : needed) {
        const bool filled_by_key = contract.key_into && contract.key_into->param == field;
        if (!params.literal().contains(field) && !filled_by_key) missing.push_back(field);
    }
    std::string by;
    for (const auto& f : needed) by += (by.empty() ? "" : ", ") + f;
    if (missing.empty()) {
        std::string text = "exactly once (an interrupted write is looked up";
        if (!by.empty()) text += " by " + by;
        if (contract.key_into && !params.literal().contains(contract.key_into->param))
            text += "; " + contract.key_into->param + " comes from the idempotency key";
        return {Level::exactly_once, text + ")"};
    }
    std::string text = "at least once: set params.";
    for (std::size_t i = 0; i < missing.size(); ++i) text += (i ? ", params." : "") + missing[i];
    return {Level::at_least_once, text + " (a stable value per record) so an interrupted write can be looked up"};
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
