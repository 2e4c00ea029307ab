// `photobridge test-read PLUGIN STREAM`: reads a stream page by page the way
// a run would, and shows for each page the requests the plugin sent
// (redacted), their statuses, the number of records, the first record as
// the plugin mapped it and the next cursor. It stops at the end of the
// stream, after --pages pages, or where the next page would not advance
// (the engine's own SourcePassGuard decides, so test-read and run agree).
// Works for every plugin: it only calls the stream through the C ABI.
#include "cli/command.hpp"
#include "cli/command_inputs.hpp"
#include "cli/exit_codes.hpp"
#include "cli/plugin_call_errors.hpp"
#include "cli/plugin_loading.hpp"
#include "common/json_pretty.hpp"
#include "engine/source_pass_guard.hpp"
#include "host/plugin_instance.hpp"
#include "host/stream_pages.hpp"

#include <photobridge/sdk/error.hpp>

#include <boost/json.hpp>

#include <iostream>
#include <mutex>
#include <sstream>
#include <vector>

namespace photobridge::cli {
namespace {

// The requests of the page being read. A plugin may send them from its
// calling thread only, but the listener contract allows any thread.
class ExchangeLog {
public:
    void add(const host::HttpExchange& exchange) {
        std::lock_guard lock(mutex_);
        exchanges_.push_back(exchange);
    }
    std::vector<host::HttpExchange> take() {
        std::lock_guard lock(mutex_);
        return std::exchange(exchanges_, {});
    }

private:
    std::mutex mutex_;
    std::vector<host::HttpExchange> exchanges_;
};

std::string record_identity(const boost::json::value& record) {
    if (const auto* object = record.if_object())
        if (const auto* id = object->if_contains("id"); id != nullptr && !id->is_null())
            return id->is_string() ? std::string(id->get_string()) : boost::json::serialize(*id);
    return boost::json::serialize(record);
}

// The record as shown: without "raw" unless asked for (the provider's JSON
// is often larger than the mapping being checked).
boost::json::value shown_record(const boost::json::value& record, bool with_raw) {
    if (with_raw || !record.is_object() || !record.get_object().contains("raw")) return record;
    boost::json::object copy = record.get_object();
    copy.erase("raw");
    return copy;
}

std::string exchange_line(const host::HttpExchange& e) {
    std::string line = e.method + " " + e.url;
    for (const auto& [name, value] : e.headers) line += "\n      " + name + ": " + value;
    if (e.body_bytes > 0) line += "\n      (body: " + std::to_string(e.body_bytes) + " bytes)";
    line += "\n    -> ";
    line += e.http_status != 0 ? "HTTP " + std::to_string(e.http_status)
                               : std::string(sdk::status_name(e.transport_status)) + " (no response)";
    line += " in " + std::to_string(e.elapsed.count()) + " ms";
    return line;
}

boost::json::object exchange_json(const host::HttpExchange& e) {
    boost::json::object headers;
    for (const auto& [name, value] : e.headers) headers[name] = value;
    boost::json::object out{{"method", e.method}, {"url", e.url}, {"headers", std::move(headers)},
                            {"body_bytes", e.body_bytes}, {"elapsed_ms", e.elapsed.count()}};
    if (e.http_status != 0) out["status"] = e.http_status;
    else out["transport_error"] = sdk::status_name(e.transport_status);
    return out;
}

std::string cursor_text(const std::optional<std::string>& cursor) {
    return cursor ? boost::json::serialize(boost::json::value(*cursor)) : "null";
}

int run_test_read(const GlobalOptions& globals, const TestReadOptions& o) {
    ExchangeLog exchanges;
    // Prints what the failed page sent before the failure itself.
    const auto print_failed_page_requests = [&](std::int64_t page, const std::optional<std::string>& at) {
        const auto sent = exchanges.take();
        if (o.json) {
            boost::json::array requests;
            for (const auto& e : sent) requests.push_back(exchange_json(e));
            std::cout << boost::json::serialize(boost::json::object{
                             {"page", page}, {"cursor", at ? boost::json::value(*at) : boost::json::value()},
                             {"requests", std::move(requests)}})
                      << "\n";
        } else {
            std::cout << "page " << page << " (cursor " << cursor_text(at) << ")\n";
            for (const auto& e : sent) std::cout << "  " << exchange_line(e) << "\n";
        }
    };
    std::int64_t page_number = 0;
    std::optional<std::string> cursor;
    try {
        const host::PluginRegistry registry = load_registry(globals);
        const auto plugin = registry.find(o.plugin);
        if (!plugin) throw UsageError("no plugin with id '" + o.plugin + "' (see `photobridge plugins`)");
        const sdk::Manifest& manifest = *plugin->manifest;
        if (!manifest.stream(o.stream)) {
            std::string known;
            if (const auto* streams = manifest.section("streams"))
                for (const auto& [name, _] : *streams) known += (known.empty() ? "" : ", ") + std::string(name);
            throw UsageError(o.plugin + " has no stream '" + o.stream + "' (streams: " +
                             (known.empty() ? "none" : known) + ")");
        }
        const boost::json::object config = connection_config(manifest, o.config_file, o.sets);
        const boost::json::object params = json_object_argument(o.params, "--params");
        if (!o.cursor.empty()) cursor = o.cursor;
        std::optional<std::int64_t> page_size;
        if (o.page_size > 0) page_size = o.page_size;

        host::InstanceOptions instance_options;
        instance_options.on_http_exchange = [&exchanges](const host::HttpExchange& e) { exchanges.add(e); };
        instance_options.isolation = isolation_from_option(o.isolation);
        const host::PluginInstance instance(plugin, config, std::move(instance_options));
        // One page of records already read is enough to call it a loop here:
        // test-read is for finding such a provider, not for riding it out.
        engine::SourcePassGuard guard({/*max_repeat_pages=*/1, o.pages}, cursor);

        if (!o.json)
            std::cout << "test-read " << o.plugin << "." << o.stream << ", params " << boost::json::serialize(params)
                      << ", at most " << o.pages << " page" << (o.pages == 1 ? "" : "s") << "\n";
        std::int64_t records_read = 0;
        std::string end;
        int exit_code = kExitOk;
        for (;;) {
            ++page_number;
            host::StreamPage page = host::read_page(instance, o.stream, params, cursor, page_size);
            const auto sent = exchanges.take();
            records_read += static_cast<std::int64_t>(page.records.size());
            std::vector<std::string> keys;
            keys.reserve(page.records.size());
            for (const auto& record : page.records) keys.push_back(record_identity(record));
            const engine::SourcePassGuard::Decision decision = guard.after_page(keys, page.next_cursor, page.total);
            const std::string total_warning = guard.take_total_warning();

            if (o.json) {
                boost::json::array requests;
                for (const auto& e : sent) requests.push_back(exchange_json(e));
                boost::json::object line{{"page", page_number},
                                         {"cursor", cursor ? boost::json::value(*cursor) : boost::json::value()},
                                         {"requests", std::move(requests)},
                                         {"records", page.records.size()},
                                         {"next_cursor", page.next_cursor ? boost::json::value(*page.next_cursor)
                                                                          : boost::json::value()}};
                if (page.total) line["total"] = *page.total;
                if (!page.records.empty()) line["first_record"] = shown_record(page.records.front(), o.raw);
                if (!total_warning.empty()) line["warning"] = total_warning;
                std::cout << boost::json::serialize(line) << "\n";
            } else {
                std::cout << "page " << page_number << " (cursor " << cursor_text(cursor) << ")\n";
                for (const auto& e : sent) std::cout << "  " << exchange_line(e) << "\n";
                std::cout << "  records: " << page.records.size();
                if (page.total) std::cout << " (total " << *page.total << ")";
                std::cout << "\n";
                if (!page.records.empty()) {
                    std::string first = common::pretty_json(shown_record(page.records.front(), o.raw));
                    while (!first.empty() && first.back() == '\n') first.pop_back();
                    std::string indented = "  first record:\n    ";
                    for (char c : first) indented += c == '\n' ? std::string("\n    ") : std::string(1, c);
                    std::cout << indented << "\n";
                }
                std::cout << "  next cursor: " << cursor_text(page.next_cursor) << "\n";
                if (!total_warning.empty()) std::cout << "  warning: " << total_warning << "\n";
            }

            if (decision.verdict == engine::SourcePassGuard::Verdict::loop) {
                end = "stopped: the next page would not advance: " + decision.reason;
                exit_code = kExitFailure;
                break;
            }
            if (!page.next_cursor) {
                end = "end of the stream";
                break;
            }
            if (decision.verdict == engine::SourcePassGuard::Verdict::max_pages) {
                end = "stopped after --pages " + std::to_string(o.pages) + "; the stream goes on at cursor " +
                      cursor_text(page.next_cursor);
                break;
            }
            cursor = page.next_cursor;
        }
        if (o.json)
            std::cout << boost::json::serialize(boost::json::object{
                             {"end", end}, {"pages", page_number}, {"records", records_read}})
                      << "\n";
        else
            std::cout << end << " (" << page_number << " page" << (page_number == 1 ? "" : "s") << ", "
                      << records_read << " record" << (records_read == 1 ? "" : "s") << ")\n";
        return exit_code;
    } catch (const UsageError& e) {
        std::cerr << "photobridge: error: " << e.what() << "\n";
        return kExitUsage;
    } catch (const host::InvokeError& e) {
        if (page_number > 0) print_failed_page_requests(page_number, cursor);
        return report_plugin_call_error(
            o.plugin + "." + o.stream + (page_number > 0 ? " page " + std::to_string(page_number) : std::string()), e);
    }
}

}  // namespace

int run_test_read_command(const GlobalOptions& globals, const TestReadOptions& options) {
    return run_test_read(with_plugin_dirs(globals, options.plugin_dirs), options);
}

}  // namespace photobridge::cli
