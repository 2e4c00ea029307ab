#include "engine/builtin_steps.hpp"

namespace photobridge::engine {
namespace json = boost::json;
namespace {

// Polling cadence of the chain's waits: first poll after 250 ms, doubling
// up to 2 s (generation takes seconds; the plugin's own defaults are 500 ms
// and 5 s).
constexpr std::int64_t kInitialDelayMs = 250;
constexpr std::int64_t kMaxDelayMs = 2000;

Step invoke_step(const Step& builtin, std::string id, std::string after, std::string operation, json::object params) {
    Step s;
    s.kind = Step::Kind::invoke;
    s.id = std::move(id);
    s.after = std::move(after);
    s.connection = builtin.connection;
    s.operation = std::move(operation);
    s.params = RecordTemplateObject(params);
    s.when = builtin.when;
    s.where = builtin.where;
    return s;
}

std::vector<Step> chain_of(const Step& v) {
    const std::vector<std::string> ids = generative_variant_chain_ids(v.id);
    const std::string& upload = ids[0];
    const std::string& faces = ids[1];
    const std::string& variant = ids[2];
    const std::string& wait = ids[3];
    std::vector<Step> chain;
    chain.push_back(invoke_step(v, upload, v.after, "upload_image", {{"filename", "{id}.jpg"}}));
    chain.back().send_bytes = true;
    chain.push_back(invoke_step(v, faces, upload, "wait_faces",
                                {{"id", "{steps." + upload + ".id}"},
                                 {"initial_delay_ms", kInitialDelayMs},
                                 {"max_delay_ms", kMaxDelayMs}}));
    chain.push_back(invoke_step(v, variant, faces, "create_variant",
                                {{"id", "{steps." + upload + ".id}"}, {"move", v.move}, {"param", v.move_param}}));
    json::object wait_params{
        {"id", "{steps." + variant + ".id}"}, {"initial_delay_ms", kInitialDelayMs}, {"max_delay_ms", kMaxDelayMs}};
    if (v.wait_timeout_ms) wait_params["timeout_ms"] = *v.wait_timeout_ms;
    chain.push_back(invoke_step(v, wait, variant, "wait_variant", std::move(wait_params)));
    chain.push_back(invoke_step(v, v.id, wait, "download", {{"id", "{steps." + wait + ".id}"}}));
    chain.back().keep_bytes_from_result = true;
    return chain;
}

}  // namespace

const std::vector<std::string>& generative_variant_operations() {
    static const std::vector<std::string> operations = {"upload_image", "wait_faces", "create_variant", "wait_variant",
                                                        "download"};
    return operations;
}

std::vector<std::string> generative_variant_chain_ids(const std::string& step_id) {
    return {step_id + "__upload", step_id + "__faces", step_id + "__variant", step_id + "__wait"};
}

void expand_builtin_steps(Workflow& workflow) {
    std::vector<Step> expanded;
    expanded.reserve(workflow.steps.size());
    for (Step& step : workflow.steps) {
        if (step.kind != Step::Kind::generative_variant) {
            expanded.push_back(std::move(step));
            continue;
        }
        for (Step& s : chain_of(step)) {
            s.expanded_from = step.id;
            expanded.push_back(std::move(s));
        }
    }
    workflow.steps = std::move(expanded);
}

}  // namespace photobridge::engine
