// The status names both schemas store (CHECK constraints in
// sqlite_schema.cpp and postgres_schema.cpp), one place for each direction.
#include "state/state_store.hpp"
#include "state/step_marks.hpp"
#include "state/webhook_event_store.hpp"

namespace photobridge::state {

const char* ledger_status_name(LedgerStatus status) noexcept {
    return status == LedgerStatus::done ? "done" : "pending";
}

LedgerStatus ledger_status_from_name(std::string_view name) noexcept {
    return name == "done" ? LedgerStatus::done : LedgerStatus::pending;
}

const char* step_mark_status_name(StepMarkStatus status) noexcept {
    switch (status) {
    case StepMarkStatus::pending: return "pending";
    case StepMarkStatus::parked: return "parked";
    case StepMarkStatus::done: return "done";
    case StepMarkStatus::failed: return "failed";
    }
    return "pending";
}

StepMarkStatus step_mark_status_from_name(std::string_view name) noexcept {
    if (name == "parked") return StepMarkStatus::parked;
    if (name == "done") return StepMarkStatus::done;
    if (name == "failed") return StepMarkStatus::failed;
    return StepMarkStatus::pending;
}

const char* webhook_event_status_name(WebhookEventStatus status) noexcept {
    switch (status) {
        case WebhookEventStatus::done: return "done";
        case WebhookEventStatus::failed: return "failed";
        case WebhookEventStatus::pending: break;
    }
    return "pending";
}

WebhookEventStatus webhook_event_status_from_name(std::string_view name) noexcept {
    if (name == "done") return WebhookEventStatus::done;
    if (name == "failed") return WebhookEventStatus::failed;
    return WebhookEventStatus::pending;
}

}  // namespace photobridge::state
