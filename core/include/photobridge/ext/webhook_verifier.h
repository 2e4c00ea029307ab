/*
 * Extension "photobridge.webhook-verifier/1" (ABI 1.1): a plugin that can
 * tell a genuine webhook delivery of its provider from a forged one.
 *
 * Offered by a plugin through pb_plugin_descriptor.get_extension
 * (PB_EXT_WEBHOOK_VERIFIER). The host uses it for `photobridge serve`
 * webhook triggers: it reads the delivery's token from the request header
 * named by `token_header` and asks verify() before it stores the event.
 *
 * A plugin built for ABI 1.0 offers the same capability as an operation
 * named "verify_webhook" (input {"token", "body", "leeway_seconds"}, the
 * same verdict as below); a 1.x host falls back to it when the extension is
 * absent. See sdk-docs/abi.md, "Extensions".
 *
 * Conventions ([any-thread], borrowed, static) are those of plugin.h.
 */
#ifndef PHOTOBRIDGE_EXT_WEBHOOK_VERIFIER_H
#define PHOTOBRIDGE_EXT_WEBHOOK_VERIFIER_H

#include <photobridge/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PB_EXT_WEBHOOK_VERIFIER "photobridge.webhook-verifier/1"

/*
 * The table returned for PB_EXT_WEBHOOK_VERIFIER. Static (it lives as long
 * as the library stays loaded) and never written by the host. Append-only:
 * a host checks struct_size before using a field added later.
 */
typedef struct pb_ext_webhook_verifier {
    size_t struct_size; /* sizeof(pb_ext_webhook_verifier) at build time */

    /* static, NUL-terminated: the HTTP request header that carries the
     * delivery's token (e.g. "X-Authenticity-Token"). Never NULL or "". */
    const char *token_header;

    /* Checks one delivery. No HTTP is needed, but the plugin may use the
     * instance's host table.
     *   instance        created by this plugin's create(), not destroyed.
     *   token           the token_header value, NUL-terminated, borrowed.
     *   body            the delivery's request body, borrowed; size 0 means
     *                   the delivery had none (the payload is then null).
     *   leeway_seconds  clock skew to allow on time claims (>= 0).
     *   verdict_json    owned by the caller; receives a JSON object:
     *                   {"valid": bool, "reason": string (when not valid),
     *                    "payload": the body parsed as JSON, or null,
     *                    ...provider-specific members such as "claims"}.
     *   error           owned by the caller; filled when the result != PB_OK.
     * Returns PB_OK with "valid": false for a well-formed delivery that is
     * not genuine (wrong signature, expired); PB_ERR_INVALID_ARGUMENT when
     * the token or body cannot be read at all or the instance lacks what it
     * needs (e.g. a secret). Neither the verdict nor the error message ever
     * holds the token or the secret. The host treats every result other
     * than PB_OK with "valid": true as a rejected delivery.
     * [any-thread]: concurrently on one instance, like invoke(). */
    int32_t (*verify)(pb_instance *instance, const char *token, pb_bytes body, int32_t leeway_seconds,
                      pb_sink *verdict_json, pb_error *error);
} pb_ext_webhook_verifier;

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
PB_STATIC_ASSERT(sizeof(pb_ext_webhook_verifier) == 24, "pb_ext_webhook_verifier layout");
#endif

#ifdef __cplusplus
}
#endif

#endif /* PHOTOBRIDGE_EXT_WEBHOOK_VERIFIER_H */
