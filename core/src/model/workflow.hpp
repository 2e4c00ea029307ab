// A parsed, validated workflow: what `photobridge run` executes. Produced by
// load_workflow() (workflow_loader.hpp) from a TOML file; immutable after.
// The file format is documented in sdk-docs/workflows.md.
#pragma once

#include "common/source_position.hpp"
#include "model/record_template.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace photobridge::model {

// Where something was written, for messages: "FILE:LINE:COLUMN".
using SourcePosition = common::SourcePosition;

// Where a connection's plugin runs: in the photobridge process, or in a
// photobridge-plugin-host child of its own (a crash fails calls, never the host).
enum class Isolation { in_process, process };

// [connections.NAME]: one plugin instance. `config` holds every key but
// `plugin` and the host's own keys (isolation, memory_limit_mb,
// call_deadline_ms), with ${env:VAR} references resolved (secret values:
// never log).
struct Connection {
    std::string name;
    std::string plugin;
    boost::json::object config;
    SourcePosition where;
    std::optional<Isolation> isolation;             // unset: the command's default (--isolation), else in-process
    std::optional<std::int64_t> memory_limit_mb;    // the child's address-space limit (isolation = "process")
    std::optional<std::int64_t> call_deadline_ms;   // the longest silence of the child on one call
};

// Records whose fields match: every key is a dotted path into the record,
// every value a list of accepted JSON values (any of them matches).
// An empty condition matches everything.
struct Condition {
    std::vector<std::pair<std::string, std::vector<boost::json::value>>> any_of;
    bool matches(const boost::json::value& record) const;
};

// [source]
struct Source {
    std::string connection;
    std::string stream;
    boost::json::object params;              // literal values, validated against the stream's params schema
    std::optional<std::int64_t> page_size;   // page_size = N
    // Incremental reads: only records whose `field` (a dotted path into the
    // canonical record, default the stream's incremental field) is >= since.
    std::optional<std::string> since;        // ISO 8601, or "last-run" (the newest value seen by the previous run)
    Condition filter;                        // `where = {...}`: records not matching are skipped (counted)
    SourcePosition where;
};

// [[steps]]: one transformation of each record in flight.
struct Step {
    enum class Kind {
        download,  // fetch media bytes: the source plugin's download_media with media[variant].url
        invoke,    // call an operation on a connection; result under steps.<id>; may replace the bytes
        filter,    // drop records not matching `when`
        // use = "PLUGIN.NAME": a chain of the plugin's own operations that the
        // plugin declares in its manifest ("composite_steps"). The loader
        // fills `chain` with the invoke steps it runs, in order; the engine
        // runs them one after the other, each seeing the results of those
        // before it. The last one's result is steps.<id>.
        composite
    };
    Kind kind = Kind::download;
    std::string id;                          // unique; default "step1", "step2", ... in file order
    std::string after;                       // the step it follows; "" = the source
    std::string connection;                  // invoke, composite: which connection (invoke's default: the source's)
    std::string operation;                   // invoke
    RecordTemplateObject params;             // invoke: templated input
    bool send_bytes = false;                 // invoke: pass the record's current bytes as input bytes
    bool keep_bytes_from_result = false;     // invoke: the operation's output bytes replace the record's
    std::string variant = "main";            // download: the media[] entry to fetch, by name
    // download, fan-out: `variant = "*"` (every_variant: every media[] entry)
    // or `variant = ["a", "b"]` (variant_list: the entries of those names).
    // Each selected entry then continues on its own through the steps after
    // this one and their sinks, with {variant} and {variant_index} in
    // templates and the key "<record key>:<variant>" (engine/media_fan_out.hpp).
    bool every_variant = false;
    std::vector<std::string> variant_list;
    bool fans_out() const noexcept { return kind == Kind::download && (every_variant || !variant_list.empty()); }
    Condition when;                          // filter (and an optional guard on any step)
    std::string composite;                   // composite: "PLUGIN.NAME", as written in `use`
    boost::json::object composite_params;    // composite: the step's own settings, as written
    std::vector<Step> chain;                 // composite: the invoke steps it runs (filled by the loader)
    SourcePosition where;
};

// [[sinks]]: where records end up.
struct Sink {
    std::string id;                          // unique; default "<connection>.<action>"
    std::string connection;
    std::string action;                      // an operation of the connection's plugin
    std::string after;                       // the step whose output it takes; "" = the source (the loader fills in the last step when the file names none)
    RecordTemplateObject params;
    Condition when;
    SourcePosition where;
};

enum class OnError { fail, skip, dead_letter };

struct RetryPolicy {
    int attempts = 5;              // total tries, including the first
    int backoff_ms = 200;          // first wait; doubles each retry, with full jitter
    int max_backoff_ms = 10000;
    // [policy] max_wait: the longest rate-limit reset time (Retry-After,
    // RateLimit-Reset, X-RateLimit-Reset) waited for; beyond it the run is
    // deferred (outcome "deferred", resumed at the reset time).
    std::int64_t max_wait_ms = 15 * 60 * 1000;
};

// [policy]
struct Policy {
    RecordTemplate key;                       // idempotency key; default "{provider}:{id}"
    int concurrency = 4;                      // workers for steps and sinks
    OnError on_error = OnError::dead_letter;
    RetryPolicy retry;
    std::map<std::string, double> rate_limit; // connection name -> requests per second
    std::uint32_t timeout_ms = 60000;         // per request
    bool resync_changed = true;               // sync again when a record's content hash changed
    std::int64_t queue_capacity = 256;        // records buffered between stages (bounds memory)
    std::optional<std::int64_t> max_pages;    // pages one pass reads at most; nullopt: no bound
    int max_repeat_pages = 3;                 // pages in a row with only records seen in this pass: a loop
    // Jobs in flight per connection: records between their first creating
    // or waiting step on that connection and the end of their steps
    // (engine/job_slots.hpp). Separate from concurrency: a parked record
    // holds a job but no worker.
    int max_pending = 64;
    // Waiting steps (operations with "check": true) park the record and
    // free the worker between checks; false runs them as blocking calls,
    // one worker per waiting record (the behaviour before parking).
    bool park_waits = true;
    bool exactly_once_required = false;       // guarantee = "exactly-once": an at-least-once sink is an error
    SourcePosition guarantee_where;           // where guarantee is set (for that error)
};

// [trigger]: how `photobridge serve` starts the workflow. Absent: manual
// only (`photobridge run`). At most one of webhook / every is set.
struct Trigger {
    enum class Kind { manual, webhook, every };
    Kind kind = Kind::manual;
    std::string webhook;                     // webhook: the source connection's plugin id
    std::int64_t every_seconds = 0;          // every: the period, in seconds (> 0)
    std::string every_text;                  // every: as written ("15m"), for messages
    SourcePosition where;                    // the webhook / every value (manual: unset)
};

struct Workflow {
    std::string file;
    std::string name;
    std::string description;
    std::map<std::string, Connection> connections;
    Source source;
    std::vector<Step> steps;   // in file order; `after` links make a tree rooted at the source
    std::vector<Sink> sinks;
    Policy policy;
    Trigger trigger;
    // Values the loader resolved from ${env:NAME} references, and the secret
    // settings of connections: the engine masks them in everything it prints
    // or stores (secret or not, an environment value is never echoed).
    std::vector<std::string> sensitive_values;
};

// Sets `isolation` on every connection that does not say (--isolation).
inline void default_isolation(Workflow& workflow, Isolation isolation) {
    for (auto& [_, connection] : workflow.connections)
        if (!connection.isolation) connection.isolation = isolation;
}

}  // namespace photobridge::model
