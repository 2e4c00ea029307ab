// One section of the workflow file read into the model; the pass as a
// whole is described in workflow_parser.hpp. Shared helpers: parse_session.hpp.
#include "workflow/parse_session.hpp"

#include <cctype>
#include <charconv>

namespace photobridge::workflow_file {
namespace json = boost::json;
namespace {

const std::vector<std::string> kTriggerKeys = {"webhook", "every"};
constexpr std::int64_t kMaxEverySeconds = 365LL * 24 * 3600;

// "15m" -> 900. nullopt unless digits then one unit (s, m, h, d);
// values too large to matter come back as kMaxEverySeconds + 1.
std::optional<std::int64_t> parse_every(const std::string& text) {
    if (text.size() < 2) return std::nullopt;
    std::int64_t multiplier = 0;
    switch (text.back()) {
        case 's': multiplier = 1; break;
        case 'm': multiplier = 60; break;
        case 'h': multiplier = 3600; break;
        case 'd': multiplier = 86400; break;
        default: return std::nullopt;
    }
    const char* first = text.data();
    const char* last = text.data() + text.size() - 1;
    if (std::isdigit(static_cast<unsigned char>(*first)) == 0) return std::nullopt;
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(first, last, n);
    if (end != last) return std::nullopt;
    if (ec == std::errc::result_out_of_range || n > kMaxEverySeconds) return kMaxEverySeconds + 1;
    if (ec != std::errc()) return std::nullopt;
    return n * multiplier;
}

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
        const auto seconds = parse_every(*every);
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
