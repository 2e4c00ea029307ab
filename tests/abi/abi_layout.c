/* Compiled as C11 and C17 with -pedantic -Werror: proves plugin.h and the
 * extension headers are plain C and reports the layout each compiler sees,
 * for abi_layout_test.cpp. */
#include <photobridge/ext/media_download.h>
#include <photobridge/ext/plugin_factory.h>
#include <photobridge/ext/sink_lookup.h>
#include <photobridge/ext/step_check.h>
#include <photobridge/ext/webhook_verifier.h>
#include <photobridge/plugin.h>

void ABI_LAYOUT_FN(size_t out[27]);
void ABI_LAYOUT_FN(size_t out[27]) {
    out[0] = sizeof(pb_error);
    out[1] = offsetof(pb_error, message);
    out[2] = sizeof(pb_sink);
    out[3] = sizeof(pb_bytes);
    out[4] = sizeof(pb_header_sink);
    out[5] = sizeof(pb_http_request);
    out[6] = offsetof(pb_http_request, timeout_ms);
    out[7] = sizeof(pb_http_response);
    out[8] = sizeof(pb_host);
    out[9] = offsetof(pb_host, get_extension);
    out[10] = sizeof(pb_plugin_descriptor);
    out[11] = offsetof(pb_plugin_descriptor, invoke);
    out[12] = sizeof(pb_ext_webhook_verifier);
    out[13] = offsetof(pb_ext_webhook_verifier, verify);
    out[14] = sizeof(pb_ext_media_download);
    out[15] = offsetof(pb_ext_media_download, download);
    out[16] = sizeof(pb_ext_sink_lookup);
    out[17] = offsetof(pb_ext_sink_lookup, can_find);
    out[18] = offsetof(pb_ext_sink_lookup, find);
    out[19] = sizeof(pb_ext_step_check);
    out[20] = offsetof(pb_ext_step_check, check);
    out[21] = sizeof(pb_ext_plugin_factory);
    out[22] = offsetof(pb_ext_plugin_factory, open);
    out[23] = offsetof(pb_ext_plugin_factory, create);
    out[24] = offsetof(pb_ext_plugin_factory, validate);
    out[25] = offsetof(pb_http_request, body_pieces);
    out[26] = offsetof(pb_http_request, body_piece_count);
}
