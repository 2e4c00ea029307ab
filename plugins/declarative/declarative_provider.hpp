// The plugin a provider file defines, at run time: an SDK plugin whose
// streams read pages as the file says (URL, query, paging style, where the
// records are) and map each record to the canonical shape
// (record_mapping.hpp), with the SDK's client, auth, paging cursors, error
// reading and media download: the same code the C++ plugins use.
//
// Thread contract: after construction every member is read-only, so the
// host may invoke it from several threads at once.
#pragma once

#include "provider_definition.hpp"

#include <photobridge/sdk.hpp>

#include <memory>

namespace photobridge::plugins::declarative {

class DeclarativeProvider : public sdk::Plugin {
public:
    // `config` is validated against the derived manifest (defaults applied).
    // Throws INVALID_ARGUMENT for a config the client refuses (base_url).
    DeclarativeProvider(sdk::Host host, const boost::json::object& config,
                        std::shared_ptr<const ProviderDefinition> definition);

    // The media-download extension (and its 1.0 operation, download_media).
    sdk::Result download_media(const sdk::Call& call) const { return sdk::download_media(client_, call); }

private:
    sdk::Page read_page(const StreamSpec& stream, const sdk::StreamCall& call) const;
    // A template's text with {params.X} and {config.K} filled in; nullopt
    // when a placeholder has no value.
    std::optional<std::string> render(const Template& t, const boost::json::object& params) const;

    std::shared_ptr<const ProviderDefinition> definition_;
    boost::json::object config_;
    sdk::ApiClient client_;
};

}  // namespace photobridge::plugins::declarative
