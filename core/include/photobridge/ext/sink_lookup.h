/*
 * Extension "photobridge.sink-lookup/1" (ABI 1.1): a plugin whose sink
 * actions create things at its provider can say whether a given write has
 * already happened, so an interrupted write is looked up instead of being
 * repeated (exactly once across crashes and ambiguous failures).
 *
 * Offered by a plugin through pb_plugin_descriptor.get_extension
 * (PB_EXT_SINK_LOOKUP). The engine asks it on resume (a write left pending
 * by a run that died) and after a failure that may have taken effect (a
 * timeout, a reset, a 5xx), before it writes again.
 *
 * A plugin built for ABI 1.0 declares the same capability in its manifest
 * as a "lookup" member of the operation (an operation or a stream to ask,
 * with templates over the write's input); a 1.x host falls back to it when
 * the extension is absent. See sdk-docs/abi.md, "Extensions", and
 * sdk-docs/workflows.md, "State and guarantees".
 *
 * Conventions ([any-thread], borrowed, static) are those of plugin.h.
 */
#ifndef PHOTOBRIDGE_EXT_SINK_LOOKUP_H
#define PHOTOBRIDGE_EXT_SINK_LOOKUP_H

#include <photobridge/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PB_EXT_SINK_LOOKUP "photobridge.sink-lookup/1"

/*
 * The table returned for PB_EXT_SINK_LOOKUP. Static (it lives as long as
 * the library stays loaded) and never written by the host. Append-only: a
 * host checks struct_size before using a field added later.
 *
 * In both functions `action` is the name of one of the plugin's operations
 * (NUL-terminated, borrowed) and `input_json` the JSON object the write
 * gets, or got, as its request (borrowed, input_len bytes, not
 * NUL-terminated): the workflow's rendered params, before the plugin's
 * defaults are applied.
 */
typedef struct pb_ext_sink_lookup {
    size_t struct_size; /* sizeof(pb_ext_sink_lookup) at build time */

    /* Whether find() can answer for this write: 1 when `action` has a
     * lookup and the input carries what the provider can be searched by
     * (e.g. a file name), 0 otherwise (such writes are at least once).
     * Pure: no I/O, no logging; a malformed input gives 0.
     *   instance  created by this plugin's create(), not destroyed.
     * [any-thread]: concurrently on one instance. */
    int32_t (*can_find)(pb_instance *instance, const char *action, const char *input_json, size_t input_len);

    /* Looks for what a write of `action` with this input made, one page of
     * the provider's answer per call: the host drives the loop (as it does
     * for streams), so each page is retried on its own.
     *   cursor       NULL on the first call; then the "next_cursor" the
     *                previous call returned (NUL-terminated, borrowed).
     *   result_json  owned by the caller; receives a JSON object
     *                {"found": bool, "id": string, "next_cursor": string}:
     *                found true: "id" is the provider's id of what was
     *                found (the value the write's own result would have
     *                given), absent or "" when it gives none;
     *                found false: "next_cursor" absent when the provider
     *                has nothing more to search (the write did not
     *                happen), else the host calls again with it.
     *   error        owned by the caller; filled when the result != PB_OK.
     * Returns PB_OK when the provider answered (found or not), the
     * provider's status mapped as for invoke() otherwise; the host retries
     * the retryable ones (that page again). PB_ERR_UNSUPPORTED when
     * can_find() gives 0 for this write. May send requests through
     * pb_host.http.
     * [any-thread]: concurrently on one instance, like invoke(). */
    int32_t (*find)(pb_instance *instance, const char *action, const char *input_json, size_t input_len,
                    const char *cursor, pb_sink *result_json, pb_error *error);
} pb_ext_sink_lookup;

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
PB_STATIC_ASSERT(sizeof(pb_ext_sink_lookup) == 24, "pb_ext_sink_lookup layout");
#endif

#ifdef __cplusplus
}
#endif

#endif /* PHOTOBRIDGE_EXT_SINK_LOOKUP_H */
