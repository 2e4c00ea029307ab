/*
 * photobridge plugin ABI, version 1.3.
 *
 * This header is the whole contract between the photobridge host and a
 * provider plugin. It is plain C (C99 subset) so that any compiler and any
 * language with a C FFI can implement a plugin; the C++ SDK in sdk.hpp wraps
 * it. Nothing C++ crosses this boundary: only C strings, byte buffers, and
 * function pointers.
 *
 * Conventions used in the comments below (after CLAP's headers):
 *   [any-thread]    may be called from any thread, concurrently.
 *   [create-thread] called on the thread that created the instance.
 *   [in-invoke]     may only be called while an invoke() that received the
 *                   same host table is running, on that invoke's thread.
 *   borrowed        the pointer is owned by the caller and valid only for
 *                   the duration of the call; copy what you keep.
 *   static          valid for as long as the shared library stays loaded.
 *
 * Memory: no allocation is ever freed by the other side. Output travels
 * through sinks (pb_sink) that the receiver owns and passes in; fixed-size
 * structs (pb_error) are owned by the caller and filled by the callee.
 *
 * Versioning:
 *   - The major version changes only when an existing field or function
 *     changes meaning; host and plugin must agree on it exactly.
 *   - A minor version appends fields to the END of a struct or table. Every
 *     such struct begins with (or carries) struct_size, so a reader checks
 *     struct_size before touching a field added in a later minor.
 *   - A plugin built for minor M loads in any host with minor >= M.
 *     A newer plugin that needs minor M+1 returns NULL from its entry
 *     function when told the host only has M.
 *   - Optional features are extensions, looked up by string id
 *     (pb_host.get_extension / pb_plugin_descriptor.get_extension). Each
 *     extension has its own header under photobridge/ext/, an id ending in
 *     "/<version>" and a table that starts with struct_size. A changed
 *     meaning gets a new id ("/2"); a table grows only at its end.
 *
 * History:
 *   1.0  the tables below.
 *   1.1  no layout change; the extensions of photobridge/ext/ (webhook
 *        verifier, media download). A 1.1 host still loads every 1.0
 *        plugin and falls back to 1.0's operation conventions for them.
 *   1.2  no layout change; the extensions step-check and plugin-factory.
 *   1.3  pb_http_request gains body_pieces / body_piece_count at its end: a
 *        request body sent in borrowed pieces, so a photo goes into a
 *        multipart upload without being copied into one buffer. A plugin
 *        sets them only when the host's abi_minor is 3 or more (an older
 *        host reads struct_size up to timeout_ms and would send `body` alone).
 *        pb_sink gains `reserve`, a size hint. The host delivers a
 *        response's status and headers before its body.
 */
#ifndef PHOTOBRIDGE_PLUGIN_H
#define PHOTOBRIDGE_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PB_ABI_MAJOR 1
#define PB_ABI_MINOR 3

/* "PBPL" in ASCII; the first field of every plugin descriptor. */
#define PB_PLUGIN_MAGIC 0x5042504Cu

/* The one symbol a plugin exports (C linkage, default visibility). */
#define PB_ENTRY_SYMBOL "photobridge_plugin_entry"

#if defined(_WIN32)
#define PB_EXPORT __declspec(dllexport)
#else
#define PB_EXPORT __attribute__((visibility("default")))
#endif

/* Status codes: the result of invoke(), create() and host HTTP calls. */
typedef enum pb_status {
    PB_OK = 0,
    PB_ERR_INVALID_ARGUMENT = 1, /* the request or config is wrong (caller's fault) */
    PB_ERR_UNSUPPORTED = 2,      /* unknown operation or stream */
    PB_ERR_UNAUTHORIZED = 3,     /* provider said 401 */
    PB_ERR_FORBIDDEN = 4,        /* provider said 403 (scope, lock, ownership) */
    PB_ERR_NOT_FOUND = 5,        /* provider said 404 */
    PB_ERR_CONFLICT = 6,         /* provider said 409/422: validation, limits, duplicates */
    PB_ERR_TOO_LARGE = 7,        /* a body over a documented or configured limit */
    PB_ERR_RATE_LIMITED = 8,     /* provider said 429 (retryable) */
    PB_ERR_UNAVAILABLE = 9,      /* provider said 5xx (retryable) */
    PB_ERR_TIMEOUT = 10,         /* connect or read timeout (retryable) */
    PB_ERR_NETWORK = 11,         /* connection refused or reset (retryable) */
    PB_ERR_CANCELLED = 12,       /* the host asked to stop */
    PB_ERR_PROTOCOL = 13,        /* the provider answered something malformed */
    PB_ERR_INTERNAL = 14         /* a bug or an exception inside the plugin or host */
} pb_status;

