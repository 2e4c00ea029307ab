// Fault injection rules (format documented in sdk-docs/mockserver.md):
// per-route latency, error statuses, connection resets, truncated bodies,
// fired with a probability from a seeded generator or on the Nth matching
// request, and per-credential rate limits.
//
// Thread contract: every method may be called from any server thread. The
// rule set is swapped whole under a mutex; each rule guards its own counters.
// has_rules() is a relaxed atomic read so the hot path pays nothing when no
// rule is loaded.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

namespace photobridge::mock {

struct FaultDecision {
    enum class Action { None, Status, Reset, Truncate };
    std::chrono::milliseconds latency{0};
    Action action = Action::None;
    int status = 0;
    int retry_after_seconds = 0;  // 0: no Retry-After header
    std::string rule_id;          // the rule that chose `action` (or the latency)
};

struct FaultRoute {
    std::string_view provider;       // the provider id
    std::string_view method;         // "GET"
    std::string_view path_template;  // endpoint template, empty when no endpoint matched
    std::string_view path;           // concrete path after the provider prefix
    std::string_view credential;     // for rate limits
};

class FaultEngine {
public:
    explicit FaultEngine(std::uint64_t default_seed);
    ~FaultEngine();

    // Replaces the rules. Throws std::invalid_argument naming the problem.
    // `as_start_state` also makes them the rules reset() returns to.
    void load(const boost::json::value& document, bool as_start_state = false);
    void reset();  // back to the start rules with fresh counters and generators
    void clear();  // no rules
    boost::json::value to_json() const;
    bool has_rules() const { return has_rules_.load(std::memory_order_relaxed); }

    FaultDecision decide(const FaultRoute& route);

private:
    struct RuleSet;
    std::shared_ptr<RuleSet> current() const;
    std::uint64_t default_seed_;
    mutable std::mutex mutex_;
    std::shared_ptr<RuleSet> rules_;
    boost::json::value start_document_;
    std::atomic<bool> has_rules_{false};
};

}  // namespace photobridge::mock
