/*
 * Extension "photobridge.media-download/1" (ABI 1.1): a plugin that can
 * fetch the bytes behind one media item of its canonical records
 * (media[].url), sending its credentials only where its provider expects
 * them.
 *
 * Offered by a plugin through pb_plugin_descriptor.get_extension
 * (PB_EXT_MEDIA_DOWNLOAD). The host uses it for a workflow's download steps
 * (`use = "download"`).
 *
 * A plugin built for ABI 1.0 offers the same capability as an operation
 * named "download_media" (input {"url", "variant"}, the same result as
 * below); a 1.x host falls back to it when the extension is absent. See
 * sdk-docs/abi.md, "Extensions".
 *
 * Conventions ([any-thread], borrowed, static) are those of plugin.h.
 */
#ifndef PHOTOBRIDGE_EXT_MEDIA_DOWNLOAD_H
#define PHOTOBRIDGE_EXT_MEDIA_DOWNLOAD_H

#include <photobridge/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PB_EXT_MEDIA_DOWNLOAD "photobridge.media-download/1"

/*
 * The table returned for PB_EXT_MEDIA_DOWNLOAD. Static (it lives as long as
 * the library stays loaded) and never written by the host. Append-only: a
 * host checks struct_size before using a field added later.
 */
typedef struct pb_ext_media_download {
    size_t struct_size; /* sizeof(pb_ext_media_download) at build time */

    /* Downloads one media item through the instance's host table (pb_host.http).
     *   instance     created by this plugin's create(), not destroyed.
     *   url          an absolute http(s) URL taken from a record's
     *                media[].url, NUL-terminated, borrowed.
     *   variant      the media item's variant (e.g. "main"), NUL-terminated,
     *                borrowed; "" when the caller does not know it.
     *   result_json  owned by the caller; receives a JSON object that holds
     *                at least {"content_type": string}; a plugin may add
     *                members (e.g. "variant", "url").
     *   bytes        owned by the caller; receives the media bytes. A refused
     *                write fails the call with PB_ERR_TOO_LARGE.
     *   error        owned by the caller; filled when the result != PB_OK.
     * Returns a pb_status: PB_ERR_INVALID_ARGUMENT for a URL that is not
     * absolute http(s) (refused before any request), the provider's status
     * mapped as for invoke() otherwise. On failure whatever was written to
     * the sinks is discarded by the caller.
     * [any-thread]: concurrently on one instance, like invoke(). */
    int32_t (*download)(pb_instance *instance, const char *url, const char *variant, pb_sink *result_json,
                        pb_sink *bytes, pb_error *error);
} pb_ext_media_download;

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
PB_STATIC_ASSERT(sizeof(pb_ext_media_download) == 16, "pb_ext_media_download layout");
#endif

#ifdef __cplusplus
}
#endif

#endif /* PHOTOBRIDGE_EXT_MEDIA_DOWNLOAD_H */