#define PB_ERROR_MESSAGE_CAPACITY 1024
#define PB_ERROR_CODE_CAPACITY 64

/*
 * An error report. Owned by the caller, who zero-fills it and sets
 * struct_size; the callee fills it when it returns a status other than
 * PB_OK. Strings are always NUL-terminated; a message longer than the
 * buffer is cut and `truncated` set to 1. A callee never writes past
 * PB_ERROR_MESSAGE_CAPACITY bytes.
 */
typedef struct pb_error {
    size_t struct_size;     /* sizeof(pb_error) as the caller knows it */
    int32_t code;           /* a pb_status */
    int32_t http_status;    /* the provider's HTTP status, 0 when none */
    uint32_t retry_after_ms; /* from Retry-After when the provider sent it, else 0 */
    uint32_t truncated;     /* 1 when message was cut to fit */
    char provider_code[PB_ERROR_CODE_CAPACITY]; /* provider's own error code, "" when none */
    char message[PB_ERROR_MESSAGE_CAPACITY];    /* human-readable, never holds secrets */
} pb_error;

/*
 * A byte sink owned by the receiver of some output. The producer calls
 * write() zero or more times; the bytes are appended in order.
 * write() returns 0 on success, non-zero when the sink refuses more data
 * (for instance a size limit); the producer then stops and fails with
 * PB_ERR_TOO_LARGE.
 * [any-thread] but never concurrently on the same sink; `data` is borrowed.
 */
typedef struct pb_sink {
    size_t struct_size;
    void *ctx; /* owned by the sink's owner, opaque to the producer */
    int (*write)(struct pb_sink *sink, const void *data, size_t size);
    /* Since 1.3, present when struct_size covers it, may be NULL: a hint
     * that about `total` bytes in all are coming (a Content-Length), so the
     * owner can make room once instead of growing piece by piece. It never
     * refuses; write() still decides. */
    void (*reserve)(struct pb_sink *sink, size_t total);
} pb_sink;

/* A borrowed byte range. */
typedef struct pb_bytes {
    const uint8_t *data; /* may be NULL when size == 0 */
    size_t size;
} pb_bytes;

/* A borrowed HTTP header; both strings NUL-terminated. */
typedef struct pb_header {
    const char *name;
    const char *value;
} pb_header;

/*
 * Receives response headers one by one, in arrival order.
 * [in-invoke]; name/value borrowed, not NUL-terminated: use the lengths.
 */
typedef struct pb_header_sink {
    size_t struct_size;
    void *ctx;
    void (*add)(struct pb_header_sink *sink, const char *name, size_t name_len,
                const char *value, size_t value_len);
} pb_header_sink;

/* An outgoing HTTP request; everything in it is borrowed for the call. */
typedef struct pb_http_request {
    size_t struct_size;
    const char *method;        /* "GET", "POST", "PUT", "PATCH", "DELETE" */
    const char *url;           /* absolute http:// or https:// URL, already encoded */
    const pb_header *headers;  /* may be NULL when header_count == 0 */
    size_t header_count;
    pb_bytes body;             /* empty for no body */
    uint32_t timeout_ms;       /* whole-request budget; 0 = the host's default */
    /* Since 1.3, read by the host only when struct_size covers them: more
     * of the body, sent in order after `body` (body_piece_count ranges; NULL
     * when the count is 0). Content-Length is the sum of every range. */
    const pb_bytes *body_pieces;
    size_t body_piece_count;
} pb_http_request;

/*
 * Where the host puts an HTTP response. Owned by the plugin. The host sets
 * `status`, calls headers->add for each header (headers may be NULL) and
 * writes the body into `body` (may be NULL to discard it).
 * A 1.3 host sets `status` and delivers every header before it writes the
 * first byte of the body, so a plugin may size its body buffer from
 * Content-Length (the C++ SDK does); earlier hosts delivered them after the
 * body. When the call then fails (a timeout half-way through the body), the
 * return code decides, whatever was delivered.
 */
