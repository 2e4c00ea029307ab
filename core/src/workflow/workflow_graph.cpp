#include "workflow/workflow_graph.hpp"

#include "workflow/toml_reading.hpp"
#include "model/record_path.hpp"
#include "workflow/record_shapes.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace photobridge::workflow_file {
using namespace photobridge::model;
namespace json = boost::json;
namespace {

class GraphChecker {
public:
    GraphChecker(const Workflow& wf, const TomlDocument& doc, const ParseNotes& notes, const PluginFacts& facts,
                 Diagnostics& out)
        : wf_(wf), doc_(doc), notes_(notes), facts_(facts), out_(out) {}

    void run() {
        for (std::size_t i = 0; i < wf_.steps.size(); ++i) index_.emplace(wf_.steps[i].id, i);
        for (const auto& s : wf_.steps) step_ids_.push_back(s.id);
        resolve_step_links();
        resolve_sink_links();
        report_dead_ends();
        check_bytes_flow();
        check_fan_out();
        check_paths();
    }

private:
    static constexpr std::size_t kSource = static_cast<std::size_t>(-1);

    void error(const std::string& path, const std::string& message) { out_.add(doc_.value_at(path), path + ": " + message); }

    // The step an `after` names, kSource for the source, nullopt if none.
    std::optional<std::size_t> target(const std::string& after) const {
        if (after.empty()) return kSource;
        auto it = index_.find(after);
        if (it == index_.end()) return std::nullopt;
        return it->second;
    }

    std::string unknown_after(const std::string& after) const {
        std::vector<std::string> known = step_ids_;
        known.insert(known.begin(), "source");
        return "no step with id '" + after + "'" + suggestion_suffix(after, known);
    }

    // parent_[i]: the step i follows (kSource), or nullopt when broken.
    void resolve_step_links() {
        parent_.assign(wf_.steps.size(), std::nullopt);
        reaches_source_.assign(wf_.steps.size(), false);
        for (std::size_t i = 0; i < wf_.steps.size(); ++i) {
            const Step& s = wf_.steps[i];
            const std::string path = element_path("steps", i);
            const auto t = target(s.after);
            if (!t) {
                error(child_path(path, "after"), unknown_after(s.after));
                links_broken_ = true;
                continue;
            }
            if (*t == i) {
                error(child_path(path, "after"), "a step cannot come after itself");
                links_broken_ = true;
                continue;
            }
            parent_[i] = *t;
        }
        // Walk each chain to the source; a chain that revisits a step is a cycle.
        std::set<std::size_t> reported;
        for (std::size_t i = 0; i < wf_.steps.size(); ++i) {
            std::vector<std::size_t> chain{i};
            std::size_t at = i;
            bool broken = false;
            while (true) {
                if (!parent_[at]) {
                    broken = true;
                    break;
                }
                if (*parent_[at] == kSource) break;
                at = *parent_[at];
                if (std::find(chain.begin(), chain.end(), at) != chain.end()) {
                    // The cycle is the part of the chain from `at` on.
                    std::vector<std::size_t> cycle(std::find(chain.begin(), chain.end(), at), chain.end());
                    const std::size_t first = *std::min_element(cycle.begin(), cycle.end());
                    if (reported.insert(first).second) {
                        // `cycle` runs from a step to the step it follows; print it in
                        // flow order, from the first step in file order back to itself.
                        auto start = std::find(cycle.begin(), cycle.end(), first);
                        std::vector<std::size_t> ordered(start, cycle.end());
                        ordered.insert(ordered.end(), cycle.begin(), start);
                        std::string names = wf_.steps[first].id;
                        for (std::size_t k = ordered.size(); k-- > 1;) names += " -> " + wf_.steps[ordered[k]].id;
                        names += " -> " + wf_.steps[first].id;
                        error(child_path(element_path("steps", first), "after"),
                              "the `after` links " + names + " form a cycle, so these steps never receive a record");
                    }
                    links_broken_ = true;
                    broken = true;
                    break;
                }
                chain.push_back(at);
            }
            reaches_source_[i] = !broken;
        }
    }

    void resolve_sink_links() {
        sink_parent_.assign(wf_.sinks.size(), std::nullopt);
        for (std::size_t i = 0; i < wf_.sinks.size(); ++i) {
            const Sink& s = wf_.sinks[i];
            const auto t = target(s.after);
            if (!t) {
                error(child_path(element_path("sinks", i), "after"), unknown_after(s.after));
                links_broken_ = true;
                continue;
            }
            sink_parent_[i] = *t;
        }
    }

