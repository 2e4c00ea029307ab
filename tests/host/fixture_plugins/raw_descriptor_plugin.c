/* A plugin written in plain C against plugin.h, compiled several times with
 * one FIXTURE_* define each to produce the broken descriptors the loader
 * must refuse (tests/host/loader_refusals_test.cpp). The FIXTURE_VALID
 * variant is a well-formed C plugin: proof that the ABI needs no C++. */
#include <photobridge/plugin.h>

#include <string.h>

#ifndef FIXTURE_NO_ENTRY

static pb_instance *fixture_create(const pb_host *host, const char *config, size_t len, pb_error *error) {
    static int token;
    (void)host; (void)config; (void)len; (void)error;
    return (pb_instance *)&token;
}

static void fixture_destroy(pb_instance *instance) { (void)instance; }

static int32_t fixture_invoke(pb_instance *instance, const char *operation, const char *request, size_t request_len,
                              pb_bytes input, pb_sink *response, pb_sink *output, pb_error *error) {
    static const char reply[] = "{\"language\":\"C\"}";
    (void)instance; (void)request; (void)request_len; (void)input; (void)output;
    if (strcmp(operation, "ping") != 0) {
        error->code = PB_ERR_UNSUPPORTED;
        strcpy(error->message, "only ping");
        return PB_ERR_UNSUPPORTED;
    }
    return response->write(response, reply, sizeof reply - 1) == 0 ? PB_OK : PB_ERR_TOO_LARGE;
}

static pb_plugin_descriptor descriptor = {
    PB_PLUGIN_MAGIC, PB_ABI_MAJOR, PB_ABI_MINOR, sizeof(pb_plugin_descriptor),
    FIXTURE_ID, "Fixture " FIXTURE_ID, "0.0.1", "{\"operations\":{\"ping\":{}}}",
    fixture_create, fixture_destroy, fixture_invoke, NULL};

PB_EXPORT const pb_plugin_descriptor *photobridge_plugin_entry(uint16_t major, uint16_t minor) {
    (void)major; (void)minor;
#if defined(FIXTURE_REFUSES_HOST)
    return descriptor.abi_major == major ? NULL : NULL; /* refuses every host */
#else
#if defined(FIXTURE_BAD_MAGIC)
    descriptor.magic = 0xDEADBEEFu;
#elif defined(FIXTURE_NEWER_MINOR)
    descriptor.abi_minor = PB_ABI_MINOR + 1;
#elif defined(FIXTURE_SHORT_STRUCT)
    descriptor.struct_size = 24;
#elif defined(FIXTURE_BAD_MANIFEST)
    descriptor.manifest_json = "{not json";
#endif
    return &descriptor;
#endif
}
#else
PB_EXPORT int not_a_plugin(void) { return 42; }
#endif
