#include "engine/record_pipeline.hpp"

#include "engine/media_fan_out.hpp"
#include "model/record_path.hpp"

#include <stdexcept>

namespace photobridge::engine {
using namespace photobridge::model;

RecordPipeline::RecordPipeline(RunContext& context) : ctx_(context), backoff_(context.workflow.policy.retry) {
    const auto& steps = ctx_.workflow.steps;
    parent_.reserve(steps.size());
    for (const auto& step : steps) parent_.push_back(node_of(step.after));
}

std::size_t RecordPipeline::node_of(const std::string& step_id) const {
    if (step_id.empty()) return kSource;
    const auto& steps = ctx_.workflow.steps;
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (steps[i].id == step_id) return i;
    throw std::logic_error("workflow names an unknown step '" + step_id + "' (validation should have refused it)");
}

std::vector<FlowStatePtr> RecordPipeline::run(const RecordWork& work) {
    auto source = std::make_shared<FlowState>();
    // Copy-assigned, so the copy takes the default storage: work.record lives
    // in its page's arena, which is not thread-safe to allocate from.
    source->record = work.record;
    if (work.entry) add_entry_fields(source->record, *work.entry);
    const FlowStatePtr source_state = std::move(source);

    std::vector<Node> nodes(ctx_.workflow.steps.size());
    std::vector<FlowStatePtr> out;
    out.reserve(work.plans.size());
    for (const auto& plan : work.plans) {
        const std::size_t node = node_of(ctx_.workflow.sinks[plan.sink].after);
        out.push_back(node == kSource ? source_state : compute(node, nodes, source_state));
    }
    return out;
}

FlowStatePtr RecordPipeline::compute(std::size_t step, std::vector<Node>& nodes, const FlowStatePtr& source) {
    if (nodes[step].computed) return nodes[step].state;
    const std::size_t parent = parent_[step];
    FlowStatePtr input = parent == kSource ? source : compute(parent, nodes, source);
    FlowStatePtr result = input ? apply(ctx_.workflow.steps[step], input) : nullptr;
    nodes[step].computed = true;
    nodes[step].state = result;
    return result;
}

namespace {

// The record with steps.<id> = result.
boost::json::value with_step_result(const boost::json::value& record, const std::string& id, boost::json::value result) {
    boost::json::value out = record;
    if (!out.is_object()) return out;
    auto& obj = out.get_object();
    auto* steps = obj.if_contains("steps");
    if (steps == nullptr || !steps->is_object()) steps = &(obj["steps"] = boost::json::object());
    steps->get_object()[id] = std::move(result);
    return out;
}

}  // namespace

FlowStatePtr RecordPipeline::apply(const Step& step, const FlowStatePtr& input) {
    if (step.kind == Step::Kind::filter) return step.when.matches(input->record) ? input : nullptr;
    if (step.kind == Step::Kind::composite) {
        // Its parts are invoke steps, each guarded like the whole step.
        FlowStatePtr state = input;
        for (const Step& part : step.chain) state = apply(part, state);
        return state;
    }
    // A guard on a download or invoke step: records that do not match pass
    // through unchanged.
    if (!step.when.any_of.empty() && !step.when.matches(input->record)) return input;

    int attempts = 1;
    try {
        if (step.kind == Step::Kind::download) {
            const boost::json::value* media = find_path(input->record, "media");
            std::string url, variant = step.variant;
            const auto url_of = [](const boost::json::value& m) -> std::string {
                const auto* o = m.if_object();
                const auto* u = o != nullptr ? o->if_contains("url") : nullptr;
                return u != nullptr && u->is_string() ? std::string(u->get_string()) : std::string();
            };
            if (step.fans_out()) {
                // This work is one media entry (media_fan_out.hpp): the one
                // at variant_index.
                const auto* index = find_path(input->record, "variant_index");
                if (media != nullptr && media->is_array() && index != nullptr && index->is_int64() &&
                    index->get_int64() >= 0 && static_cast<std::size_t>(index->get_int64()) < media->get_array().size()) {
                    const auto& entry = media->get_array()[static_cast<std::size_t>(index->get_int64())];
                    url = url_of(entry);
                    if (const auto* v = find_path(input->record, "variant"); v != nullptr && v->is_string())
                        variant = std::string(v->get_string());
                }
                if (url.empty())
                    throw StepFailure(step.id, Failure{PB_ERR_INVALID_ARGUMENT, 0,
                                                       "step " + step.id + ": media entry " +
                                                           (index != nullptr ? boost::json::serialize(*index) : "?") +
                                                           " of the record has no url",
                                                       1});
            } else if (media != nullptr && media->is_array()) {
                for (const auto& m : media->get_array())
                    if (const auto* o = m.if_object())
                        if (const auto* v = o->if_contains("variant"); v && v->is_string() && v->get_string() == step.variant)
                            url = url_of(m);
                // "main" is the default: a record whose provider names its
                // variants otherwise (Snapbar's file names, generative.photos'
                // "original") gets its first media item.
                if (url.empty() && step.variant == "main" && !media->get_array().empty()) {
                    url = url_of(media->get_array().front());
                    if (const auto* o = media->get_array().front().if_object())
                        if (const auto* v = o->if_contains("variant"); v && v->is_string()) variant = std::string(v->get_string());
                }
            }
            if (url.empty())
                throw StepFailure(step.id, Failure{PB_ERR_INVALID_ARGUMENT, 0,
                                                   "step " + step.id + ": the record has no media variant '" +
                                                       step.variant + "' with a url",
                                                   1});
            const auto& instance = ctx_.source_instance();
            host::InvokeResult r = call_with_retries(
                backoff_, ctx_.stop.get(), ctx_.retry_observer("step " + step.id),
                [&] { return instance.download_media(url, variant); }, &attempts);
            auto next = std::make_shared<FlowState>();
            boost::json::object result = r.json.is_object() ? r.json.get_object() : boost::json::object();
            result["size"] = static_cast<std::int64_t>(r.bytes.size());
            result["variant"] = variant;
            next->record = with_step_result(input->record, step.id, std::move(result));
            next->bytes = std::move(r.bytes);
            return next;
        }
        // invoke
        const std::string& connection = step.connection.empty() ? ctx_.workflow.source.connection : step.connection;
        const auto& instance = ctx_.connections.instance(connection);
        const boost::json::object request = step.params.render(input->record);
        const std::string_view bytes = step.send_bytes ? std::string_view(input->bytes) : std::string_view();
        host::InvokeResult r = call_with_retries(
            backoff_, ctx_.stop.get(), ctx_.retry_observer("step " + step.id),
            [&] { return instance.invoke(step.operation, request, bytes); }, &attempts);
        auto next = std::make_shared<FlowState>();
        next->record = with_step_result(input->record, step.id, std::move(r.json));
        next->bytes = step.keep_bytes_from_result ? std::move(r.bytes) : input->bytes;
        return next;
    } catch (const StepFailure&) {
        throw;
    } catch (const host::InvokeError& e) {
        Failure f = Failure::from(e, attempts);
        f.message = "step " + step.id + ": " + f.message;
        throw StepFailure(step.id, std::move(f));
    } catch (const TemplateError& e) {
        throw StepFailure(step.id, Failure{PB_ERR_INVALID_ARGUMENT, 0, "step " + step.id + ": " + e.what(), 1});
    }
}

}  // namespace photobridge::engine