    // Only when every link is sound: with a broken one, what was meant to
    // follow a step is unknown, and the broken link is the message.
    void report_dead_ends() {
        if (links_broken_) return;
        for (std::size_t i = 0; i < wf_.steps.size(); ++i)
            if (!notes_.steps[i].usable) return;
        std::vector<bool> used(wf_.steps.size(), false);
        for (std::size_t i = 0; i < wf_.steps.size(); ++i)
            if (parent_[i] && *parent_[i] != kSource) used[*parent_[i]] = true;
        for (const auto& p : sink_parent_)
            if (p && *p != kSource) used[*p] = true;
        for (std::size_t i = 0; i < wf_.steps.size(); ++i) {
            if (used[i] || !reaches_source_[i]) continue;
            error(element_path("steps", i), "no sink and no other step comes after step '" + wf_.steps[i].id +
                                                "', so its work is never used (point a sink's `after` at it, or "
                                                "remove it)");
        }
    }

    // The steps a record has passed when it reaches a step or sink whose
    // `after` is `parent` (inclusive), nearest first; nullopt when unknown.
    std::optional<std::vector<std::size_t>> ancestors(std::optional<std::size_t> parent) const {
        if (!parent) return std::nullopt;
        std::vector<std::size_t> out;
        std::size_t at = *parent;
        while (at != kSource) {
            if (!reaches_source_[at]) return std::nullopt;
            out.push_back(at);
            at = *parent_[at];
        }
        return out;
    }

    void check_bytes_flow() {
        const auto has_bytes = [&](const std::vector<std::size_t>& before) {
            for (std::size_t s : before)
                if (facts_.step_produces_bytes[s]) return true;
            return false;
        };
        for (std::size_t i = 0; i < wf_.steps.size(); ++i) {
            if (!facts_.step_needs_bytes[i] || !reaches_source_[i]) continue;
            const auto before = ancestors(parent_[i]);
            if (!before || has_bytes(*before)) continue;
            if (wf_.steps[i].kind == Step::Kind::composite)
                error(child_path(element_path("steps", i), "use"),
                      wf_.steps[i].composite + " sends the record's bytes, but no step before it fetches them "
                      "(add a use = \"download\" step before it)");
            else
                error(child_path(element_path("steps", i), "send_bytes"),
                      "no step before this one fetches bytes to send (add a use = \"download\" step before it)");
        }
        for (std::size_t i = 0; i < wf_.sinks.size(); ++i) {
            if (!facts_.sink_needs_bytes[i]) continue;
            const auto before = ancestors(sink_parent_[i]);
            if (before && !has_bytes(*before))
                error(element_path("sinks", i), facts_.sink_label[i] +
                                                    " needs the record's bytes, but no step before this sink fetches "
                                                    "them (add [[steps]] use = \"download\")");
        }
    }

    // A fan-out download (variant = "*" or a list) runs once per record and
    // hands each media entry on alone, so only filter steps may come before
    // it: a step that calls a provider there would run once per photo.
    void check_fan_out() {
        for (std::size_t i = 0; i < wf_.steps.size(); ++i) {
            if (!wf_.steps[i].fans_out() || !reaches_source_[i]) continue;
            const auto before = ancestors(parent_[i]);
            if (!before) continue;
            for (std::size_t b : *before) {
                if (wf_.steps[b].kind == Step::Kind::filter) continue;
                error(child_path(element_path("steps", i), "variant"),
                      "a download step that sends each photo on its own (variant = \"*\" or a list) must come "
                      "before every step but filters on its branch, and step '" + wf_.steps[b].id +
                          "' comes before it" +
                          (wf_.steps[b].fans_out() ? std::string(" and fans out already")
                                                   : std::string(" (it would run once per photo)")));
                break;
            }
        }
    }

    // True when a step before this point sends each media entry on alone.
    bool after_fan_out(const std::optional<std::vector<std::size_t>>& before) const {
        if (!before) return false;
        for (std::size_t b : *before)
            if (wf_.steps[b].fans_out()) return true;
        return false;
    }

    // ---- paths in templates and conditions
    // Null when `path` may exist for a record reaching a place after
    // `before` (nullopt: steps.* cannot be read there, e.g. the source).
    std::optional<std::string> path_problem(const std::string& path,
                                            const std::optional<std::vector<std::size_t>>& before,
                                            bool steps_readable) const {
        const auto segments = path_segments(path);
        if (segments.front() == "steps") {
            if (!steps_readable) return std::string("steps.* results do not exist yet here (no step has run)");
            if (segments.size() == 1) return std::nullopt;
            const std::string id(segments[1]);
            auto it = index_.find(id);
            if (it == index_.end()) return "no step with id '" + id + "'" + suggestion_suffix(id, step_ids_);
            if (!before || !notes_.steps[it->second].usable) return std::nullopt;  // broken: reported elsewhere
            if (std::find(before->begin(), before->end(), it->second) == before->end())
                return "step '" + id + "' does not run before this point (it is not on the `after` chain that leads here)";
            if (!facts_.step_has_result[it->second])
                return "step '" + id + "' is a filter, so it leaves no result under steps." + id;
            return std::nullopt;
        }
        if (segments.front() == "variant" || segments.front() == "variant_index") {
            if (!steps_readable && before && before->empty())
                return std::string(segments.front())
                    .append(" is set per photo, only after a download step with variant = \"*\" or a list (the key "
                            "of each photo is the record's key followed by ':' and its variant already)");
            if (!after_fan_out(before))
                return std::string("only a download step with variant = \"*\" or a list (before this point) sets ") +
                       std::string(segments.front()) + " (each photo of the record on its own)";
            if (segments.size() > 1) return std::string(segments.front()) + " is a plain value, it has no fields";
            return std::nullopt;
        }
        if (facts_.record_kind.empty() || !is_canonical_kind(facts_.record_kind)) return std::nullopt;
        if (auto p = canonical_path_problem(facts_.record_kind, path)) return p;
        return std::nullopt;
    }

