// One section of the workflow file read into the model; the pass as a
// whole is described in workflow_parser.hpp. Shared helpers: parse_session.hpp.
#include "workflow/parse_session.hpp"

#include <cctype>
#include <charconv>

namespace photobridge::workflow_file {
namespace json = boost::json;
namespace {

const std::vector<std::string> kTriggerKeys = {"webhook", "every"};
constexpr std::int64_t kMaxEverySeconds = kMaxDurationSeconds;

}  // namespace

// ---- [trigger] (used by `photobridge serve`; the plugin checks are in
// workflow_validation.cpp)
void read_trigger_section(ParseSession& p, const toml::table& t) {
    TomlTableReader r(p.doc, t, "trigger", p.out);
    const auto webhook = r.string("webhook");
    const auto every = r.string("every");
    r.report_unknown(kTriggerKeys);
    if (webhook && every) {
        r.error_at_key("every", "a trigger is either webhook or every, not both");
        return;
    }
    Trigger& trigger = p.wf.trigger;
    if (webhook) {
        if (webhook->empty()) {
            r.error_at_value("webhook", "must name the source connection's plugin (its webhooks are verified and read by it)");
            return;
        }
        trigger.kind = Trigger::Kind::webhook;
        trigger.webhook = *webhook;
        trigger.where = p.doc.value_at(r.child("webhook"));
    } else if (every) {
        const auto seconds = parse_duration_seconds(*every);
        if (!seconds) {
            r.error_at_value("every", "must be a whole number followed by s, m, h or d (e.g. \"15m\"), got '" +
                                          *every + "'");
            return;
        }
        if (*seconds < 1 || *seconds > kMaxEverySeconds) {
            r.error_at_value("every", "must be at least 1s and at most 365d, got '" + *every + "'");
            return;
        }
        trigger.kind = Trigger::Kind::every;
        trigger.every_seconds = *seconds;
        trigger.every_text = *every;
        trigger.where = p.doc.value_at(r.child("every"));
    }
}

}  // namespace photobridge::workflow_file
