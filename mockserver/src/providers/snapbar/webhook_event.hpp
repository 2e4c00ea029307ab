// The SUBMISSION_COMPLETE event POST /__admin/webhooks/snapbar sends:
// {"topic": TOPIC, "submission": {...}}, the submission shaped like Snapbar's
// Get Submission example. Snapbar documents the webhook body only as "a JSON
// body with the event details"; this shape is photobridge's assumption
// (sdk-docs/mockserver.md).
#pragma once

#include "framework/server_state.hpp"

#include <boost/json/value.hpp>

#include <optional>
#include <string>

namespace photobridge::mock {

struct WebhookSubmission {
    std::optional<boost::json::value> submission;  // set on success
    int status = 200;     // on failure: the HTTP status the admin call answers with
    std::string error;    // on failure: short code for the error body
    std::string message;  // on failure: what went wrong
};

// The submission `id` (nullopt: the default one) as this mock serves
// GET /snapbar/submissions/{id}. With --dataset: the dataset's submission
// rendered by the snapbar backend (its temporary_download_url points at this
// mock), defaulting to the first submission listed. Replay mode: the
// documented Get Submission example; another id is a 404.
// [any-thread] (the backend locks its own state).
WebhookSubmission find_webhook_submission(ServerState& state, const std::optional<std::string>& id);

// {"topic": topic, "submission": submission}, or with `id_only` just
// {"topic": topic, "submission": {"id": <its id>}}.
boost::json::value snapbar_event_body(const std::string& topic, const boost::json::value& submission, bool id_only);

}  // namespace photobridge::mock
