/*
 * Extension "photobridge.step-check/1" (ABI 1.2): a plugin whose operation
 * waits for something at its provider (a generation, a face detection, an
 * export) can be asked once whether it is ready, instead of being called to
 * block until it is. The host then parks the record in a timer queue and
 * frees its worker until the plugin's next check time.
 *
 * Offered by a plugin through pb_plugin_descriptor.get_extension
 * (PB_EXT_STEP_CHECK). The host uses it for the operations whose manifest
 * entry says "check": true, when they run as workflow steps. The plugin
 * keeps the whole polling policy: when to look again, the deadline, and
 * what counts as done or failed. The host keeps only the handle it is
 * given and hands it back.
 *
 * A plugin without the extension (every plugin built for ABI 1.0 or 1.1)
 * is called through invoke() as before: the operation blocks its worker
 * until it settles. An operation with "check": true must therefore also be
 * served by invoke() as a blocking wait with the same result (the SDK's
 * check_operation() does both from one handler).
 *
 * Conventions ([any-thread], borrowed, static) are those of plugin.h.
 */
#ifndef PHOTOBRIDGE_EXT_STEP_CHECK_H
#define PHOTOBRIDGE_EXT_STEP_CHECK_H

#include <photobridge/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PB_EXT_STEP_CHECK "photobridge.step-check/1"

/*
 * The table returned for PB_EXT_STEP_CHECK. Static (it lives as long as the
 * library stays loaded) and never written by the host. Append-only: a host
 * checks struct_size before using a field added later.
 */
typedef struct pb_ext_step_check {
    size_t struct_size; /* sizeof(pb_ext_step_check) at build time */

    /* Looks once at what `operation` waits for, without waiting.
     *   instance     created by this plugin's create(), not destroyed.
     *   operation    one of the plugin's operations whose manifest entry
     *                says "check": true (NUL-terminated, borrowed).
     *   input_json   the JSON object the operation would get from invoke()
     *                (borrowed, input_len bytes, not NUL-terminated).
     *   handle_json  NULL (handle_len 0) on the first check of a job; then
     *                the "handle" of the previous "pending" answer, byte for
     *                byte (borrowed). The host may keep it across a restart
     *                of the process, so it must hold everything the plugin
     *                needs (e.g. the deadline as a wall-clock time), and
     *                never a secret.
     *   answer_json  owned by the caller; receives one JSON object:
     *                {"state": "done", "result": <what invoke() returns>}
     *                {"state": "pending", "check_after_ms": N (>= 0),
     *                 "handle": <any JSON>, "status": "<the provider's
     *                 status, for people>", "id": "<the provider's id of
     *                 the job>"}
     *                {"state": "failed" | "expired", "status": "...",
     *                 "message": "...", "provider_code": "..."}:
     *                the job ended without a result ("failed": the
     *                provider says so, e.g. a generation error;
     *                "expired": the plugin's deadline passed). The host
     *                does not check again: the record is dead-lettered.
     *   bytes        owned by the caller; receives the output bytes with a
     *                "done" answer, as invoke()'s output would.
     *   error        owned by the caller; filled when the result != PB_OK.
     * Returns PB_OK with an answer, else a pb_status for this one look (a
     * 5xx, a timeout, a reset: the host retries the check as it retries any
     * call). PB_ERR_UNSUPPORTED when `operation` cannot be checked.
     * [any-thread]: concurrently on one instance, like invoke(). */
    int32_t (*check)(pb_instance *instance, const char *operation, const char *input_json, size_t input_len,
                     const char *handle_json, size_t handle_len, pb_sink *answer_json, pb_sink *bytes,
                     pb_error *error);
} pb_ext_step_check;

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
PB_STATIC_ASSERT(sizeof(pb_ext_step_check) == 16, "pb_ext_step_check layout");
#endif

#ifdef __cplusplus
}
#endif

#endif /* PHOTOBRIDGE_EXT_STEP_CHECK_H */