typedef struct pb_http_response {
    size_t struct_size;
    int32_t status;           /* set by the host: the HTTP status code */
    pb_header_sink *headers;  /* owned by the plugin, may be NULL */
    pb_sink *body;            /* owned by the plugin, may be NULL */
} pb_http_response;

typedef enum pb_log_level {
    PB_LOG_DEBUG = 0,
    PB_LOG_INFO = 1,
    PB_LOG_WARN = 2,
    PB_LOG_ERROR = 3
} pb_log_level;

/*
 * The host's services, handed to the plugin in create(). The table and
 * everything it points to are owned by the host and stay valid until
 * destroy() of the instance that received it returns. Append-only: check
 * struct_size before using a function added in a later minor version.
 */
typedef struct pb_host {
    size_t struct_size;
    uint16_t abi_major;
    uint16_t abi_minor;
    void *host_data; /* owned by the host; pass the table back unchanged */

    /* Writes one log line. The host redacts configured secrets from it.
     * [any-thread]; message borrowed, NUL-terminated. */
    void (*log)(const struct pb_host *host, int32_t level, const char *message);

    /* Performs one HTTP request and blocks until the response has been
     * received in full, the timeout elapsed or the host cancelled it.
     * Returns PB_OK when a response arrived, whatever its status (a 404 is
     * PB_OK here: the plugin interprets statuses). Otherwise returns
     * PB_ERR_TIMEOUT, PB_ERR_NETWORK, PB_ERR_CANCELLED, PB_ERR_TOO_LARGE
     * (response over the host's size limit) or PB_ERR_INVALID_ARGUMENT
     * (bad URL) and fills `error`.
     * Connection reuse, TLS verification, rate limits and the request
     * journal are the host's business. The host retries nothing itself:
     * retry policy belongs to the caller of invoke().
     * [any-thread] (typically from inside invoke); all pointers borrowed. */
    int32_t (*http)(const struct pb_host *host, const pb_http_request *request,
                    pb_http_response *response, pb_error *error);

    /* Returns 1 when the host wants the current work to stop as soon as
     * possible (the plugin then returns PB_ERR_CANCELLED), else 0.
     * [any-thread], cheap enough to call in a loop. */
    int32_t (*is_cancelled)(const struct pb_host *host);

    /* Returns the host extension with this id, or NULL when the host does
     * not offer it (an unknown id, or a version of it the host lacks). The
     * returned table is static for the host's lifetime. The photobridge
     * host 1.1 offers no host extension yet: every id gives NULL.
     * [any-thread]; id borrowed, NUL-terminated. */
    const void *(*get_extension)(const struct pb_host *host, const char *id);
} pb_host;

/* Opaque plugin instance, created and destroyed only by the plugin. */
typedef struct pb_instance pb_instance;

/*
 * What a plugin is. Returned by the entry function; static (it lives as long
 * as the library stays loaded) and never written by the host.
 */
typedef struct pb_plugin_descriptor {
    uint32_t magic;        /* PB_PLUGIN_MAGIC */
    uint16_t abi_major;    /* PB_ABI_MAJOR the plugin was built against */
    uint16_t abi_minor;    /* the lowest host minor the plugin needs */
    size_t struct_size;    /* sizeof(pb_plugin_descriptor) at build time */

    const char *id;        /* static; [a-z0-9_]+, unique among loaded plugins */
    const char *name;      /* static; human-readable */
    const char *version;   /* static; semantic version of the plugin */

    /* static; JSON text describing config keys, streams, operations and
     * documented errors. Its format is in sdk-docs/abi.md ("Manifest"). */
    const char *manifest_json;

    /* Creates an instance from its configuration (a JSON object, borrowed,
     * `config_len` bytes, not necessarily NUL-terminated). `host` is owned
     * by the host and valid until destroy() returns. Returns NULL and fills
     * `error` on failure.
     * [any-thread], but never concurrently with destroy() of the same
     * instance. */
    pb_instance *(*create)(const pb_host *host, const char *config_json,
                           size_t config_len, pb_error *error);

    /* Destroys an instance. No invoke() on it is running or will start.
     * [any-thread]. */
    void (*destroy)(pb_instance *instance);

    /* Runs one operation, or reads one page of a stream (streams and
     * operations share one name space; see the manifest).
     *   operation     NUL-terminated name, borrowed.
     *   request_json  a JSON object, `request_len` bytes, borrowed.
     *   input         input bytes (e.g. a file to upload), borrowed.
     *   response_json receives the JSON result text; owned by the caller.
     *   output        receives output bytes (e.g. a download); owned by the
     *                 caller; may be NULL when the caller wants none.
     *   error         owned by the caller; filled when the result != PB_OK.
     * Returns a pb_status. On failure, whatever was written to the sinks is
     * to be discarded by the caller.
     * [any-thread]: the host may call invoke on the same instance from
     * several threads at once; a plugin must be safe for that. */
    int32_t (*invoke)(pb_instance *instance, const char *operation,
                      const char *request_json, size_t request_len,
                      pb_bytes input, pb_sink *response_json, pb_sink *output,
                      pb_error *error);

    /* Returns the plugin extension with this id (e.g.
     * PB_EXT_WEBHOOK_VERIFIER from photobridge/ext/webhook_verifier.h), or
     * NULL when the plugin does not offer it. The table is static and the
     * same for every call with the same id; its functions take the
     * pb_instance they act on. May itself be NULL (no extensions; every
     * 1.0 plugin). The host asks once per known id, at load, before any
     * create(). [any-thread]; id borrowed, NUL-terminated. */
    const void *(*get_extension)(const char *id);
} pb_plugin_descriptor;

