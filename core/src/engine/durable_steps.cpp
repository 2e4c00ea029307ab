// RecordPipeline's creating and waiting steps: an invoke step, or a part of
// a composite step, whose operation's manifest entry says "creates": true
// (it makes something at the provider: an upload, a paid generation) or
// "check": true (it waits for something there).
//
// The protocol, per (workflow, record key, step id), in the state store's
// step marks (state/step_marks.hpp), each saved before the step after it
// runs:
//  - creating: a `pending` mark, then the call, then a `done` mark with the
//    result. A `done` mark of the record's current content is used instead
//    of calling again. A `pending` one (the run died during the call) is
//    resolved through the plugin's lookup of that operation when it offers
//    one (ext/sink_lookup.h); without a lookup the step is called again.
//  - waiting: with the step-check extension (ext/step_check.h) and
//    [policy] park_waits, one check per due time: "pending" saves a
//    `parked` mark (the plugin's handle and next check) and parks the
//    record; "done" saves a `done` mark; "failed" or "expired" a `failed`
//    mark and the record fails at once, without retries. Otherwise the
//    operation is called and blocks, and its result is marked `done`.
// Both kinds hold a job slot of their connection ([policy] max_pending)
// from their first call until the record's steps end.
#include "engine/record_pipeline.hpp"

#include "host/logger.hpp"

#include <chrono>

namespace photobridge::engine {
namespace {

std::int64_t unix_ms_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The mark of `step` written for this content of the record, or null.
state::StepMark* find_mark(std::vector<state::StepMark>& marks, const std::string& step, const std::string& hash) {
    for (auto& m : marks)
        if (m.step == step && m.content_hash == hash) return &m;
    return nullptr;
}

// The provider's id in a step result ({"id": ...}), "" when it has none.
std::string id_of(const boost::json::value& result) {
    const auto* o = result.if_object();
    const auto* id = o != nullptr ? o->if_contains("id") : nullptr;
    if (id == nullptr) return {};
    if (id->is_string()) return std::string(id->get_string());
    if (id->is_int64()) return std::to_string(id->get_int64());
    return {};
}

boost::json::value parse_saved(const std::string& text) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    return ec ? boost::json::value(boost::json::object()) : v;
}

}  // namespace

