#include "host/plugin_extensions.hpp"

#include <array>
#include <cstddef>
#include <utility>

namespace photobridge::host {
namespace {

// The shortest table of version 1 of each extension: every field of /1.
constexpr std::size_t kWebhookVerifierV1Size = offsetof(pb_ext_webhook_verifier, verify) + sizeof(void*);
constexpr std::size_t kMediaDownloadV1Size = offsetof(pb_ext_media_download, download) + sizeof(void*);
constexpr std::size_t kSinkLookupV1Size = offsetof(pb_ext_sink_lookup, find) + sizeof(void*);
constexpr std::size_t kStepCheckV1Size = offsetof(pb_ext_step_check, check) + sizeof(void*);
constexpr std::size_t kPluginFactoryV1Size = offsetof(pb_ext_plugin_factory, validate) + sizeof(void*);

// The extensions this host offers to plugins, by id. Empty in 1.2: an id
// gets an entry here together with its header under photobridge/ext/.
constexpr std::array<std::pair<std::string_view, const void*>, 0> kHostExtensions{};

bool offers_get_extension(const pb_plugin_descriptor& d) {
    return d.struct_size >= offsetof(pb_plugin_descriptor, get_extension) + sizeof(void*) && d.get_extension != nullptr;
}

std::string too_short(const char* id, std::size_t size, std::size_t needed) {
    std::string out("extension ");
    out += id;
    out += ": struct_size ";
    out += std::to_string(size);
    out += " is too short (at least ";
    out += std::to_string(needed);
    out += " expected)";
    return out;
}

std::string null_member(const char* id, const char* member) {
    std::string out("extension ");
    out += id;
    out += ": ";
    out += member;
    out += " is missing";
    return out;
}

}  // namespace

std::variant<PluginExtensions, std::string> find_extensions(const pb_plugin_descriptor& d) noexcept {
    try {
        PluginExtensions found;
        if (!offers_get_extension(d)) return found;
        if (const auto* v = static_cast<const pb_ext_webhook_verifier*>(d.get_extension(PB_EXT_WEBHOOK_VERIFIER))) {
            if (v->struct_size < kWebhookVerifierV1Size)
                return too_short(PB_EXT_WEBHOOK_VERIFIER, v->struct_size, kWebhookVerifierV1Size);
            if (v->verify == nullptr) return null_member(PB_EXT_WEBHOOK_VERIFIER, "verify");
            if (v->token_header == nullptr || *v->token_header == '\0')
                return null_member(PB_EXT_WEBHOOK_VERIFIER, "token_header");
            found.webhook_verifier = v;
        }
        if (const auto* m = static_cast<const pb_ext_media_download*>(d.get_extension(PB_EXT_MEDIA_DOWNLOAD))) {
            if (m->struct_size < kMediaDownloadV1Size)
                return too_short(PB_EXT_MEDIA_DOWNLOAD, m->struct_size, kMediaDownloadV1Size);
            if (m->download == nullptr) return null_member(PB_EXT_MEDIA_DOWNLOAD, "download");
            found.media_download = m;
        }
        if (const auto* l = static_cast<const pb_ext_sink_lookup*>(d.get_extension(PB_EXT_SINK_LOOKUP))) {
            if (l->struct_size < kSinkLookupV1Size) return too_short(PB_EXT_SINK_LOOKUP, l->struct_size, kSinkLookupV1Size);
            if (l->can_find == nullptr) return null_member(PB_EXT_SINK_LOOKUP, "can_find");
            if (l->find == nullptr) return null_member(PB_EXT_SINK_LOOKUP, "find");
            found.sink_lookup = l;
        }
        if (const auto* c = static_cast<const pb_ext_step_check*>(d.get_extension(PB_EXT_STEP_CHECK))) {
            if (c->struct_size < kStepCheckV1Size) return too_short(PB_EXT_STEP_CHECK, c->struct_size, kStepCheckV1Size);
            if (c->check == nullptr) return null_member(PB_EXT_STEP_CHECK, "check");
            found.step_check = c;
        }
        if (const auto* f = static_cast<const pb_ext_plugin_factory*>(d.get_extension(PB_EXT_PLUGIN_FACTORY))) {
            if (f->struct_size < kPluginFactoryV1Size)
                return too_short(PB_EXT_PLUGIN_FACTORY, f->struct_size, kPluginFactoryV1Size);
            if (f->file_suffix == nullptr || *f->file_suffix == '\0') return null_member(PB_EXT_PLUGIN_FACTORY, "file_suffix");
            if (f->open == nullptr) return null_member(PB_EXT_PLUGIN_FACTORY, "open");
            if (f->create == nullptr) return null_member(PB_EXT_PLUGIN_FACTORY, "create");
            if (f->validate == nullptr) return null_member(PB_EXT_PLUGIN_FACTORY, "validate");
            found.plugin_factory = f;
        }
        return found;
    } catch (...) {
        return std::string("extensions: cannot be read (out of memory)");
    }
}

const void* host_extension(std::string_view id) noexcept {
    for (const auto& [known, table] : kHostExtensions)
        if (known == id) return table;
    return nullptr;
}

}  // namespace photobridge::host