    // Template strings inside a params object, with their TOML paths.
    void template_paths(const json::value& v, const std::string& toml_path,
                        const std::optional<std::vector<std::size_t>>& before, bool steps_readable) {
        if (const auto* s = v.if_string()) {
            try {
                RecordTemplate t{std::string(*s)};
                for (const auto& p : t.paths()) {
                    if (auto problem = path_problem(p, before, steps_readable)) {
                        std::size_t at = s->find("{" + p);
                        out_.add(doc_.inside_string(toml_path, at == json::string::npos ? 0 : at + 1),
                                 toml_path + ": template path '" + p + "' cannot exist: " + *problem);
                    }
                }
            } catch (const TemplateSyntaxError&) {
            }
        } else if (const auto* o = v.if_object()) {
            for (const auto& [k, child] : *o) template_paths(child, child_path(toml_path, k), before, steps_readable);
        } else if (const auto* a = v.if_array()) {
            for (std::size_t i = 0; i < a->size(); ++i)
                template_paths((*a)[i], element_path(toml_path, i), before, steps_readable);
        }
    }

    void condition_paths(const Condition& c, const std::string& toml_path,
                         const std::optional<std::vector<std::size_t>>& before, bool steps_readable) {
        for (const auto& [field, _] : c.any_of) {
            if (auto problem = path_problem(field, before, steps_readable)) {
                std::string key_path = child_path(toml_path, field);
                if (!doc_.contains(key_path)) {  // written as nested tables: when = { person.email = [...] }
                    key_path = toml_path;
                    for (auto seg : path_segments(field)) key_path = child_path(key_path, seg);
                }
                out_.add(doc_.key_at(key_path), toml_path + "." + field + ": cannot exist: " + *problem);
            }
        }
    }

    void check_paths() {
        const std::optional<std::vector<std::size_t>> at_source = std::vector<std::size_t>{};
        if (notes_.source_usable) condition_paths(wf_.source.filter, "source.where", at_source, false);
        // policy.key is computed when a record is read, before any step.
        for (const auto& p : wf_.policy.key.paths())
            if (auto problem = path_problem(p, at_source, false)) {
                std::size_t at = wf_.policy.key.text().find("{" + p);
                out_.add(doc_.inside_string("policy.key", at == std::string::npos ? 0 : at + 1),
                         "policy.key: template path '" + p + "' cannot exist: " + *problem);
            }
        for (std::size_t i = 0; i < wf_.steps.size(); ++i) {
            if (!notes_.steps[i].usable || !reaches_source_[i]) continue;
            const auto before = ancestors(parent_[i]);
            const std::string path = element_path("steps", i);
            condition_paths(wf_.steps[i].when, child_path(path, "when"), before, true);
            if (notes_.steps[i].params_parsed)
                template_paths(json::value(notes_.steps[i].params), child_path(path, "params"), before, true);
        }
        for (std::size_t i = 0; i < wf_.sinks.size(); ++i) {
            if (!notes_.sinks[i].usable || !sink_parent_[i]) continue;
            const auto before = ancestors(sink_parent_[i]);
            if (!before) continue;
            const std::string path = element_path("sinks", i);
            condition_paths(wf_.sinks[i].when, child_path(path, "when"), before, true);
            if (notes_.sinks[i].params_parsed)
                template_paths(json::value(notes_.sinks[i].params), child_path(path, "params"), before, true);
        }
    }

    const Workflow& wf_;
    const TomlDocument& doc_;
    const ParseNotes& notes_;
    const PluginFacts& facts_;
    Diagnostics& out_;
    std::map<std::string, std::size_t> index_;
    std::vector<std::string> step_ids_;
    std::vector<std::optional<std::size_t>> parent_;
    std::vector<bool> reaches_source_;
    std::vector<std::optional<std::size_t>> sink_parent_;
    bool links_broken_ = false;
};

}  // namespace

void check_workflow_graph(const Workflow& wf, const TomlDocument& doc, const ParseNotes& notes,
                          const PluginFacts& facts, Diagnostics& out) {
    GraphChecker(wf, doc, notes, facts, out).run();
}

}  // namespace photobridge::workflow_file
