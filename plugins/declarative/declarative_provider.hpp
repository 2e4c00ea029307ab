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

    // The sink-lookup extension, for operations with a `lookup`: one page
    // of the lookup's stream per call, read with the write's input as the
    // stream's parameters.
    bool can_find_write(std::string_view action, const boost::json::object& input) const;
    sdk::FoundWrite find_write(std::string_view action, const sdk::LookupCall& call) const;

private:
    sdk::Page read_page(const StreamSpec& stream, const sdk::StreamCall& call) const;
    sdk::Result invoke(const OperationSpec& op, const sdk::Call& call) const;
    // The request an operation sends, answered (status < 400, else thrown).
    sdk::HttpResponse send(const OperationSpec& op, const sdk::Call& call, const std::string& where) const;
    // `find`: walks the stream until a record matches.
    sdk::Result find_record(const OperationSpec& op, const sdk::Call& call) const;
    // One page of `stream` read for an operation (find, lookup): its
    // parameters from `input`, at the stream's largest page size.
    sdk::Page page_for(const StreamSpec& stream, const boost::json::object& input, std::optional<std::string> cursor,
                       const sdk::Host& host) const;
    // A template's text with {params.X} / {input.X} (from `values`) and
    // {config.K} filled in; nullopt when a placeholder has no value.
    std::optional<std::string> render(const Template& t, const boost::json::object& values) const;
    // The path's segments and the query parameters that have a value, rendered.
    struct RenderedRequest {
        std::vector<std::string> segments;
        sdk::Query query;
    };
    RenderedRequest rendered(const std::vector<Template>& path, const std::vector<std::pair<std::string, Template>>& query,
                             const boost::json::object& values, const std::string& where) const;
    const OperationSpec* operation_named(std::string_view name) const;

    std::shared_ptr<const ProviderDefinition> definition_;
    boost::json::object config_;
    sdk::ApiClient client_;
};

}  // namespace photobridge::plugins::declarative
