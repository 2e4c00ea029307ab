#include "engine/run_context.hpp"

#include "host/logger.hpp"

#include <photobridge/sdk/error.hpp>

namespace photobridge::engine {

Failure Failure::from(const host::InvokeError& e, int attempts, std::string_view context) {
    std::string message = std::string(context) + e.what();
    if (!e.provider_code().empty() && message.find(e.provider_code()) == std::string::npos)
        message += " [provider code: " + e.provider_code() + "]";
    return Failure{e.code(), e.http_status(), std::move(message), attempts, e.retry_after_ms()};
}

RunContext::RunContext(const Workflow& workflow_, Connections& connections_, state::StateStore& store_,
                       LedgerWriter* ledger_, PageTracker& tracker_, RunCounters& counters_,
                       host::CancellationTokenPtr stop_, host::CancellationTokenPtr abort_, bool dry_run_)
    : workflow(workflow_),
      connections(connections_),
      store(store_),
      ledger(ledger_),
      tracker(tracker_),
      counters(counters_),
      stop(std::move(stop_)),
      abort(std::move(abort_)),
      dry_run(dry_run_) {
    for (const auto& sink : workflow.sinks) {
        const auto& instance = connections.instance(sink.connection);
        contracts_.push_back(read_sink_contract(instance.plugin(), sink.action));
    }
    if (!dry_run)
        for (const auto& letter : store.dead_letters(workflow.name))
            old_letters_[{letter.sink, letter.key}] = letter.id;
}

void RunContext::fail_run(const std::string& message) {
    {
        std::lock_guard lock(mutex_);
        if (!failure_) failure_ = redact(message);
    }
    stop->cancel();
}

void RunContext::defer_run(std::chrono::milliseconds wait, const std::string& why) {
    const auto resume_at = std::chrono::system_clock::now() + wait;
    {
        std::lock_guard lock(mutex_);
        if (!deferral_ || deferral_->resume_at < resume_at) deferral_ = Deferral{resume_at, redact(why)};
    }
    stop->cancel();
}

std::optional<RunContext::Deferral> RunContext::deferral() const {
    std::lock_guard lock(mutex_);
    return deferral_;
}

std::optional<std::string> RunContext::run_failure() const {
    std::lock_guard lock(mutex_);
    return failure_;
}

RetryObserver RunContext::retry_observer(std::string what) const {
    return [this, what = std::move(what)](const host::InvokeError& e, int retry, std::chrono::milliseconds wait) {
        counters.retries.fetch_add(1, std::memory_order_relaxed);
        std::string line = what + ": " + sdk::status_name(e.code());
        if (e.http_status() != 0) line += " (HTTP " + std::to_string(e.http_status()) + ")";
        line += ", retry " + std::to_string(retry) + " in " + std::to_string(wait.count()) + " ms";
        if (e.retry_after_ms() != 0) line += " (Retry-After " + std::to_string(e.retry_after_ms()) + " ms)";
        host::log_line(host::LogLevel::debug, "run", redact(line));
    };
}

void RunContext::log_failure(const std::string& key, const std::string& where, const Failure& failure,
                             const char* outcome) const {
    std::string line = key + " -> " + where + ": " + sdk::status_name(failure.code);
    if (failure.http_status != 0) line += " (HTTP " + std::to_string(failure.http_status) + ")";
    line += ": " + failure.message + " [" + outcome + " after " + std::to_string(failure.attempts) +
            (failure.attempts == 1 ? " attempt]" : " attempts]");
    host::log_line(host::LogLevel::warn, "run", redact(line));
}

bool RunContext::write_dead_letter(const std::string& sink, const std::string& key, const boost::json::value& record,
                                   const Failure& failure) {
    state::DeadLetter letter;
    letter.workflow = workflow.name;
    letter.sink = sink;
    letter.key = key;
    letter.code = failure.code;
    letter.http_status = failure.http_status;
    letter.error = redact(failure.message);
    letter.record_json = boost::json::serialize(record);
    letter.attempts = failure.attempts;
    try {
        store.add_dead_letter(letter);
        return true;
    } catch (const std::exception& e) {
        fail_run(std::string("cannot write a dead letter: ") + e.what());
        return false;
    }
}

void RunContext::forget_dead_letters(const std::string& key, const std::vector<std::string>& sinks) {
    std::vector<std::int64_t> ids;
    {
        std::lock_guard lock(mutex_);
        if (old_letters_.empty()) return;
        for (const auto& sink : sinks) {
            auto it = old_letters_.find({sink, key});
            if (it == old_letters_.end()) continue;
            ids.push_back(it->second);
            old_letters_.erase(it);
        }
    }
    for (auto id : ids) {
        try {
            store.remove_dead_letter(id);
        } catch (const std::exception& e) {
            host::log_line(host::LogLevel::warn, "run", std::string("cannot remove a dead letter: ") + e.what());
        }
    }
}

void RunContext::plan_succeeded(RecordWork& work, std::size_t plan) {
    work.wrote.store(true, std::memory_order_relaxed);
    settle_plan(work);
    (void)plan;
}

void RunContext::plan_routed_away(RecordWork& work, std::size_t plan) {
    counters.per_sink[work.plans[plan].sink].routed.fetch_add(1, std::memory_order_relaxed);
    settle_plan(work);
}

void RunContext::plan_abandoned(RecordWork& work, std::size_t) {
    work.abandoned.store(true, std::memory_order_relaxed);
    settle_plan(work);
}

void RunContext::plan_failed(RecordWork& work, std::size_t plan, const Failure& failure) {
    if (failure.code == PB_ERR_CANCELLED && stopping()) return plan_abandoned(work, plan);
    if (defers(failure)) {
        defer_run(std::chrono::milliseconds(failure.retry_after_ms),
                  "record " + work.key + " -> " + workflow.sinks[work.plans[plan].sink].id + ": " + failure.message);
        return plan_abandoned(work, plan);
    }
    const Sink& sink = workflow.sinks[work.plans[plan].sink];
    counters.per_sink[work.plans[plan].sink].failed.fetch_add(1, std::memory_order_relaxed);
    switch (workflow.policy.on_error) {
        case OnError::fail:
            log_failure(work.key, sink.id, failure, "run stopped");
            fail_run("record " + work.key + " -> " + sink.id + ": " + sdk::status_name(failure.code) + ": " +
                     failure.message);
            counters.failed.fetch_add(1, std::memory_order_relaxed);
            work.abandoned.store(true, std::memory_order_relaxed);  // not settled: the next run tries it again
            break;
        case OnError::skip:
            log_failure(work.key, sink.id, failure, "skipped");
            work.failed.store(true, std::memory_order_relaxed);
            break;
        case OnError::dead_letter:
            log_failure(work.key, sink.id, failure, "dead-lettered");
            if (write_dead_letter(sink.id, work.key, work.record, failure))
                work.failed.store(true, std::memory_order_relaxed);
            else
                work.abandoned.store(true, std::memory_order_relaxed);
            break;
    }
    settle_plan(work);
}

void RunContext::steps_failed(RecordWork& work, const Failure& failure) {
    if (defers(failure)) defer_run(std::chrono::milliseconds(failure.retry_after_ms), "record " + work.key + ": " + failure.message);
    if ((failure.code == PB_ERR_CANCELLED && stopping()) || defers(failure)) {
        work.abandoned.store(true, std::memory_order_relaxed);
    } else {
        for (const auto& plan : work.plans)
            counters.per_sink[plan.sink].failed.fetch_add(1, std::memory_order_relaxed);
        switch (workflow.policy.on_error) {
            case OnError::fail:
                log_failure(work.key, "steps", failure, "run stopped");
                fail_run("record " + work.key + ": " + sdk::status_name(failure.code) + ": " + failure.message);
                counters.failed.fetch_add(1, std::memory_order_relaxed);
                work.abandoned.store(true, std::memory_order_relaxed);
                break;
            case OnError::skip:
                log_failure(work.key, "steps", failure, "skipped");
                work.failed.store(true, std::memory_order_relaxed);
                break;
            case OnError::dead_letter:
                log_failure(work.key, "steps", failure, "dead-lettered");
                if (write_dead_letter("", work.key, work.record, failure))
                    work.failed.store(true, std::memory_order_relaxed);
                else
                    work.abandoned.store(true, std::memory_order_relaxed);
                break;
        }
    }
    // Every plan settles at once.
    work.unsettled.store(1, std::memory_order_relaxed);
    settle_plan(work);
}

void RunContext::settle_plan(RecordWork& work) {
    if (work.unsettled.fetch_sub(1, std::memory_order_acq_rel) == 1) finish_record(work);
}

bool RunContext::claim_key(const std::string& key) {
    std::lock_guard lock(keys_mutex_);
    return keys_in_flight_.insert(key).second;
}

void RunContext::finish_record(RecordWork& work) {
    {
        std::lock_guard lock(keys_mutex_);
        keys_in_flight_.erase(work.key);
    }
    if (work.abandoned.load(std::memory_order_relaxed)) {
        if (workflow.policy.on_error != OnError::fail || !run_failure())
            counters.abandoned.fetch_add(1, std::memory_order_relaxed);
        return;  // the page stays open: the checkpoint does not pass this record
    }
    if (work.failed.load(std::memory_order_relaxed)) {
        counters.failed.fetch_add(1, std::memory_order_relaxed);
        if (workflow.policy.on_error == OnError::dead_letter)
            counters.dead_lettered.fetch_add(1, std::memory_order_relaxed);
    } else if (work.wrote.load(std::memory_order_relaxed)) {
        counters.synced.fetch_add(1, std::memory_order_relaxed);
        std::vector<std::string> sinks{""};
        for (const auto& plan : work.plans) sinks.push_back(workflow.sinks[plan.sink].id);
        forget_dead_letters(work.key, sinks);
    } else {
        counters.skipped.fetch_add(1, std::memory_order_relaxed);
    }
    try {
        tracker.records_settled(work.page);
    } catch (const std::exception& e) {
        fail_run(std::string("cannot save the checkpoint: ") + e.what());
    }
}

void RunContext::record_skipped(std::uint64_t page, bool filtered) {
    counters.skipped.fetch_add(1, std::memory_order_relaxed);
    if (filtered) counters.filtered.fetch_add(1, std::memory_order_relaxed);
    try {
        tracker.records_settled(page);
    } catch (const std::exception& e) {
        fail_run(std::string("cannot save the checkpoint: ") + e.what());
    }
}

void RunContext::record_failed_early(std::uint64_t page, const std::string& key, const boost::json::value& record,
                                     const Failure& failure) {
    switch (workflow.policy.on_error) {
        case OnError::fail:
            log_failure(key, "source", failure, "run stopped");
            fail_run("record " + key + ": " + failure.message);
            counters.failed.fetch_add(1, std::memory_order_relaxed);
            return;  // unsettled
        case OnError::skip: log_failure(key, "source", failure, "skipped"); break;
        case OnError::dead_letter:
            log_failure(key, "source", failure, "dead-lettered");
            if (!write_dead_letter("", key, record, failure)) return;
            counters.dead_lettered.fetch_add(1, std::memory_order_relaxed);
            break;
    }
    counters.failed.fetch_add(1, std::memory_order_relaxed);
    try {
        tracker.records_settled(page);
    } catch (const std::exception& e) {
        fail_run(std::string("cannot save the checkpoint: ") + e.what());
    }
}

}  // namespace photobridge::engine
