// The photobridge plugin SDK: a header-only C++ layer over plugin.h.
//
//   #include <photobridge/sdk.hpp>
//   class Hello : public photobridge::sdk::Plugin { ... };
//   PHOTOBRIDGE_PLUGIN(Hello, "hello", "Hello", "1.0.0", kManifest)
//
// See sdk-docs/writing-a-plugin.md for the tutorial and sdk-docs/abi.md for
// the contract underneath.
#pragma once

#include <photobridge/plugin.h>
#include <photobridge/sdk/api_client.hpp>
#include <photobridge/sdk/auth.hpp>
#include <photobridge/sdk/body_cursor.hpp>
#include <photobridge/sdk/error.hpp>
#include <photobridge/sdk/error_bodies.hpp>
#include <photobridge/sdk/host.hpp>
#include <photobridge/sdk/json_access.hpp>
#include <photobridge/sdk/link_header.hpp>
#include <photobridge/sdk/manifest.hpp>
#include <photobridge/sdk/media_download.hpp>
#include <photobridge/sdk/multipart.hpp>
#include <photobridge/sdk/origin.hpp>
#include <photobridge/sdk/page_number.hpp>
#include <photobridge/sdk/page_progress.hpp>
#include <photobridge/sdk/paging.hpp>
#include <photobridge/sdk/plugin.hpp>
#include <photobridge/sdk/records.hpp>
#include <photobridge/sdk/response_classifier.hpp>
#include <photobridge/sdk/retry_time.hpp>
#include <photobridge/sdk/schema.hpp>
#include <photobridge/sdk/sinks.hpp>
#include <photobridge/sdk/url.hpp>
