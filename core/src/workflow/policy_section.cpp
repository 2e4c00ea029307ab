// One section of the workflow file read into the model; the pass as a
// whole is described in workflow_parser.hpp. Shared helpers: parse_session.hpp.
#include "workflow/parse_session.hpp"

namespace photobridge::workflow_file {
namespace json = boost::json;
namespace {

const std::vector<std::string> kPolicyKeys = {"key",        "concurrency",    "on_error",      "retry",
                                              "rate_limit", "timeout_ms",     "resync_changed", "queue_capacity",
                                              "max_pages",  "max_repeat_pages", "guarantee",
                                              "max_wait",   "max_pending",    "park_waits"};
const std::vector<std::string> kGuaranteeValues = {"exactly-once", "at-least-once"};
const std::vector<std::string> kRetryKeys = {"attempts", "backoff_ms", "max_backoff_ms"};
const std::vector<std::string> kOnErrorValues = {"fail", "skip", "dead-letter"};

void read_retry(ParseSession& p, const toml::table& t, const std::string& path) {
    TomlTableReader r(p.doc, t, path, p.out);
    RetryPolicy& retry = p.wf.policy.retry;
    if (auto n = r.integer("attempts", 1, 20)) retry.attempts = static_cast<int>(*n);
    const auto backoff = r.integer("backoff_ms", 0, 60000);
    if (backoff) retry.backoff_ms = static_cast<int>(*backoff);
    const auto max_backoff = r.integer("max_backoff_ms", 0, 600000);
    if (max_backoff) {
        retry.max_backoff_ms = static_cast<int>(*max_backoff);
        if (*max_backoff < retry.backoff_ms)
            r.error_at_value("max_backoff_ms", "must be at least backoff_ms (" + std::to_string(retry.backoff_ms) + ")");
    }
    r.report_unknown(kRetryKeys);
}

void read_rate_limits(ParseSession& p, const toml::table& t, const std::string& path) {
    for (auto&& [k, node] : t) {
        const std::string name(k.str());
        const std::string kp = child_path(path, name);
        double rps = 0;
        if (const auto* i = node.as_integer()) rps = static_cast<double>(i->get());
        else if (const auto* f = node.as_floating_point()) rps = f->get();
        else {
            p.error(kp, "expected requests per second (a number), got " + toml_kind_name(node));
            continue;
        }
        if (!(rps > 0) || rps > 100000) {
            p.error(kp, "must be more than 0 and at most 100000 requests per second");
            continue;
        }
        if (p.wf.connections.count(name) == 0) {
            if (p.notes.declared_connections.count(name) != 0) continue;
            std::vector<std::string> known;
            for (const auto& [n, _] : p.wf.connections) known.push_back(n);
            p.error_at_key(kp, "no connection named '" + name + "'" + suggestion_suffix(name, known));
            continue;
        }
        p.wf.policy.rate_limit[name] = rps;
    }
}

}  // namespace

// ---- [policy]
void read_policy_section(ParseSession& p, const toml::table& t) {
    TomlTableReader r(p.doc, t, "policy", p.out);
    Policy& policy = p.wf.policy;
    policy.key = RecordTemplate("{provider}:{id}");
    if (auto key = r.string("key")) {
        const std::string kp = r.child("key");
        if (key->empty()) {
            p.error(kp, "must not be empty");
        } else if (has_env_reference(*key)) {
            p.error(kp, "${env:...} is only resolved in [connections.*] settings");
        } else {
            try {
                policy.key = RecordTemplate(*key);
                if (policy.key.is_constant())
                    p.error(kp, "has no {field}: every record would get the same key and only the first would sync");
            } catch (const TemplateSyntaxError& e) {
                p.out.add(p.doc.inside_string(kp, static_cast<std::size_t>(e.column - 1)), kp + ": bad template: " + e.reason);
            }
        }
    }
    if (auto n = r.integer("concurrency", 1, 64)) policy.concurrency = static_cast<int>(*n);
    if (auto e = r.string("on_error")) {
        if (*e == "fail") policy.on_error = OnError::fail;
        else if (*e == "skip") policy.on_error = OnError::skip;
        else if (*e == "dead-letter") policy.on_error = OnError::dead_letter;
        else r.error_at_value("on_error", "unknown value '" + *e + "'" + p.one_of_suffix(*e, kOnErrorValues));
    }
    if (const toml::table* retry = r.table("retry")) read_retry(p, *retry, r.child("retry"));
    if (const toml::table* limits = r.table("rate_limit")) read_rate_limits(p, *limits, r.child("rate_limit"));
    if (auto n = r.integer("timeout_ms", 1, 3600000)) policy.timeout_ms = static_cast<std::uint32_t>(*n);
    if (auto b = r.boolean("resync_changed")) policy.resync_changed = *b;
    if (auto n = r.integer("queue_capacity", 1, 65536)) policy.queue_capacity = *n;
    if (auto n = r.integer("max_pages", 1, 1000000000)) policy.max_pages = *n;
    if (auto n = r.integer("max_repeat_pages", 1, 1000)) policy.max_repeat_pages = static_cast<int>(*n);
    if (auto n = r.integer("max_pending", 1, 100000)) policy.max_pending = static_cast<int>(*n);
    if (auto b = r.boolean("park_waits")) policy.park_waits = *b;
    if (auto w = r.string("max_wait")) {
        const auto seconds = parse_duration_seconds(*w);
        if (!seconds)
            r.error_at_value("max_wait", "must be a whole number followed by s, m, h or d (e.g. \"15m\"), got '" + *w + "'");
        else if (*seconds < 1 || *seconds > 24 * 3600)
            r.error_at_value("max_wait", "must be at least 1s and at most 24h, got '" + *w + "'");
        else
            policy.retry.max_wait_ms = *seconds * 1000;
    }
    if (auto g = r.string("guarantee")) {
        if (*g == "exactly-once" || *g == "at-least-once") {
            policy.exactly_once_required = *g == "exactly-once";
            policy.guarantee_where = p.doc.value_at(r.child("guarantee"));
        } else {
            r.error_at_value("guarantee", "unknown value '" + *g + "'" + p.one_of_suffix(*g, kGuaranteeValues));
        }
    }
    r.report_unknown(kPolicyKeys);
}

}  // namespace photobridge::workflow_file
