// One section of the workflow file read into the model; the pass as a
// whole is described in workflow_parser.hpp. Shared helpers: parse_session.hpp.
#include "workflow/parse_session.hpp"

#include <cctype>

namespace photobridge::workflow_file {
namespace json = boost::json;
namespace {

const std::vector<std::string> kSourceKeys = {"connection", "stream", "params", "page_size", "since", "where"};

// ISO 8601 date or date-time as `since` accepts it:
// YYYY-MM-DD[(T|t| )HH:MM[:SS[.fraction]][Z|z|(+|-)HH[:]MM]]
bool is_iso8601(const std::string& t) {
    std::size_t i = 0;
    const auto digits = [&](std::size_t n) {
        for (std::size_t k = 0; k < n; ++k, ++i)
            if (i >= t.size() || std::isdigit(static_cast<unsigned char>(t[i])) == 0) return false;
        return true;
    };
    const auto skip = [&](char c) {
        if (i < t.size() && t[i] == c) {
            ++i;
            return true;
        }
        return false;
    };
    if (!(digits(4) && skip('-') && digits(2) && skip('-') && digits(2))) return false;
    if (i == t.size()) return true;
    if (!(skip('T') || skip('t') || skip(' '))) return false;
    if (!(digits(2) && skip(':') && digits(2))) return false;
    if (skip(':')) {
        if (!digits(2)) return false;
        if (skip('.')) {
            std::size_t n = 0;
            while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])) != 0) ++i, ++n;
            if (n == 0 || n > 9) return false;
        }
    }
    if (i == t.size()) return true;
    if (skip('Z') || skip('z')) return i == t.size();
    if (!(skip('+') || skip('-'))) return false;
    if (!digits(2)) return false;
    skip(':');
    return digits(2) && i == t.size();
}

}  // namespace

// ---- [source]
void read_source_section(ParseSession& p, const toml::table& t) {
    TomlTableReader r(p.doc, t, "source", p.out);
    Source& s = p.wf.source;
    s.where = p.doc.value_at("source");
    bool usable = true;
    if (auto c = r.string("connection", true)) {
        s.connection = *c;
        usable = p.connection_known(*c, r.child("connection")) && usable;
    } else {
        usable = false;
    }
    if (auto stream = r.string("stream", true)) s.stream = *stream;
    else usable = false;
    if (const toml::table* params = r.table("params")) {
        auto literal = p.literal_params(*params, r.child("params"), /*templates=*/false);
        if (literal) p.notes.source_params = *literal;
        else usable = false;
        s.params = p.notes.source_params;
    }
    if (auto n = r.integer("page_size", 1, 100000)) s.page_size = *n;
    if (const toml::node* since = r.get("since")) {
        const std::string sp = r.child("since");
        if (const auto* str = since->as_string()) {
            if (str->get() == "last-run" || is_iso8601(str->get())) s.since = str->get();
            else p.error(sp, "expected \"last-run\" or an ISO 8601 date or date-time such as 2024-05-01T00:00:00Z");
        } else if (since->is_date() || since->is_date_time()) {
            std::string ignored;
            s.since = std::string(toml_to_json(*since, ignored)->as_string());
        } else {
            p.error(sp, "expected \"last-run\" or an ISO 8601 date or date-time, got " + toml_kind_name(*since));
        }
    }
    if (const toml::node* where = r.get("where")) {
        if (auto c = p.condition(*where, r.child("where"))) s.filter = std::move(*c);
    }
    r.report_unknown(kSourceKeys);
    p.notes.source_usable = usable;
}

}  // namespace photobridge::workflow_file
