#include "faults.hpp"

#include "credential_windows.hpp"

#include <optional>
#include <random>
#include <stdexcept>
#include <vector>

#include <boost/json.hpp>

namespace photobridge::mock {
namespace json = boost::json;

namespace {

struct RateLimit {
    std::uint64_t requests = 0;
    std::chrono::milliseconds window{0};
};

struct Rule {
    std::string id;
    std::string provider, method, path;  // empty: any
    // effect
    std::chrono::milliseconds latency_min{0}, latency_max{0};
    FaultDecision::Action action = FaultDecision::Action::None;
    int status = 0;
    int retry_after = 0;
    std::optional<RateLimit> rate_limit;
    // when
    double probability = 1.0;
    std::uint64_t nth = 0;    // 0: not counted
    std::uint64_t times = 1;  // with nth: fires on matches nth .. nth+times-1
    std::uint64_t seed = 0;
    // state, guarded by mutex
    std::mutex mutex;
    std::mt19937_64 rng;
    std::uint64_t matched = 0;
    CredentialWindows windows;
    json::object source;
};

std::int64_t int_field(const json::object& o, const char* key, std::int64_t fallback) {
    auto it = o.find(key);
    if (it == o.end()) return fallback;
    if (auto p = it->value().if_int64()) return *p;
    if (auto p = it->value().if_uint64()) return static_cast<std::int64_t>(*p);
    throw std::invalid_argument(std::string("\"") + key + "\" must be an integer");
}

std::string string_field(const json::object& o, const char* key) {
    auto it = o.find(key);
    if (it == o.end()) return {};
    if (!it->value().is_string()) throw std::invalid_argument(std::string("\"") + key + "\" must be a string");
    return std::string(it->value().get_string());
}

std::unique_ptr<Rule> parse_rule(const json::value& v, std::size_t index, std::uint64_t default_seed) {
    if (!v.is_object()) throw std::invalid_argument("each rule must be an object");
    const auto& o = v.get_object();
    auto r = std::make_unique<Rule>();
    r->source = o;
    r->id = string_field(o, "id");
    if (r->id.empty()) r->id = "rule-" + std::to_string(index + 1);
    r->provider = string_field(o, "provider");
    r->method = string_field(o, "method");
    r->path = string_field(o, "path");
    if (r->path == "*") r->path.clear();
    if (auto it = o.find("latency_ms"); it != o.end()) {
        if (it->value().is_object()) {
            const auto& l = it->value().get_object();
            r->latency_min = std::chrono::milliseconds(int_field(l, "min", 0));
            r->latency_max = std::chrono::milliseconds(int_field(l, "max", 0));
        } else {
            r->latency_min = r->latency_max = std::chrono::milliseconds(int_field(o, "latency_ms", 0));
        }
        if (r->latency_min.count() < 0 || r->latency_max < r->latency_min || r->latency_max.count() > 60000)
            throw std::invalid_argument("latency_ms must be 0..60000 with min <= max");
    }
    const std::string fault = string_field(o, "fault");
    if (fault == "status") r->action = FaultDecision::Action::Status;
    else if (fault == "reset") r->action = FaultDecision::Action::Reset;
    else if (fault == "truncate") r->action = FaultDecision::Action::Truncate;
    else if (!fault.empty()) throw std::invalid_argument("fault must be status, reset or truncate");
    r->status = static_cast<int>(int_field(o, "status", 0));
    if (r->status != 0 && fault.empty()) r->action = FaultDecision::Action::Status;
    if (r->action == FaultDecision::Action::Status && (r->status < 400 || r->status > 599))
        throw std::invalid_argument("status must be 400..599 (429, 500 and 503 are the usual ones)");
    r->retry_after = static_cast<int>(int_field(o, "retry_after_s", (r->status == 429 || r->status == 503) ? 1 : 0));
    if (auto it = o.find("rate_limit"); it != o.end()) {
        if (!it->value().is_object()) throw std::invalid_argument("rate_limit must be an object");
        RateLimit rl;
        const auto requests = int_field(it->value().get_object(), "requests", 0);
        const auto window = int_field(it->value().get_object(), "window_ms", 0);
        if (requests <= 0 || window <= 0) throw std::invalid_argument("rate_limit needs requests > 0 and window_ms > 0");
        rl.requests = static_cast<std::uint64_t>(requests);
        rl.window = std::chrono::milliseconds(window);
        r->rate_limit = rl;
    }
    if (auto it = o.find("probability"); it != o.end()) {
        r->probability = it->value().to_number<double>();
        if (r->probability < 0.0 || r->probability > 1.0) throw std::invalid_argument("probability must be 0..1");
    }
    const auto nth = int_field(o, "nth", 0);
    const auto times = int_field(o, "times", 1);
    if (nth < 0 || times < 1) throw std::invalid_argument("nth must be >= 1 and times >= 1");
    r->nth = static_cast<std::uint64_t>(nth);
    r->times = static_cast<std::uint64_t>(times);
    r->seed = static_cast<std::uint64_t>(int_field(o, "seed", static_cast<std::int64_t>(default_seed + index)));
    r->rng.seed(r->seed);
    if (r->action == FaultDecision::Action::None && r->latency_max.count() == 0 && !r->rate_limit)
        throw std::invalid_argument("rule " + r->id + " has no effect: give fault, status, latency_ms or rate_limit");
    return r;
}

}  // namespace

struct FaultEngine::RuleSet {
    std::vector<std::unique_ptr<Rule>> rules;
};

FaultEngine::FaultEngine(std::uint64_t default_seed) : default_seed_(default_seed), rules_(std::make_shared<RuleSet>()) {}
FaultEngine::~FaultEngine() = default;

void FaultEngine::load(const json::value& document, bool as_start_state) {
    const json::array* rules = nullptr;
    if (document.is_array()) rules = &document.get_array();
    else if (document.is_object() && document.get_object().contains("rules") && document.at("rules").is_array())
        rules = &document.at("rules").get_array();
    else throw std::invalid_argument("fault rules must be {\"rules\": [...]} or an array of rules");
    auto set = std::make_shared<RuleSet>();
    for (std::size_t i = 0; i < rules->size(); ++i) {
        try {
            set->rules.push_back(parse_rule((*rules)[i], i, default_seed_));
        } catch (const std::exception& e) {
            throw std::invalid_argument("rule " + std::to_string(i + 1) + ": " + e.what());
        }
    }
    std::lock_guard lock(mutex_);
    if (as_start_state) start_document_ = document;
    has_rules_.store(!set->rules.empty(), std::memory_order_relaxed);
    rules_ = std::move(set);
}

void FaultEngine::reset() {
    json::value start;
    {
        std::lock_guard lock(mutex_);
        start = start_document_;
    }
    if (start.is_null()) clear();
    else load(start, false);
}

void FaultEngine::clear() {
    std::lock_guard lock(mutex_);
    rules_ = std::make_shared<RuleSet>();
    has_rules_.store(false, std::memory_order_relaxed);
}

std::shared_ptr<FaultEngine::RuleSet> FaultEngine::current() const {
    std::lock_guard lock(mutex_);
    return rules_;
}

json::value FaultEngine::to_json() const {
    auto set = current();
    json::array rules;
    for (const auto& r : set->rules) {
        json::object o = r->source;
        o["id"] = r->id;
        std::lock_guard lock(r->mutex);
        o["matched_requests"] = r->matched;
        rules.push_back(std::move(o));
    }
    json::object out;
    out["rules"] = std::move(rules);
    return out;
}

FaultDecision FaultEngine::decide(const FaultRoute& route) {
    FaultDecision decision;
    if (!has_rules()) return decision;
    auto set = current();
    const auto now = std::chrono::steady_clock::now();
    for (const auto& rule : set->rules) {
        Rule& r = *rule;
        if (!r.provider.empty() && r.provider != route.provider) continue;
        if (!r.method.empty() && r.method != route.method) continue;
        if (!r.path.empty() && r.path != route.path_template && r.path != route.path) continue;
        std::lock_guard lock(r.mutex);
        ++r.matched;
        if (r.rate_limit) {
            const auto verdict = r.windows.count(route.credential, r.rate_limit->requests, r.rate_limit->window, now);
            if (!verdict.allowed && decision.action == FaultDecision::Action::None) {
                decision.action = FaultDecision::Action::Status;
                decision.status = 429;
                decision.retry_after_seconds = seconds_to_wait(verdict.until_reset);
                decision.rule_id = r.id;
            }
            if (r.action == FaultDecision::Action::None && r.latency_max.count() == 0) continue;
        }
        bool fires = true;
        if (r.nth > 0) fires = r.matched >= r.nth && r.matched < r.nth + r.times;
        if (fires && r.probability < 1.0) fires = std::uniform_real_distribution<double>(0.0, 1.0)(r.rng) < r.probability;
        if (!fires) continue;
        if (r.latency_max.count() > 0) {
            auto latency = r.latency_min;
            if (r.latency_max > r.latency_min)
                latency = std::chrono::milliseconds(
                    std::uniform_int_distribution<std::int64_t>(r.latency_min.count(), r.latency_max.count())(r.rng));
            decision.latency += latency;
            if (decision.rule_id.empty()) decision.rule_id = r.id;
        }
        if (r.action != FaultDecision::Action::None && decision.action == FaultDecision::Action::None) {
            decision.action = r.action;
            decision.status = r.status;
            decision.retry_after_seconds = r.retry_after;
            decision.rule_id = r.id;
        }
    }
    return decision;
}

}  // namespace photobridge::mock
