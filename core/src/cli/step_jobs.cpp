#include "cli/step_jobs.hpp"

#include "cli/exit_codes.hpp"
#include "cli/state_arguments.hpp"
#include "common/json_pretty.hpp"
#include "state/utc_timestamp.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>

namespace photobridge::cli {
namespace {

// A parked mark's next check as ISO 8601 UTC; "" for other marks.
std::string next_check(const state::StepMark& m) {
    if (m.status != state::StepMarkStatus::parked) return {};
    return state::utc_timestamp(std::chrono::system_clock::time_point(std::chrono::milliseconds(m.next_check_unix_ms)));
}

boost::json::object job_json(const state::StepMark& m) {
    boost::json::object o{{"key", m.key},
                          {"step", m.step},
                          {"status", state::step_mark_status_name(m.status)},
                          {"connection", m.connection},
                          {"operation", m.operation},
                          {"provider_id", m.provider_id},
                          {"provider_status", m.provider_status},
                          {"updated_at", m.updated_at}};
    const std::string next = next_check(m);
    o["next_check_at"] = next.empty() ? boost::json::value(nullptr) : boost::json::value(next);
    return o;
}

}  // namespace

int step_jobs(const StateOptions& o) {
    const WorkflowArgument w = resolve_workflow(o.workflow);
    auto store = open_existing(o.state_path);
    require_known(store.get(), o.state_path, w);
    const std::vector<state::StepMark> jobs = store ? store->open_step_marks(w.name) : std::vector<state::StepMark>{};
    if (o.json) {
        boost::json::array out;
        for (const auto& m : jobs) out.push_back(job_json(m));
        std::cout << common::pretty_json(boost::json::object{{"workflow", w.name}, {"jobs", out}});
        return kExitOk;
    }
    if (jobs.empty()) {
        std::cout << "Workflow '" << w.name << "' has no jobs in flight.\n";
        return kExitOk;
    }
    std::size_t w_key = 3, w_step = 4;
    for (const auto& m : jobs) {
        w_key = std::max(w_key, std::min<std::size_t>(m.key.size(), 40));
        w_step = std::max(w_step, std::min<std::size_t>(m.step.size(), 30));
    }
    auto col = [](std::size_t width) { return std::setw(static_cast<int>(width + 2)); };
    std::cout << std::left << col(w_key) << "KEY" << col(w_step) << "STEP" << col(8) << "STATE" << col(24)
              << "PROVIDER ID" << col(14) << "STATUS" << col(24) << "NEXT CHECK"
              << "SINCE\n";
    for (const auto& m : jobs) {
        const std::string next = next_check(m);
        std::cout << std::left << col(w_key) << one_line(m.key, 40) << col(w_step) << one_line(m.step, 30) << col(8)
                  << state::step_mark_status_name(m.status) << col(24)
                  << (m.provider_id.empty() ? "-" : one_line(m.provider_id, 24)) << col(14)
                  << (m.provider_status.empty() ? "-" : one_line(m.provider_status, 14)) << col(24)
                  << (next.empty() ? "-" : next) << m.updated_at << "\n";
    }
    std::cout << jobs.size() << " job" << (jobs.size() == 1 ? "" : "s") << " in flight (pending: a creating step "
              << "whose result the next run confirms; parked: a wait the next run goes on with)\n";
    return kExitOk;
}

}  // namespace photobridge::cli
