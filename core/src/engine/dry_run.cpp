#include "engine/dry_run.hpp"

namespace photobridge::engine {
namespace {

boost::json::value preview_value(const boost::json::value& literal, const boost::json::value& record) {
    if (literal.is_string()) {
        const std::string text(literal.get_string());
        try {
            return RecordTemplate(text).render(record);
        } catch (const std::exception&) {
            return boost::json::value("<" + text + ">");
        }
    }
    if (literal.is_object()) {
        boost::json::object out;
        for (const auto& kv : literal.get_object()) out[kv.key()] = preview_value(kv.value(), record);
        return out;
    }
    if (literal.is_array()) {
        boost::json::array out;
        for (const auto& v : literal.get_array()) out.push_back(preview_value(v, record));
        return out;
    }
    return literal;
}

}  // namespace

boost::json::object preview_params(const RecordTemplateObject& params, const boost::json::value& record) {
    return preview_value(boost::json::value(params.literal()), record).as_object();
}

DryRunReport::DryRunReport(std::ostream& out, bool json, const host::SecretRedactor& redactor)
    : out_(out), json_(json), redactor_(redactor) {}

void DryRunReport::emit(const std::string& line) {
    std::lock_guard lock(mutex_);
    out_ << redactor_.redact(line) << '\n';
}

void DryRunReport::would_write(const std::string& key, const std::string& sink, const std::string& action,
                               const boost::json::object& params, const std::string& note) {
    {
        std::lock_guard lock(mutex_);
        ++writes_;
    }
    if (json_) {
        boost::json::object o{{"action", "write"}, {"key", key}, {"sink", sink}, {"operation", action}, {"params", params}};
        if (!note.empty()) o["note"] = note;
        emit(boost::json::serialize(o));
    } else {
        emit("would write  " + sink + "  " + key + "  " + action + " " + boost::json::serialize(params) +
             (note.empty() ? "" : "  (" + note + ")"));
    }
}

void DryRunReport::would_skip(const std::string& key, const std::string& sink, const std::string& reason) {
    {
        std::lock_guard lock(mutex_);
        ++skips_;
    }
    if (json_) {
        boost::json::object o{{"action", "skip"}, {"key", key}, {"reason", reason}};
        if (!sink.empty()) o["sink"] = sink;
        emit(boost::json::serialize(o));
    } else {
        emit("would skip   " + (sink.empty() ? std::string("-") : sink) + "  " + key + "  (" + reason + ")");
    }
}

std::int64_t DryRunReport::writes() const {
    std::lock_guard lock(mutex_);
    return writes_;
}

std::int64_t DryRunReport::skips() const {
    std::lock_guard lock(mutex_);
    return skips_;
}

}  // namespace photobridge::engine
