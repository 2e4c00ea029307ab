#include "provider_manifest.hpp"

#include <photobridge/sdk/error.hpp>

namespace photobridge::plugins::declarative {
namespace json = boost::json;

json::object derive_manifest(const ProviderDefinition& d) {
    json::object streams;
    for (const StreamSpec& s : d.streams) {
        json::object stream{{"description", s.description.empty() ? "GET " + s.name : s.description},
                            {"record", s.record},
                            {"params", s.params_schema}};
        if (s.page_size_maximum > 0)
            stream["page_size"] = json::object{{"default", s.page_size_default}, {"maximum", s.page_size_maximum}};
        stream["incremental"] =
            s.incremental_field.empty()
                ? json::value(nullptr)
                : json::value(json::object{{"field", s.incremental_field},
                                           {"param", s.incremental_param.empty() ? json::value(nullptr)
                                                                                 : json::value(s.incremental_param)}});
        streams[s.name] = std::move(stream);
    }
    json::object operations{
        {"download_media",
         json::object{{"description", "GETs one media URL from a record; the credential is sent only when the URL has "
                                      "base_url's scheme, host and port"},
                      {"input", json::object{{"type", "object"},
                                             {"required", json::array{"url"}},
                                             {"properties", json::object{{"url", json::object{{"type", "string"},
                                                                                              {"minLength", 1}}},
                                                                         {"variant", json::object{{"type", "string"}}}}}}},
                      {"output", "bytes"},
                      {"idempotent", true}}}};
    for (const OperationSpec& op : d.operations) {
        std::string what = op.description;
        if (what.empty()) what = op.answer == OperationSpec::Answer::find ? "finds a record of " + op.result_stream
                                                                         : op.method + " " + op.name;
        json::object entry{{"description", std::move(what)}, {"input", op.input_schema}};
        const StreamSpec* result = d.stream(op.result_stream);
        entry["output"] = op.answer == OperationSpec::Answer::record && result != nullptr && op.result_under.empty()
                              ? result->record
                              : "json";
        entry["idempotent"] = op.idempotent;
        if (op.bytes_required) entry["input_bytes"] = json::object{{"required", true}};
        if (op.creates) entry["creates"] = true;
        if (!op.lookup_stream.empty()) {
            entry["result_id"] = "id";
            entry["lookup_by"] = op.lookup_by;
            if (!op.key_into.empty()) entry["key_into"] = op.key_into;
        }
        operations[op.name] = std::move(entry);
    }
    json::array errors;
    for (const ErrorRule& rule : d.errors.rules) {
        json::object e{{"status", sdk::status_name(rule.status)}};
        if (rule.http_status) e["http_status"] = *rule.http_status;
        std::string when = "declared in the provider file";
        if (!rule.body_path.empty()) {
            when = rule.body_path + " is ";
            for (std::size_t i = 0; i < rule.equals.size(); ++i) when += (i ? " or " : "") + ("\"" + rule.equals[i] + "\"");
        }
        e["when"] = when;
        errors.push_back(std::move(e));
    }
    errors.push_back(json::object{{"status", "PROTOCOL"},
                                  {"when", "a body that is not JSON, records that are not an array of objects, or a "
                                           "mapped field of the wrong type; the message names the field"}});
    json::object manifest{{"description", d.description.empty() ? d.name : d.description},
                          {"declared_in", d.file},
                          {"config", d.config},
                          {"streams", std::move(streams)},
                          {"operations", std::move(operations)},
                          {"errors", std::move(errors)}};
    if (!d.docs.empty()) manifest["docs"] = d.docs;
    return manifest;
}

}  // namespace photobridge::plugins::declarative
