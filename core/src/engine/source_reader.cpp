#include "engine/source_reader.hpp"

#include "engine/content_hash.hpp"
#include "engine/media_fan_out.hpp"
#include "engine/page_fetcher.hpp"
#include "engine/source_pass_guard.hpp"
#include "model/record_path.hpp"
#include "host/logger.hpp"

#include <algorithm>

namespace photobridge::engine {
using namespace photobridge::model;
namespace {

bool reads_steps(const Condition& condition) {
    for (const auto& [path, _] : condition.any_of)
        if (path == "steps" || path.rfind("steps.", 0) == 0) return true;
    return false;
}

std::size_t step_index(const Workflow& wf, const std::string& id) {
    for (std::size_t i = 0; i < wf.steps.size(); ++i)
        if (wf.steps[i].id == id) return i;
    return wf.steps.size();
}

const char* kReasonUnchanged = "unchanged since the last sync";

}  // namespace

SourceReader::SourceReader(RunContext& context, BoundedQueue<RecordWorkPtr>* queue, SourceStart start,
                           DryRunReport* dry)
    : ctx_(context), queue_(queue), start_(std::move(start)), dry_(dry), fan_out_(context.workflow) {
    const Workflow& wf = ctx_.workflow;
    for (const auto& sink : wf.sinks) {
        route_decidable_.push_back(!reads_steps(sink.when));
        // Filter steps on the way from the source to this sink that read only
        // the record: steps never change canonical fields (they add
        // steps.<id> and bytes), so these can be decided before any step runs.
        std::vector<std::size_t> chain;
        std::string node = sink.after;
        for (std::size_t guard = 0; !node.empty() && guard <= wf.steps.size(); ++guard) {
            const std::size_t i = step_index(wf, node);
            if (i == wf.steps.size()) break;
            if (wf.steps[i].kind == Step::Kind::filter && !reads_steps(wf.steps[i].when)) chain.push_back(i);
            node = wf.steps[i].after;
        }
        filter_chain_.push_back(std::move(chain));
    }
}

std::size_t SourceReader::max_pages_in_flight(const Workflow& workflow) {
    // Enough to keep the workers fed across page boundaries; small enough
    // that a slow record holds back at most this many pages' bookkeeping.
    const auto capacity = static_cast<std::size_t>(std::max<std::int64_t>(1, workflow.policy.queue_capacity));
    const auto page = static_cast<std::size_t>(std::max<std::int64_t>(1, workflow.source.page_size.value_or(50)));
    return std::max<std::size_t>(8, 2 * (capacity / page + 1) + static_cast<std::size_t>(workflow.policy.concurrency));
}

const boost::json::value* SourceReader::field_at(const boost::json::value& record,
                                                 const std::vector<std::string>& paths) const {
    for (const auto& path : paths)
        if (const auto* v = find_path(record, path); v != nullptr && v->is_string()) return v;
    return nullptr;
}

void SourceReader::run() {
    try {
        read_all();
    } catch (const std::exception& e) {
        ctx_.fail_run(std::string("source: ") + e.what());
    }
    if (queue_ != nullptr) queue_->close();
}

void SourceReader::read_all() {
    const Workflow& wf = ctx_.workflow;
    if (start_.given_records) {
        ctx_.counters.pages.fetch_add(1, std::memory_order_relaxed);
        handle_page(*start_.given_records, std::nullopt);
        return;
    }
    const std::string what = "source " + wf.source.connection + "." + wf.source.stream;
    const std::size_t page_limit = max_pages_in_flight(wf);
    PageFetcher::Request request;
    request.instance = &ctx_.source_instance();
    request.stream = wf.source.stream;
    request.params = start_.params;
    request.cursor = start_.cursor;
    request.page_size = wf.source.page_size;
    PageFetcher fetcher(std::move(request), wf.policy.retry, ctx_.stop.get(), ctx_.retry_observer(what));
    SourcePassGuard guard({wf.policy.max_repeat_pages, wf.policy.max_pages}, start_.cursor);
    for (;;) {
        if (ctx_.stopping() || !ctx_.tracker.wait_for_room(page_limit, ctx_.stop.get())) return;
        std::optional<FetchedPage> page;
        try {
            page = fetcher.next();
        } catch (const host::InvokeError& e) {
            if (e.code() == PB_ERR_CANCELLED && ctx_.stopping()) return;
            std::string message = what + ": " + sdk::status_name(e.code());
            if (e.http_status() != 0) message += " (HTTP " + std::to_string(e.http_status()) + ")";
            if (defers_run(e, wf.policy.retry)) {
                ctx_.defer_run(std::chrono::milliseconds(e.retry_after_ms()), message + ": " + e.what());
                return;
            }
            ctx_.fail_run(message + ": " + e.what());
            return;
        }
        if (!page) return;  // the end (or stopped)
        ctx_.counters.pages.fetch_add(1, std::memory_order_relaxed);
        if (page->total) ctx_.counters.total.store(*page->total, std::memory_order_relaxed);
        if (!handle_page(page->records, page->next_cursor)) return;
        const SourcePassGuard::Decision decision = guard.after_page(page_keys_, page->next_cursor, page->total);
        if (std::string warning = guard.take_total_warning(); !warning.empty())
            host::log_line(host::LogLevel::warn, "run", what + ": " + warning);
        if (decision.verdict == SourcePassGuard::Verdict::loop) {
            ctx_.fail_run(what + ": " + decision.reason);
            return;
        }
        if (decision.verdict == SourcePassGuard::Verdict::max_pages) {
            ctx_.bounded_pass = decision.reason;
            return;
        }
        if (!page->next_cursor) return;
    }
}

bool SourceReader::handle_page(boost::json::array& records, const std::optional<std::string>& next_cursor) {
    const Workflow& wf = ctx_.workflow;
    const std::size_t n = records.size();
    ctx_.counters.read.fetch_add(static_cast<std::int64_t>(n), std::memory_order_relaxed);

    // Per unit of work (a record, or with fan-out one of its media entries):
    // key, hash, and whether the source filters keep it. A record that
    // cannot be keyed or is filtered is one unit.
    struct Candidate {
        std::size_t record = 0;              // index into `records`
        std::optional<MediaEntry> entry;     // fan-out: this unit is one media entry
        std::vector<std::size_t> sinks;      // the sinks this unit goes to
        std::string key;
        std::string hash;
        std::string key_error;   // the key could not be built
        std::string skip_reason; // filtered (source where/since, or no media entry selected)
    };
    std::vector<Candidate> candidates;
    candidates.reserve(n);
    std::vector<std::size_t> last_unit(n, 0);  // per record: its last candidate (which may take the record by move)
    std::optional<std::string> high_water;
    std::vector<std::string> keys;
    keys.reserve(n);
    page_keys_.clear();
    std::vector<std::size_t> all_sinks(wf.sinks.size());
    for (std::size_t s = 0; s < all_sinks.size(); ++s) all_sinks[s] = s;
    for (std::size_t i = 0; i < n; ++i) {
        const boost::json::value& record = records[i];
        Candidate c;
        c.record = i;
        if (const auto* hw = field_at(record, start_.high_water_paths)) {
            const std::string value(hw->get_string());
            if (!high_water || *high_water < value) high_water = value;
        }
        try {
            static const RecordTemplate kDefaultKey("{provider}:{id}");
            c.key = (wf.policy.key.empty() ? kDefaultKey : wf.policy.key).render_string(record);
            if (c.key.empty()) throw TemplateError("the key rendered to an empty string");
        } catch (const std::exception& e) {
            c.key_error = e.what();
            c.key = "(record " + std::to_string(i + 1) + " of page " + std::to_string(ctx_.counters.pages.load()) + ")";
        }
        if (c.key_error.empty()) {
            page_keys_.push_back(c.key);
            if (!wf.source.filter.any_of.empty() && !wf.source.filter.matches(record))
                c.skip_reason = "filtered by the source's where/since";
            if (c.skip_reason.empty() && start_.since.floor) {
                const auto* v = field_at(record, start_.since.paths);
                if (v != nullptr && std::string_view(v->get_string()) < *start_.since.floor)
                    c.skip_reason = "filtered by the source's where/since";
            }
        }
        if (!c.key_error.empty() || !c.skip_reason.empty() || !fan_out_.any()) {
            if (c.key_error.empty() && c.skip_reason.empty()) {
                c.hash = content_hash(record);
                c.sinks = all_sinks;
                keys.push_back(c.key);
            }
            last_unit[i] = candidates.size();
            candidates.push_back(std::move(c));
            continue;
        }
        std::vector<MediaFanOut::Unit> units = fan_out_.units(record);
        if (units.empty()) {
            c.skip_reason = "no media entry matches the fan-out step's variant";
            last_unit[i] = candidates.size();
            candidates.push_back(std::move(c));
            continue;
        }
        const std::string record_key = c.key;
        std::vector<std::string> record_keys;  // this record's unit keys, to catch two entries with one name
        for (auto& unit : units) {
            Candidate u;
            u.record = i;
            u.sinks = std::move(unit.sinks);
            u.entry = std::move(unit.entry);
            u.key = u.entry ? entry_key(record_key, *u.entry) : record_key;
            if (std::find(record_keys.begin(), record_keys.end(), u.key) != record_keys.end()) {
                u.key_error = "two media entries of the record are both named '" + u.entry->variant +
                              "', so their photos cannot be told apart by key; entry " +
                              std::to_string(u.entry->index) + " was not synced";
                u.key += "#" + std::to_string(u.entry->index);
            } else {
                record_keys.push_back(u.key);
                u.hash = u.entry ? entry_content_hash(record, *u.entry) : content_hash(record);
                keys.push_back(u.key);
            }
            last_unit[i] = candidates.size();
            candidates.push_back(std::move(u));
        }
    }

    // One ledger lookup per sink for the whole page.
    std::vector<std::map<std::string, state::LedgerEntry>> ledger(wf.sinks.size());
    if (!keys.empty())
        for (std::size_t s = 0; s < wf.sinks.size(); ++s) ledger[s] = ctx_.store.ledger_lookup(wf.name, wf.sinks[s].id, keys);

    const std::uint64_t page_number = ctx_.tracker.add_page(next_cursor, candidates.size(), high_water);
    for (std::size_t k = 0; k < candidates.size(); ++k) {
        Candidate& c = candidates[k];
        boost::json::value& source_record = records[c.record];
        if (!c.key_error.empty()) {
            if (dry_ != nullptr) {
                dry_->would_skip(c.key, "", "cannot build the key: " + c.key_error);
                ctx_.record_skipped(page_number, false);
            } else {
                ctx_.record_failed_early(page_number, c.key, source_record,
                                         Failure{PB_ERR_INVALID_ARGUMENT, 0, "key: " + c.key_error, 1});
            }
            continue;
        }
        if (!c.skip_reason.empty()) {
            if (dry_ != nullptr) dry_->would_skip(c.key, "", c.skip_reason);
            ctx_.record_skipped(page_number, true);
            continue;
        }
        // What the unit's templates and conditions see.
        std::optional<boost::json::value> entry_record;
        if (c.entry) entry_record = record_for_entry(source_record, *c.entry);
        const boost::json::value& record = entry_record ? *entry_record : source_record;
        std::vector<SinkPlan> plans;
        std::vector<std::string> unchanged_sinks;  // their letters from earlier runs are obsolete
        for (std::size_t s : c.sinks) {
            const Sink& sink = wf.sinks[s];
            SinkCounters& sc = ctx_.counters.per_sink[s];
            bool routed_away = route_decidable_[s] && !sink.when.any_of.empty() && !sink.when.matches(record);
            for (std::size_t f : filter_chain_[s])
                if (!wf.steps[f].when.matches(record)) routed_away = true;
            if (routed_away) {
                sc.routed.fetch_add(1, std::memory_order_relaxed);
                if (dry_ != nullptr) dry_->would_skip(c.key, sink.id, "not routed here (when / filter step)");
                continue;
            }
            SinkPlan plan;
            plan.sink = s;
            const auto found = ledger[s].find(c.key);
            std::string note;
            if (found != ledger[s].end()) {
                const state::LedgerEntry& entry = found->second;
                if (entry.status == state::LedgerStatus::done) {
                    if (entry.content_hash == c.hash || !wf.policy.resync_changed) {
                        sc.unchanged.fetch_add(1, std::memory_order_relaxed);
                        unchanged_sinks.push_back(sink.id);
                        if (dry_ != nullptr)
                            dry_->would_skip(c.key, sink.id,
                                             entry.content_hash == c.hash ? kReasonUnchanged
                                                                          : "changed, but resync_changed = false");
                        continue;
                    }
                    plan.resync = true;
                    note = "content changed since the last sync";
                } else {
                    // Pending: an earlier run died between its pending mark and
                    // its done mark. A first write with the same content can be
                    // verified at the sink; a re-sync cannot (the lookup would
                    // find the earlier version), so it is written again.
                    plan.verify_first = entry.result_id.empty() && entry.content_hash == c.hash;
                    plan.resync = !entry.result_id.empty();
                    note = plan.verify_first ? "an interrupted run may have written it: the sink is asked first"
                                             : "an interrupted re-sync: written again";
                }
            }
            if (dry_ != nullptr) {
                std::string bytes_note;
                const bool has_steps = !sink.after.empty();
                if (has_steps) bytes_note = "input from step " + sink.after;
                if (c.entry) bytes_note += (bytes_note.empty() ? "" : ", ") + std::string("media entry ") +
                                           std::to_string(c.entry->index) + " '" + c.entry->variant + "'";
                boost::json::object preview = preview_params(sink.params, record);
                fill_key_param(ctx_.contract(s), preview, c.key);
                dry_->would_write(c.key, sink.id, sink.action, std::move(preview),
                                  note.empty() ? bytes_note : (bytes_note.empty() ? note : bytes_note + "; " + note));
                continue;
            }
            plans.push_back(plan);
        }
        if (dry_ == nullptr && !unchanged_sinks.empty()) {
            if (plans.empty()) unchanged_sinks.emplace_back();  // nothing left to do: a steps letter is obsolete too
            ctx_.forget_dead_letters(c.key, unchanged_sinks);
        }
        if (dry_ != nullptr || plans.empty()) {
            // Nothing to do here (dry run: everything was reported).
            ctx_.record_skipped(page_number, false);
            continue;
        }
        if (!ctx_.claim_key(c.key)) {
            host::log_line(host::LogLevel::debug, "run",
                           ctx_.redact(c.key + ": read again while its first copy is being written: skipped"));
            ctx_.record_skipped(page_number, false);
            continue;
        }
        // The record's last unit takes it by move (it stays in the page's
        // arena); earlier units of a fanned-out record copy it into the
        // default storage (the arena is not thread-safe to allocate from).
        auto work = last_unit[c.record] == k
                        ? std::make_shared<RecordWork>(std::move(source_record))
                        : std::make_shared<RecordWork>(boost::json::value(source_record, boost::json::storage_ptr()));
        work->plans = std::move(plans);
        work->page = page_number;
        work->key = std::move(c.key);
        work->hash = std::move(c.hash);
        work->entry = std::move(c.entry);
        work->unsettled.store(static_cast<int>(work->plans.size()), std::memory_order_relaxed);
        RecordWorkPtr item = std::move(work);
        if (ctx_.stopping() || !queue_->push(std::move(item))) {
            // Closed: the run is stopping. This unit and the rest of the
            // page stay unsettled, so the checkpoint stays before them.
            ctx_.counters.abandoned.fetch_add(static_cast<std::int64_t>(candidates.size() - k),
                                              std::memory_order_relaxed);
            return false;
        }
    }
    return !ctx_.stopping();
}

}  // namespace photobridge::engine
