/* A plugin as ABI 1.0 plugins were written: compiled against the frozen 1.0
 * header only (no photobridge/ext), abi_minor 0, no get_extension, and the
 * optional capabilities as operations with the 1.0 reserved names
 * (verify_webhook, download_media). tests/host/abi_compat_test.cpp loads it
 * in the current host and drives both capabilities through the host's
 * generic path (PluginInstance::verify_webhook / download_media).
 *
 * verify_webhook: the token "genuine" is valid, any other is not; the
 * request's leeway_seconds is echoed so the test sees what the host sent.
 * download_media: the bytes are the request JSON itself, so the test sees
 * the url and variant the host passed.
 * store: a sink action with the 1.0 manifest "lookup" (operation form, via
 * find): tests/engine/sink_lookup_abi_1_0_test.cpp runs a workflow into it.
 * find says a name exists when it is an even number (no state kept). */
#include "plugin_abi_1_0.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char manifest[] =
    "{\"operations\":{"
    "\"verify_webhook\":{\"token_header\":\"X-Fixture-Token\",\"input\":{\"type\":\"object\",\"required\":[\"token\"],"
    "\"properties\":{\"token\":{\"type\":\"string\"},\"body\":{\"type\":\"string\"},"
    "\"leeway_seconds\":{\"type\":\"integer\"}}},\"output\":\"json\"},"
    "\"download_media\":{\"input\":{\"type\":\"object\",\"required\":[\"url\"],"
    "\"properties\":{\"url\":{\"type\":\"string\"},\"variant\":{\"type\":\"string\"}}},\"output\":\"bytes\"},"
    "\"store\":{\"input\":{\"type\":\"object\",\"required\":[\"name\"],\"properties\":{\"name\":{\"type\":\"string\"}}},"
    "\"output\":\"json\",\"idempotent\":false,\"result_id\":\"id\","
    "\"lookup\":{\"operation\":\"find\",\"input\":{\"name\":\"{name}\"},\"found\":\"exists\",\"result_id\":\"where\"}},"
    "\"find\":{\"input\":{\"type\":\"object\",\"required\":[\"name\"],\"properties\":{\"name\":{\"type\":\"string\"}}},"
    "\"output\":\"json\",\"idempotent\":true}"
    "}}";

static pb_instance *fixture_create(const pb_host *host, const char *config, size_t len, pb_error *error) {
    static int token;
    (void)host; (void)config; (void)len; (void)error;
    return (pb_instance *)&token;
}

static void fixture_destroy(pb_instance *instance) { (void)instance; }

static int32_t write_text(pb_sink *sink, const char *text) {
    return sink->write(sink, text, strlen(text)) == 0 ? PB_OK : PB_ERR_TOO_LARGE;
}

/* The request as text (NUL-terminated copy); 0 when it does not fit. */
static int copy_request(char *out, size_t capacity, const char *request, size_t request_len) {
    if (request_len >= capacity) return 0;
    memcpy(out, request, request_len);
    out[request_len] = '\0';
    return 1;
}

static int32_t fixture_invoke(pb_instance *instance, const char *operation, const char *request, size_t request_len,
                              pb_bytes input, pb_sink *response, pb_sink *output, pb_error *error) {
    char text[4096];
    char reply[256];
    const char *leeway;
    (void)instance; (void)input;
    if (!copy_request(text, sizeof text, request, request_len)) {
        error->code = PB_ERR_TOO_LARGE;
        strcpy(error->message, "request too long for the fixture");
        return PB_ERR_TOO_LARGE;
    }
    if (strcmp(operation, "verify_webhook") == 0) {
        leeway = strstr(text, "\"leeway_seconds\":");
        snprintf(reply, sizeof reply, "{\"valid\":%s,\"reason\":\"%s\",\"leeway\":%d,\"had_body\":%s,\"payload\":null}",
                 strstr(text, "\"token\":\"genuine\"") ? "true" : "false",
                 strstr(text, "\"token\":\"genuine\"") ? "" : "unknown token",
                 leeway ? (int)strtol(leeway + strlen("\"leeway_seconds\":"), NULL, 10) : -1,
                 strstr(text, "\"body\":") ? "true" : "false");
        return write_text(response, reply);
    }
    if (strcmp(operation, "download_media") == 0) {
        if (output != NULL && output->write(output, text, request_len) != 0) return PB_ERR_TOO_LARGE;
        return write_text(response, "{\"content_type\":\"application/json\"}");
    }
    if (strcmp(operation, "store") == 0 || strcmp(operation, "find") == 0) {
        const char *name = strstr(text, "\"name\":\"");
        const long number = name ? strtol(name + strlen("\"name\":\""), NULL, 10) : -1;
        if (strcmp(operation, "store") == 0)
            snprintf(reply, sizeof reply, "{\"id\":\"stored-%ld\"}", number);
        else if (number >= 0 && number % 2 == 0)
            snprintf(reply, sizeof reply, "{\"exists\":true,\"where\":\"found-%ld\"}", number);
        else
            snprintf(reply, sizeof reply, "{\"exists\":false}");
        return write_text(response, reply);
    }
    error->code = PB_ERR_UNSUPPORTED;
    strcpy(error->message, "unknown operation");
    return PB_ERR_UNSUPPORTED;
}

static const pb_plugin_descriptor descriptor = {
    PB_PLUGIN_MAGIC, 1, 0, sizeof(pb_plugin_descriptor),
    "abi_1_0", "ABI 1.0 fixture", "1.0.0", manifest,
    fixture_create, fixture_destroy, fixture_invoke, NULL};

PB_EXPORT const pb_plugin_descriptor *photobridge_plugin_entry(uint16_t major, uint16_t minor) {
    (void)minor; /* a 1.0 plugin runs on every 1.x host */
    return major == 1 ? &descriptor : NULL;
}
