#include "engine/record_pipeline.hpp"

#include "engine/media_fan_out.hpp"
#include "model/record_path.hpp"

#include <stdexcept>

namespace photobridge::engine {
using namespace photobridge::model;

RecordPipeline::RecordPipeline(RunContext& context, JobSlots& slots)
    : ctx_(context), slots_(slots), backoff_(context.workflow.policy.retry) {
    const auto& steps = ctx_.workflow.steps;
    parent_.reserve(steps.size());
    durable_.reserve(steps.size());
    for (const auto& step : steps) {
        parent_.push_back(node_of(step.after));
        std::vector<Durability> parts;
        if (step.kind == Step::Kind::invoke) parts.push_back(durability_of(step));
        if (step.kind == Step::Kind::composite)
            for (const Step& part : step.chain) parts.push_back(durability_of(part));
        durable_.push_back(std::move(parts));
    }
}

std::size_t RecordPipeline::node_of(const std::string& step_id) const {
    if (step_id.empty()) return kSource;
    const auto& steps = ctx_.workflow.steps;
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (steps[i].id == step_id) return i;
    throw std::logic_error("workflow names an unknown step '" + step_id + "' (validation should have refused it)");
}

const std::string& RecordPipeline::connection_of(const Step& invoke) const {
    return invoke.connection.empty() ? ctx_.workflow.source.connection : invoke.connection;
}

RecordPipeline::Durability RecordPipeline::durability_of(const Step& invoke) const {
    const auto& manifest = ctx_.connections.instance(connection_of(invoke)).plugin().manifest;
    const boost::json::object* operation = manifest ? manifest->operation(invoke.operation) : nullptr;
    if (operation == nullptr) return Durability::none;
    const auto flag = [&](const char* key) {
        const auto* v = operation->if_contains(key);
        return v != nullptr && v->is_bool() && v->get_bool();
    };
    if (flag("check")) return Durability::check;
    if (flag("creates")) return Durability::creates;
    return Durability::none;
}

RecordPipeline::Outcome RecordPipeline::advance(RecordRun& run) {
    const RecordWork& work = *run.work;
    if (!run.started) {
        auto source = std::make_shared<FlowState>();
        // Copy-assigned, so the copy takes the default storage: work.record
        // lives in its page's arena, which is not thread-safe to allocate from.
        source->record = work.record;
        if (work.entry) add_entry_fields(source->record, *work.entry);
        run.source = std::move(source);
        run.nodes.assign(ctx_.workflow.steps.size(), RecordRun::Node{});
        run.states.reserve(work.plans.size());
        run.started = true;
    }
    try {
        while (run.states.size() < work.plans.size()) {
            const auto& plan = work.plans[run.states.size()];
            const std::size_t node = node_of(ctx_.workflow.sinks[plan.sink].after);
            run.states.push_back(node == kSource ? run.source : compute(node, run));
        }
    } catch (const ParkedUntil& parked) {
        release_unneeded_bytes(run);
        return Outcome{Outcome::Kind::parked, parked.due, {}};
    } catch (const NeedsSlot& wait) {
        return Outcome{Outcome::Kind::needs_slot, {}, wait.connection};
    }
    return Outcome{};
}

FlowStatePtr RecordPipeline::compute(std::size_t step, RecordRun& run) {
    if (run.nodes[step].computed) return run.nodes[step].state;
    const std::size_t parent = parent_[step];
    FlowStatePtr input = parent == kSource ? run.source : compute(parent, run);
    FlowStatePtr result = input ? apply(step, input, run) : nullptr;
    run.nodes[step].computed = true;
    run.nodes[step].state = result;
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

FlowStatePtr step_result_state(const FlowStatePtr& input, const std::string& id, boost::json::value result,
                               std::string bytes) {
    auto next = std::make_shared<FlowState>();
    next->record = with_step_result(input->record, id, std::move(result));
    next->bytes = std::move(bytes);
    return next;
}

FlowStatePtr RecordPipeline::apply(std::size_t index, const FlowStatePtr& input, RecordRun& run) {
    const Step& step = ctx_.workflow.steps[index];
    if (step.kind == Step::Kind::filter) return step.when.matches(input->record) ? input : nullptr;
    const bool resuming = run.resume && run.resume->step == index;
    if (step.kind == Step::Kind::composite) {
        // Its parts are invoke steps, each guarded like the whole step.
        FlowStatePtr state = resuming ? run.resume->state : input;
        for (std::size_t part = resuming ? run.resume->part : 0; part < step.chain.size(); ++part)
            state = run_invoke(index, part, step.chain[part], state, run);
        return state;
    }
    if (step.kind == Step::Kind::invoke) return run_invoke(index, 0, step, resuming ? run.resume->state : input, run);
    // A guard on a download step: records that do not match pass through unchanged.
    if (!step.when.any_of.empty() && !step.when.matches(input->record)) return input;
    return download(step, input);
}

FlowStatePtr RecordPipeline::run_invoke(std::size_t step, std::size_t part, const Step& invoke,
                                        const FlowStatePtr& input, RecordRun& run) {
    // A guard: records that do not match pass through unchanged.
    if (!invoke.when.any_of.empty() && !invoke.when.matches(input->record)) return input;
    const Durability kind = durable_[step][part];
    FlowStatePtr out = kind == Durability::none ? plain_invoke(invoke, input)
                                                : durable_invoke(step, part, invoke, kind, input, run);
    if (run.resume && run.resume->step == step && run.resume->part == part) run.resume.reset();
    return out;
}

FlowStatePtr RecordPipeline::download(const Step& step, const FlowStatePtr& input) {
    int attempts = 1;
    try {
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
    } catch (const StepFailure&) {
        throw;
    } catch (const host::InvokeError& e) {
        Failure f = Failure::from(e, attempts);
        f.message = "step " + step.id + ": " + f.message;
        throw StepFailure(step.id, std::move(f));
    }
}

FlowStatePtr RecordPipeline::plain_invoke(const Step& step, const FlowStatePtr& input) {
    int attempts = 1;
    try {
        const auto& instance = ctx_.connections.instance(connection_of(step));
        const boost::json::object request = step.params.render(input->record);
        const std::string_view bytes = step.send_bytes ? std::string_view(input->bytes) : std::string_view();
        host::InvokeResult r = call_with_retries(
            backoff_, ctx_.stop.get(), ctx_.retry_observer("step " + step.id),
            [&] { return instance.invoke(step.operation, request, bytes); }, &attempts);
        return step_result_state(input, step.id, std::move(r.json),
                                 step.keep_bytes_from_result ? std::move(r.bytes) : input->bytes);
    } catch (const host::InvokeError& e) {
        Failure f = Failure::from(e, attempts);
        f.message = "step " + step.id + ": " + f.message;
        throw StepFailure(step.id, std::move(f));
    } catch (const TemplateError& e) {
        throw StepFailure(step.id, Failure{PB_ERR_INVALID_ARGUMENT, 0, "step " + step.id + ": " + e.what(), 1});
    }
}

bool RecordPipeline::needs_bytes_from(std::size_t step, std::size_t part) const {
    const Step& s = ctx_.workflow.steps[step];
    if (s.kind != Step::Kind::composite) return !s.keep_bytes_from_result;
    for (std::size_t k = part; k < s.chain.size(); ++k) {
        if (s.chain[k].send_bytes) return true;
        if (s.chain[k].keep_bytes_from_result) return false;
    }
    return true;
}

void RecordPipeline::release_unneeded_bytes(RecordRun& run) const {
    const auto drop_bytes = [](FlowStatePtr& state) {
        if (!state || state->bytes.empty()) return;
        auto lighter = std::make_shared<FlowState>();
        lighter->record = state->record;
        state = std::move(lighter);
    };
    if (run.resume && !needs_bytes_from(run.resume->step, run.resume->part)) drop_bytes(run.resume->state);
    // A computed node is still needed when a plan not yet computed reads it,
    // directly or through steps not yet computed (other than the one that
    // stopped part-way, which goes on from its own saved state).
    std::vector<bool> needed(run.nodes.size(), false);
    for (std::size_t p = run.states.size(); p < run.work->plans.size(); ++p) {
        std::size_t node = node_of(ctx_.workflow.sinks[run.work->plans[p].sink].after);
        while (node != kSource) {
            if (run.nodes[node].computed) {
                needed[node] = true;
                break;
            }
            if (run.resume && run.resume->step == node) break;
            node = parent_[node];
        }
    }
    for (std::size_t n = 0; n < run.nodes.size(); ++n)
        if (run.nodes[n].computed && !needed[n]) drop_bytes(run.nodes[n].state);
}

}  // namespace photobridge::engine
