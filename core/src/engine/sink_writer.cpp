#include "engine/sink_writer.hpp"

#include "model/record_path.hpp"
#include "host/logger.hpp"
#include "host/stream_pages.hpp"

#include <set>

namespace photobridge::engine {
using namespace photobridge::model;

SinkWriter::SinkWriter(RunContext& context) : ctx_(context), backoff_(context.workflow.policy.retry) {}

bool SinkWriter::can_look_up(std::size_t sink, const boost::json::object& action_input) const {
    const SinkContract& contract = ctx_.contract(sink);
    if (contract.plugin_lookup) {
        const Sink& s = ctx_.workflow.sinks[sink];
        return ctx_.connections.instance(s.connection).can_find_write(s.action, action_input);
    }
    const auto& lookup = contract.manifest_lookup;
    if (!lookup) return false;
    // Possible when the lookup's templates can be filled from the write's
    // input (holes with a fallback, like {subdir|}, need not be there).
    try {
        const boost::json::value input(action_input);
        if (lookup->stream.empty()) {
            (void)lookup->input.render(input);
        } else {
            (void)lookup->params.render(input);
            for (const auto& [path, expected] : lookup->match) (void)expected.render(input);
        }
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

std::optional<std::string> SinkWriter::look_up(std::size_t sink, const boost::json::object& action_input) {
    const SinkContract& contract = ctx_.contract(sink);
    const Sink& s = ctx_.workflow.sinks[sink];
    const auto& instance = ctx_.connections.instance(s.connection);
    const RetryObserver observe = ctx_.retry_observer("lookup " + s.id);
    if (contract.plugin_lookup) {
        // The plugin's lookup, one page per call, each page with its own retries.
        std::optional<std::string> cursor;
        std::set<std::string> seen;
        for (;;) {
            host::WriteLookupPage page = call_with_retries(backoff_, ctx_.stop.get(), observe,
                                                           [&] { return instance.find_write(s.action, action_input, cursor); });
            if (page.found) return std::move(page.id);
            if (!page.next_cursor) return std::nullopt;
            if (!seen.insert(*page.next_cursor).second)
                throw host::InvokeError(PB_ERR_PROTOCOL, "lookup " + s.id + ": the plugin returned a cursor it had returned before");
            cursor = std::move(page.next_cursor);
        }
    }
    const SinkLookup& lookup = *contract.manifest_lookup;
    const boost::json::value input(action_input);
    if (lookup.stream.empty()) {
        const boost::json::object request = lookup.input.render(input);
        host::InvokeResult r = call_with_retries(backoff_, ctx_.stop.get(), observe,
                                                 [&] { return instance.invoke(lookup.operation, request); });
        return found_result_id(lookup, r.json);
    }
    // Stream form: a scan, each page with its own retries.
    const boost::json::object params = lookup.params.render(input);
    std::vector<std::pair<std::string, std::string>> expected;
    for (const auto& [path, tmpl] : lookup.match) expected.emplace_back(path, id_text(tmpl.render(input)));
    std::optional<std::string> cursor;
    for (;;) {
        host::StreamPage page = call_with_retries(backoff_, ctx_.stop.get(), observe, [&] {
            return host::read_page(instance, lookup.stream, params, cursor, lookup.page_size);
        });
        for (const auto& record : page.records) {
            bool all = true;
            for (const auto& [path, value] : expected) {
                const auto* actual = find_path(record, path);
                if (actual == nullptr || actual->is_null() || id_text(*actual) != value) {
                    all = false;
                    break;
                }
            }
            if (!all) continue;
            if (lookup.result_id.empty()) return std::string();
            const auto* id = find_path(record, lookup.result_id);
            return id != nullptr ? id_text(*id) : std::string();
        }
        if (!page.next_cursor) return std::nullopt;
        if (cursor && *page.next_cursor == *cursor)
            throw host::InvokeError(PB_ERR_PROTOCOL, "lookup " + s.id + ": the stream returned the same cursor twice");
        cursor = std::move(page.next_cursor);
    }
}

void SinkWriter::mark_done(const SinkTask& task, const std::string& result_id, bool found) {
    RecordWork& work = *task.work;
    const SinkPlan& plan = work.plans[task.plan];
    SinkCounters& counters = ctx_.counters.per_sink[plan.sink];
    (found ? counters.found : counters.written).fetch_add(1, std::memory_order_relaxed);
    state::LedgerUpdate done{ctx_.workflow.sinks[plan.sink].id, work.key, work.hash, state::LedgerStatus::done, result_id};
    // Settled only once the done mark is durable (see ledger_writer.hpp).
    RecordWorkPtr keep = task.work;
    const std::size_t index = task.plan;
    // The continuation may run after this worker (and its SinkWriter) is
    // gone: it holds the run context, which outlives the ledger writer.
    RunContext* ctx = &ctx_;
    ctx_.ledger->write(std::move(done), [ctx, keep, index](bool ok) {
        if (ok) {
            ctx->plan_succeeded(*keep, index);
        } else {
            ctx->fail_run("the ledger cannot be written: " + ctx->ledger->failure());
            ctx->plan_abandoned(*keep, index);
        }
    });
}

void SinkWriter::perform(const SinkTask& task) { perform_batch(std::vector<SinkTask>{task}); }

void SinkWriter::perform_batch(const std::vector<SinkTask>& tasks) {
    struct Ready {
        const SinkTask* task;
        boost::json::object input;
        bool lookup_possible;
    };
    std::vector<Ready> ready;
    ready.reserve(tasks.size());
    for (const SinkTask& task : tasks) {
        RecordWork& work = *task.work;
        const SinkPlan& plan = work.plans[task.plan];
        const Sink& sink = ctx_.workflow.sinks[plan.sink];
        if (ctx_.stopping()) {
            ctx_.plan_abandoned(work, task.plan);
            continue;
        }
        boost::json::object input;
        try {
            input = sink.params.render(task.input->record);
            fill_key_param(ctx_.contract(plan.sink), input, work.key);
        } catch (const TemplateError& e) {
            ctx_.plan_failed(work, task.plan, Failure{PB_ERR_INVALID_ARGUMENT, 0, "params: " + std::string(e.what()), 1});
            continue;
        }
        const bool lookup_possible = can_look_up(plan.sink, input);
        // 1. A pending mark from an interrupted run: did that write land?
        if (plan.verify_first && lookup_possible) {
            try {
                if (auto found = look_up(plan.sink, input)) {
                    mark_done(task, *found, true);
                    continue;
                }
            } catch (const host::InvokeError& e) {
                ctx_.plan_failed(work, task.plan, Failure::from(e, 1, "lookup: "));
                continue;
            }
        }
        ready.push_back(Ready{&task, std::move(input), lookup_possible});
    }
    if (ready.empty()) return;

    // 2. Pending marks, durable before any of these writes starts.
    std::vector<state::LedgerUpdate> pending;
    pending.reserve(ready.size());
    for (const auto& r : ready) {
        const RecordWork& work = *r.task->work;
        pending.push_back(state::LedgerUpdate{ctx_.workflow.sinks[work.plans[r.task->plan].sink].id, work.key, work.hash,
                                              state::LedgerStatus::pending, ""});
    }
    if (!ctx_.ledger->write_all_and_wait(std::move(pending))) {
        ctx_.fail_run("the ledger cannot be written: " + ctx_.ledger->failure());
        for (const auto& r : ready) ctx_.plan_abandoned(*r.task->work, r.task->plan);
        return;
    }
    // 3 and 4, one record at a time.
    for (const auto& r : ready) write(*r.task, r.input, r.lookup_possible);
}

void SinkWriter::write(const SinkTask& task, const boost::json::object& input, bool lookup_possible) {
    RecordWork& work = *task.work;
    const SinkPlan& plan = work.plans[task.plan];
    const Sink& sink = ctx_.workflow.sinks[plan.sink];
    if (ctx_.stopping()) return ctx_.plan_abandoned(work, task.plan);  // nothing sent: the pending mark stays
    const SinkContract& contract = ctx_.contract(plan.sink);
    const auto& instance = ctx_.connections.instance(sink.connection);
    int attempts = 0;
    try {
        // Retries by hand so that an ambiguous failure of a non-idempotent
        // write is checked with the lookup before repeating it.
        const int limit = std::max(1, ctx_.workflow.policy.retry.attempts);
        const RetryObserver observe = ctx_.retry_observer("sink " + sink.id + " " + work.key);
        int free_waits = 0;  // rate limits with a reset time: waited for without spending an attempt
        for (attempts = 1;; ++attempts) {
            try {
                host::InvokeResult r = instance.invoke(sink.action, input, task.input->bytes);
                return mark_done(task, written_result_id(contract, r.json), false);
            } catch (const host::InvokeError& e) {
                if (!is_transient(e.code()) || e.retry_after_ms() > ctx_.workflow.policy.retry.max_wait_ms) throw;
                if (!spends_attempt(e, free_waits)) {
                    --attempts;
                } else if (attempts >= limit) {
                    throw;
                }
                const auto wait = backoff_.delay(std::max(attempts, 1), e.retry_after_ms());
                observe(e, attempts, wait);
                if (!sleep_unless_cancelled(wait, ctx_.stop.get()))
                    throw host::InvokeError(PB_ERR_CANCELLED, std::string("stopped while waiting to retry after: ") + e.what());
                if (!contract.idempotent && may_have_taken_effect(e.code()) && lookup_possible) {
                    if (auto found = look_up(plan.sink, input)) {
                        host::log_line(host::LogLevel::debug, "run",
                                       ctx_.redact(work.key + " -> " + sink.id +
                                                   ": the failed write had taken effect (found by lookup)"));
                        return mark_done(task, *found, false);
                    }
                }
            }
        }
    } catch (const host::InvokeError& e) {
        return ctx_.plan_failed(work, task.plan, Failure::from(e, std::max(attempts, 1)));
    } catch (const TemplateError& e) {
        return ctx_.plan_failed(work, task.plan,
                                Failure{PB_ERR_INVALID_ARGUMENT, 0, "lookup input: " + std::string(e.what()), 1});
    } catch (const std::exception& e) {
        return ctx_.plan_failed(work, task.plan, Failure{PB_ERR_INTERNAL, 0, e.what(), std::max(attempts, 1)});
    }
}

}  // namespace photobridge::engine
