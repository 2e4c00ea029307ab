// `photobridge run --dry-run`: what a run would write and what the ledger
// would skip, printed instead of done. Nothing is written anywhere: no sink
// call, no ledger mark, no checkpoint, no run record, no dead letter. Steps
// are not run either (a download or an invoke costs requests and an invoke
// may itself write), so sink params that read steps.<id> are shown as their
// template; filter steps and `when` conditions that read only the record
// are applied.
#pragma once

#include "model/record_template.hpp"
#include "host/secret_redactor.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <mutex>
#include <ostream>
#include <string>

namespace photobridge::engine {
using namespace photobridge::model;  // the run and the parser speak the model's types

// Thread contract: [any-thread]; lines never interleave.
class DryRunReport {
public:
    // `json`: one JSON object per line ({"action":"write"|"skip",...});
    // otherwise aligned text lines. Every line goes through `redactor`.
    DryRunReport(std::ostream& out, bool json, const host::SecretRedactor& redactor);

    void would_write(const std::string& key, const std::string& sink, const std::string& action,
                     const boost::json::object& params, const std::string& note);
    void would_skip(const std::string& key, const std::string& sink, const std::string& reason);

    std::int64_t writes() const;
    std::int64_t skips() const;

private:
    void emit(const std::string& line);

    std::ostream& out_;
    const bool json_;
    const host::SecretRedactor& redactor_;
    mutable std::mutex mutex_;
    std::int64_t writes_ = 0;
    std::int64_t skips_ = 0;
};

// Renders templated params for a preview: holes that cannot be filled from
// `record` (e.g. steps.<id> results, which a dry run does not compute) are
// kept as their template text in angle brackets: "<{steps.variant.url}>".
boost::json::object preview_params(const RecordTemplateObject& params, const boost::json::value& record);

}  // namespace photobridge::engine
