// Fan-out: a download step with `variant = "*"` (every media[] entry) or a
// list of names makes each selected entry of a record continue on its own
// through the steps after it and their sinks (sdk-docs/workflows.md,
// "Every photo of a record").
//
// What an entry is, for the rest of the engine:
//   - a unit of work of its own (RecordWork::entry): its own plans, ledger
//     rows, counts and dead letters;
//   - keyed "<record key>:<variant>" (the default key is therefore
//     "{provider}:{id}:{variant}");
//   - hashed on the record with `media` holding only its own entry, so a
//     photo added to a record later leaves the others' hashes unchanged;
//   - seen by templates and conditions as the record plus two top-level
//     fields: `variant` (the entry's name) and `variant_index` (its position
//     in media[], from 0).
// Sinks that are not after a fan-out step see the record once, as before.
#pragma once

#include "engine/record_work.hpp"
#include "host/plugin_registry.hpp"
#include "model/workflow.hpp"

#include <boost/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace photobridge::engine {
using namespace photobridge::model;

// Thread contract: immutable after construction; [any-thread].
class MediaFanOut {
public:
    explicit MediaFanOut(const Workflow& workflow);

    // True when some sink is after a fan-out step.
    bool any() const noexcept { return any_; }

    // One record's units, in order: the whole record for the sinks that are
    // not after a fan-out step (when there are any), then one unit per
    // selected media entry with the sinks whose fan-out step selects it. A
    // unit's `sinks` are indexes into Workflow::sinks, never empty.
    struct Unit {
        std::optional<MediaEntry> entry;  // nullopt: the whole record
        std::vector<std::size_t> sinks;
    };
    std::vector<Unit> units(const boost::json::value& record) const;

    // The fan-out step on the path from the source to sink `sink`, or
    // nullopt when it has none.
    std::optional<std::size_t> fan_out_step_of_sink(std::size_t sink) const { return sink_fan_out_[sink]; }

private:
    const Workflow& workflow_;
    std::vector<std::optional<std::size_t>> sink_fan_out_;  // per sink
    bool any_ = false;
};

// The key of an entry unit: "<record key>:<variant>".
std::string entry_key(const std::string& record_key, const MediaEntry& entry);

// The content hash of an entry unit (content_hash.hpp): the record with
// `media` holding only the entry.
std::string entry_content_hash(const boost::json::value& record, const MediaEntry& entry);

// The record as the entry's templates and conditions see it: `variant` and
// `variant_index` set at the top level.
void add_entry_fields(boost::json::value& record, const MediaEntry& entry);
// A copy of `record` (in the default storage, never the record's own: a
// page's arena is not thread-safe) with add_entry_fields applied.
boost::json::value record_for_entry(const boost::json::value& record, const MediaEntry& entry);

// "FILE:LINE:COLUMN: message" for each sink after a fan-out step whose
// write would be the same for every photo of a record: a field the sink's
// plugin finds writes by (manifest "lookup_by", e.g. a file name) that the
// workflow sets to a value not varying per entry (no {variant},
// {variant_index} or steps.* result from the fan-out step on). The second
// photo would be taken for the first. Validation errors (exit code 2).
std::vector<std::string> fan_out_violations(const Workflow& workflow, const host::PluginRegistry& registry);

}  // namespace photobridge::engine
