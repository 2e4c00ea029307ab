/* A plain C plugin of ABI 1.1 that offers the webhook-verifier and
 * media-download extensions and also the 1.0 operations of the same names,
 * answering differently ("via") on each path, so
 * tests/host/abi_compat_test.cpp sees which one the host takes. Its
 * sink-lookup extension answers by the input's "name": "here" is found
 * (id "x-1"), "gone" is not, "later" is found on the second page (cursor
 * "p2"), "broken" gets a malformed answer, and an input without a name
 * cannot be looked up. Compiled
 * with FIXTURE_SHORT_EXTENSION or FIXTURE_NULL_FUNCTION it offers a
 * malformed table, which the loader must refuse. */
#include <photobridge/ext/media_download.h>
#include <photobridge/ext/sink_lookup.h>
#include <photobridge/ext/webhook_verifier.h>
#include <photobridge/plugin.h>

#include <stdio.h>
#include <string.h>

static const char manifest[] =
    "{\"operations\":{\"verify_webhook\":{\"token_header\":\"X-From-Manifest\"},\"download_media\":{}}}";

static pb_instance *fixture_create(const pb_host *host, const char *config, size_t len, pb_error *error) {
    static int token;
    (void)host; (void)config; (void)len; (void)error;
    return (pb_instance *)&token;
}

static void fixture_destroy(pb_instance *instance) { (void)instance; }

static int32_t write_text(pb_sink *sink, const char *text, size_t len) {
    return sink->write(sink, text, len) == 0 ? PB_OK : PB_ERR_TOO_LARGE;
}

static int32_t fixture_invoke(pb_instance *instance, const char *operation, const char *request, size_t request_len,
                              pb_bytes input, pb_sink *response, pb_sink *output, pb_error *error) {
    static const char via[] = "{\"valid\":false,\"reason\":\"operation path\",\"via\":\"operation\"}";
    (void)instance; (void)request; (void)request_len; (void)input; (void)output;
    if (strcmp(operation, "verify_webhook") == 0 || strcmp(operation, "download_media") == 0)
        return write_text(response, via, sizeof via - 1);
    error->code = PB_ERR_UNSUPPORTED;
    strcpy(error->message, "unknown operation");
    return PB_ERR_UNSUPPORTED;
}

static int32_t fixture_verify(pb_instance *instance, const char *token, pb_bytes body, int32_t leeway_seconds,
                              pb_sink *verdict, pb_error *error) {
    char reply[256];
    const int valid = strcmp(token, "genuine") == 0;
    (void)instance;
    if (strcmp(token, "not-a-token") == 0) {
        error->code = PB_ERR_INVALID_ARGUMENT;
        strcpy(error->message, "token is not readable");
        return PB_ERR_INVALID_ARGUMENT;
    }
    snprintf(reply, sizeof reply, "{\"valid\":%s,\"via\":\"extension\",\"leeway\":%d,\"body_size\":%u,\"payload\":null}",
             valid ? "true" : "false", (int)leeway_seconds, (unsigned)body.size);
    return write_text(verdict, reply, strlen(reply));
}

static int32_t fixture_download(pb_instance *instance, const char *url, const char *variant, pb_sink *result,
                                pb_sink *bytes, pb_error *error) {
    static const char json[] = "{\"content_type\":\"text/plain\",\"via\":\"extension\"}";
    (void)instance; (void)error;
    if (write_text(bytes, url, strlen(url)) != PB_OK || write_text(bytes, "|", 1) != PB_OK ||
        write_text(bytes, variant, strlen(variant)) != PB_OK)
        return PB_ERR_TOO_LARGE;
    return write_text(result, json, sizeof json - 1);
}

static int has_text(const char *input, size_t len, const char *text) {
    const size_t n = strlen(text);
    size_t i;
    for (i = 0; i + n <= len; ++i)
        if (memcmp(input + i, text, n) == 0) return 1;
    return 0;
}

static int32_t fixture_can_find(pb_instance *instance, const char *action, const char *input, size_t len) {
    (void)instance;
    return strcmp(action, "store") == 0 && has_text(input, len, "\"name\":");
}

static int32_t fixture_find(pb_instance *instance, const char *action, const char *input, size_t len,
                            const char *cursor, pb_sink *result, pb_error *error) {
    static const char found[] = "{\"found\":true,\"id\":\"x-1\"}";
    static const char missing[] = "{\"found\":false}";
    static const char further[] = "{\"found\":false,\"next_cursor\":\"p2\"}";
    static const char broken[] = "{\"found\":\"yes\"}";
    if (!fixture_can_find(instance, action, input, len)) {
        error->code = PB_ERR_UNSUPPORTED;
        strcpy(error->message, "this write cannot be looked up");
        return PB_ERR_UNSUPPORTED;
    }
    if (has_text(input, len, "\"here\"")) return write_text(result, found, sizeof found - 1);
    if (has_text(input, len, "\"later\"")) {
        if (cursor != NULL && strcmp(cursor, "p2") == 0) return write_text(result, found, sizeof found - 1);
        return write_text(result, further, sizeof further - 1);
    }
    if (has_text(input, len, "\"broken\"")) return write_text(result, broken, sizeof broken - 1);
    return write_text(result, missing, sizeof missing - 1);
}

static const pb_ext_sink_lookup lookup = {sizeof(pb_ext_sink_lookup), fixture_can_find, fixture_find};

static const pb_ext_webhook_verifier verifier = {
#if defined(FIXTURE_SHORT_EXTENSION)
    sizeof(size_t),
#else
    sizeof(pb_ext_webhook_verifier),
#endif
    "X-Fixture-Signature", fixture_verify};

static const pb_ext_media_download downloader = {sizeof(pb_ext_media_download),
#if defined(FIXTURE_NULL_FUNCTION)
                                                 NULL
#else
                                                 fixture_download
#endif
};

static const void *fixture_get_extension(const char *id) {
#if defined(FIXTURE_NULL_FUNCTION)
    (void)fixture_download; /* compiled, but left out of the table the loader must refuse */
#endif
    if (strcmp(id, PB_EXT_WEBHOOK_VERIFIER) == 0) return &verifier;
    if (strcmp(id, PB_EXT_MEDIA_DOWNLOAD) == 0) return &downloader;
    if (strcmp(id, PB_EXT_SINK_LOOKUP) == 0) return &lookup;
    return NULL;
}

static const pb_plugin_descriptor descriptor = {
    PB_PLUGIN_MAGIC, PB_ABI_MAJOR, 1, sizeof(pb_plugin_descriptor),
    FIXTURE_ID, "Extensions fixture", "1.1.0", manifest,
    fixture_create, fixture_destroy, fixture_invoke, fixture_get_extension};

PB_EXPORT const pb_plugin_descriptor *photobridge_plugin_entry(uint16_t major, uint16_t minor) {
    return major == PB_ABI_MAJOR && minor >= 1 ? &descriptor : NULL;
}