/*
 * The entry function, exported as PB_ENTRY_SYMBOL. The host passes its own
 * ABI version; the plugin returns its static descriptor, or NULL when it
 * needs a newer host (different major, or a minor above host_minor).
 * [any-thread]; may be called more than once; must not allocate anything the
 * host has to free.
 */
typedef const pb_plugin_descriptor *(*pb_plugin_entry_fn)(uint16_t host_abi_major,
                                                          uint16_t host_abi_minor);

/* Layout checks: these sizes and offsets are the ABI. */
#if defined(__cplusplus) && __cplusplus >= 201103L
#define PB_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define PB_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#else
#define PB_STATIC_ASSERT_JOIN2(a, b) a##b
#define PB_STATIC_ASSERT_JOIN(a, b) PB_STATIC_ASSERT_JOIN2(a, b)
#define PB_STATIC_ASSERT(cond, msg) \
    typedef char PB_STATIC_ASSERT_JOIN(pb_static_assert_, __LINE__)[(cond) ? 1 : -1]
#endif

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
PB_STATIC_ASSERT(sizeof(pb_error) == 8 + 4 + 4 + 4 + 4 + PB_ERROR_CODE_CAPACITY + PB_ERROR_MESSAGE_CAPACITY,
                 "pb_error layout");
PB_STATIC_ASSERT(offsetof(pb_error, message) == 24 + PB_ERROR_CODE_CAPACITY, "pb_error.message offset");
PB_STATIC_ASSERT(sizeof(pb_sink) == 32, "pb_sink layout");
PB_STATIC_ASSERT(offsetof(pb_sink, reserve) == 24, "pb_sink.reserve offset");
PB_STATIC_ASSERT(sizeof(pb_bytes) == 16, "pb_bytes layout");
PB_STATIC_ASSERT(sizeof(pb_header) == 16, "pb_header layout");
PB_STATIC_ASSERT(sizeof(pb_header_sink) == 24, "pb_header_sink layout");
PB_STATIC_ASSERT(sizeof(pb_http_request) == 80, "pb_http_request layout");
PB_STATIC_ASSERT(offsetof(pb_http_request, timeout_ms) == 56, "pb_http_request.timeout_ms offset");
PB_STATIC_ASSERT(offsetof(pb_http_request, body_pieces) == 64, "pb_http_request.body_pieces offset");
PB_STATIC_ASSERT(sizeof(pb_http_response) == 32, "pb_http_response layout");
PB_STATIC_ASSERT(sizeof(pb_host) == 56, "pb_host layout");
PB_STATIC_ASSERT(offsetof(pb_host, get_extension) == 48, "pb_host.get_extension offset");
PB_STATIC_ASSERT(sizeof(pb_plugin_descriptor) == 80, "pb_plugin_descriptor layout");
PB_STATIC_ASSERT(offsetof(pb_plugin_descriptor, create) == 48, "pb_plugin_descriptor.create offset");
PB_STATIC_ASSERT(offsetof(pb_plugin_descriptor, get_extension) == 72,
                 "pb_plugin_descriptor.get_extension offset");
#endif

#ifdef __cplusplus
}
#endif

#endif /* PHOTOBRIDGE_PLUGIN_H */
