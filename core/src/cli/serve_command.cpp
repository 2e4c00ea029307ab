// `photobridge serve DIR [--listen HOST:PORT] [--admin-listen HOST:PORT]
// [--max-connections N] [--max-connections-per-peer N] [--state PATH] [--plugin-dir DIR]`:
// loads every workflow in DIR and runs them by their [trigger] tables
// (webhooks at POST /hooks/<name>, schedules), with GET /healthz and GET
// /metrics, until SIGINT/SIGTERM. See sdk-docs/serve.md.
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/plugin_loading.hpp"
#include "cli/workflow_running.hpp"
#include "serve/open_file_limit.hpp"
#include "serve/serve_loop.hpp"

#include <boost/url/parse.hpp>

#include <charconv>
#include <iostream>
#include <string_view>
#include <memory>

namespace photobridge::cli {
namespace {

// "HOST:PORT" (an IPv6 host in brackets). False when it is not one.
bool parse_listen(const std::string& text, std::string& host, int& port) {
    auto authority = boost::urls::parse_authority(text);
    if (!authority || !authority->has_port() || authority->port().empty() || authority->has_userinfo()) return false;
    // port_number() wraps past 65535 instead of failing: range-check the text.
    const std::string_view port_text = authority->port();
    unsigned long port_value = 0;
    const auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port_value);
    if (error != std::errc() || end != port_text.data() + port_text.size() || port_value > 65535) return false;
    host = authority->host_type() == boost::urls::host_type::ipv6 ? authority->host_ipv6_address().to_string()
                                                                   : std::string(authority->host());
    if (host.empty()) return false;
    port = static_cast<int>(port_value);
    return true;
}

int run_serve(const GlobalOptions& globals, const ServeCommandOptions& o) {
    std::string host;
    int port = 0;
    if (!parse_listen(o.listen, host, port)) {
        std::cerr << "photobridge: error: --listen must be HOST:PORT (e.g. 127.0.0.1:8080; port 0 picks a free one), got '"
                  << o.listen << "'\n";
        return kExitUsage;
    }
    std::string admin_host;
    int admin_port = 0;
    if (!o.admin_listen.empty() && !parse_listen(o.admin_listen, admin_host, admin_port)) {
        std::cerr << "photobridge: error: --admin-listen must be HOST:PORT (e.g. 127.0.0.1:9090), got '" << o.admin_listen
                  << "'\n";
        return kExitUsage;
    }
    const GlobalOptions merged = with_plugin_dirs(globals, o.plugin_dirs);
    const host::PluginRegistry registry = load_registry(merged);

    serve::ServeOptions options;
    options.workflow_dir = o.dir;
    options.state_path = o.state_path;
    options.default_isolation = o.isolation == "process" ? model::Isolation::process : model::Isolation::in_process;
    options.host = host;
    options.port = port;
    if (!o.admin_listen.empty()) {
        options.admin_host = admin_host;
        options.admin_port = admin_port;
    }
    options.listener_limits.max_connections = o.max_connections;
    options.listener_limits.max_connections_per_peer = o.max_connections_per_peer;
    fit_connections_to_open_file_limit(options.listener_limits);
    options.event_claims.lease = std::chrono::seconds(o.claim_seconds);
    std::unique_ptr<serve::ServeService> service;
    try {
        service = std::make_unique<serve::ServeService>(options, registry);
    } catch (const serve::ServeSetupError& e) {
        for (const auto& line : e.lines()) std::cerr << line << "\n";
        std::cerr << "photobridge: " << o.dir << ": " << e.lines().size() << (e.lines().size() == 1 ? " error" : " errors")
                  << "; nothing is served\n";
        return kExitUsage;
    }
    return serve::serve_until_stopped(*service, std::cout);
}

}  // namespace

int run_serve_command(const GlobalOptions& globals, const ServeCommandOptions& options) {
    return run_serve(globals, options);
}

}  // namespace photobridge::cli