FlowStatePtr RecordPipeline::durable_invoke(std::size_t step_index, std::size_t part_index, const Step& step,
                                            Durability kind, const FlowStatePtr& input, RecordRun& run) {
    const std::string& connection = connection_of(step);
    const RecordWork& work = *run.work;
    const bool resumed_here = run.resume && run.resume->step == step_index && run.resume->part == part_index;
    if (!run.slots.contains(connection)) {
        if (!slots_.try_acquire(connection)) {
            if (!resumed_here) run.resume = RecordRun::Resume{step_index, part_index, input, {}};
            throw NeedsSlot{connection};
        }
        run.slots.insert(connection);
    }
    if (!run.marks) run.marks = ctx_.store.load_step_marks(ctx_.workflow.name, work.key);
    const state::StepMark* mark = find_mark(*run.marks, step.id, work.hash);

    const auto save = [&](state::StepMark m) {
        m.key = work.key;
        m.step = step.id;
        m.content_hash = work.hash;
        m.connection = connection;
        m.operation = step.operation;
        ctx_.store.save_step_mark(ctx_.workflow.name, m);
        if (state::StepMark* old = find_mark(*run.marks, step.id, work.hash)) *old = std::move(m);
        else run.marks->push_back(std::move(m));
    };
    const auto save_done = [&](const boost::json::value& result) {
        state::StepMark m;
        m.status = state::StepMarkStatus::done;
        m.result_json = boost::json::serialize(result);
        m.provider_id = id_of(result);
        save(std::move(m));
    };
    const auto fail = [&](Failure f) -> FlowStatePtr {
        f.message = "step " + step.id + ": " + f.message;
        throw StepFailure(step.id, std::move(f));
    };

    // A result remembered from an earlier try. A check that returns bytes is
    // asked again rather than remembered (its bytes are not stored).
    if (mark != nullptr && mark->status == state::StepMarkStatus::done &&
        !(kind == Durability::check && step.keep_bytes_from_result))
        return step_result_state(input, step.id, parse_saved(mark->result_json), input->bytes);

    int attempts = 1;
    try {
        const auto& instance = ctx_.connections.instance(connection);
        const boost::json::object request = step.params.render(input->record);
        const std::string_view bytes = step.send_bytes ? std::string_view(input->bytes) : std::string_view();
        const auto call = [&] {
            return call_with_retries(
                backoff_, ctx_.stop.get(), ctx_.retry_observer("step " + step.id),
                [&] { return instance.invoke(step.operation, request, bytes); }, &attempts);
        };

        if (kind == Durability::creates) {
            if (mark != nullptr && mark->status == state::StepMarkStatus::pending) {
                if (instance.plugin().extensions.sink_lookup != nullptr && instance.can_find_write(step.operation, request)) {
                    std::optional<std::string> cursor;
                    for (;;) {
                        const host::WriteLookupPage page = call_with_retries(
                            backoff_, ctx_.stop.get(), ctx_.retry_observer("step " + step.id + " lookup"),
                            [&] { return instance.find_write(step.operation, request, cursor); }, &attempts);
                        if (page.found) {
                            const boost::json::value result = boost::json::object{{"id", page.id}, {"found", true}};
                            save_done(result);
                            return step_result_state(input, step.id, result, input->bytes);
                        }
                        if (!page.next_cursor) break;
                        cursor = page.next_cursor;
                    }
                } else {
                    host::log_line(host::LogLevel::warn, "run",
                                   "step " + step.id + " of " + work.key + ": an earlier run may have created it (" +
                                       step.operation + " has no lookup): calling it again");
                }
            }
            state::StepMark pending;
            pending.status = state::StepMarkStatus::pending;
            save(std::move(pending));
            host::InvokeResult r = call();
            save_done(r.json);
            return step_result_state(input, step.id, std::move(r.json),
                                     step.keep_bytes_from_result ? std::move(r.bytes) : input->bytes);
        }

        // A waiting step.
        if (!ctx_.workflow.policy.park_waits || !instance.can_check()) {
            host::InvokeResult r = call();
            save_done(r.json);
            return step_result_state(input, step.id, std::move(r.json),
                                     step.keep_bytes_from_result ? std::move(r.bytes) : input->bytes);
        }
        std::string handle;
        if (resumed_here) {
            handle = run.resume->handle_json;
        } else if (mark != nullptr && mark->status == state::StepMarkStatus::parked) {
            // Parked by an earlier run: go on with its handle, at its time.
            handle = mark->handle_json;
            const std::int64_t wait_ms = mark->next_check_unix_ms - unix_ms_now();
            if (wait_ms > 0) {
                run.resume = RecordRun::Resume{step_index, part_index, input, handle};
                throw ParkedUntil{Clock::now() + std::chrono::milliseconds(wait_ms)};
            }
        }
        host::StepCheckAnswer answer = call_with_retries(
            backoff_, ctx_.stop.get(), ctx_.retry_observer("step " + step.id),
            [&] { return instance.check(step.operation, request, handle); }, &attempts);
        switch (answer.state) {
        case host::StepCheckAnswer::State::done:
            save_done(answer.result.json);
            return step_result_state(input, step.id, std::move(answer.result.json),
                                     step.keep_bytes_from_result ? std::move(answer.result.bytes) : input->bytes);
        case host::StepCheckAnswer::State::pending: {
            state::StepMark parked;
            parked.status = state::StepMarkStatus::parked;
            parked.handle_json = answer.handle_json;
            parked.provider_id = answer.id;
            parked.provider_status = answer.status;
            parked.next_check_unix_ms = unix_ms_now() + answer.check_after_ms;
            save(std::move(parked));
            run.resume = RecordRun::Resume{step_index, part_index, input, std::move(answer.handle_json)};
            throw ParkedUntil{Clock::now() + std::chrono::milliseconds(answer.check_after_ms)};
        }
        case host::StepCheckAnswer::State::failed:
        case host::StepCheckAnswer::State::expired: break;
        }
        const bool expired = answer.state == host::StepCheckAnswer::State::expired;
        state::StepMark failed;
        failed.status = state::StepMarkStatus::failed;
        failed.provider_id = answer.id;
        failed.provider_status = answer.status;
        save(std::move(failed));
        std::string message = answer.message.empty() ? std::string(expired ? "the job expired" : "the job failed")
                                                     : answer.message;
        if (!answer.provider_code.empty() && message.find(answer.provider_code) == std::string::npos)
            message += " [provider code: " + answer.provider_code + "]";
        if (!answer.status.empty() && message.find(answer.status) == std::string::npos)
            message += " [provider status: " + answer.status + "]";
        // Not retried: the provider gave its verdict.
        return fail(Failure{expired ? PB_ERR_TIMEOUT : PB_ERR_CONFLICT, 0, std::move(message), attempts});
    } catch (const host::InvokeError& e) {
        return fail(Failure::from(e, attempts));
    } catch (const TemplateError& e) {
        return fail(Failure{PB_ERR_INVALID_ARGUMENT, 0, e.what(), 1});
    }
}

}  // namespace photobridge::engine
