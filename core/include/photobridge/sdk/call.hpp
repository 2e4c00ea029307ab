// What an operation handler gets and returns (sdk::Call, sdk::Result).
#pragma once

#include <photobridge/sdk/host.hpp>

#include <boost/json.hpp>

#include <string>
#include <string_view>

namespace photobridge::sdk {

class Manifest;

// One operation call, as a handler sees it. Everything is borrowed for the
// duration of the handler.
struct Call {
    const boost::json::object& input;  // validated against the manifest, defaults applied
    std::string_view bytes;            // input bytes (e.g. the file to upload)
    const Host& host;
    const Manifest* manifest = nullptr;  // the plugin's own manifest; never null from the SDK
    // Where the operation's output bytes go. A handler may write them here
    // itself as they arrive (download_media passes a photo through this
    // way) and return no bytes in its Result; null outside an invoke.
    pb_sink* output = nullptr;
};

// What an operation returns: JSON, and optionally bytes.
struct Result {
    boost::json::value json = boost::json::object();
    std::string bytes;
};

}  // namespace photobridge::sdk
