// The files sink plugin: `write` puts a record's bytes into a local folder,
// the sink-lookup extension (and the `find` operation, for people) tells
// the engine whether an interrupted write happened. Built-in,
// but a plugin through the same ABI as every provider.
#include <photobridge/sdk.hpp>

#include "files_manifest_log.hpp"
#include "files_paths.hpp"
#include "files_storage.hpp"
#include "files_manifest.hpp"  // generated from manifest.json by photobridge_add_plugin

#include <filesystem>
#include <memory>
#include <string>

namespace photobridge::plugins::files {

namespace json = boost::json;
namespace fs = std::filesystem;

class FilesPlugin : public sdk::Plugin {
public:
    // Thread contract: handlers only read instance state, except the
    // manifest log, which serialises its own appends.
    FilesPlugin(sdk::Host host, const json::object& config)
        : sdk::Plugin(host),
          root_(std::string(config.at("dir").as_string())),
          sync_(config.at("fsync").as_bool()) {
        std::error_code ec;
        fs::create_directories(root_, ec);
        if (ec) throw sdk::invalid_argument("dir '" + root_.string() + "' cannot be created: " + ec.message());
        if (!fs::is_directory(root_, ec)) throw sdk::invalid_argument("dir '" + root_.string() + "' is not a folder");
        remove_orphaned_temporaries(root_);  // left by a process killed mid-write
        log_ = std::make_unique<ManifestLog>(root_ / "manifest.jsonl", sync_);
        operation("write", [this](const sdk::Call& call) { return write(call); });
        operation("find", [this](const sdk::Call& call) { return find(call); });
    }

    // The sink-lookup extension: a write is found by its file name.
    bool can_find_write(std::string_view action, const json::object& input) const {
        return action == "write" && input.contains("name");
    }
    sdk::FoundWrite find_write(std::string_view, const sdk::LookupCall& call) const {
        const std::string relative = relative_of(call.input);
        if (file_size_if_exists(resolve_inside(root_, relative))) return sdk::FoundWrite::at(relative);
        return sdk::FoundWrite::nothing();
    }

private:
    static std::string subdir_of(const json::object& input) {
        const auto* s = input.if_contains("subdir");
        return s != nullptr && s->is_string() ? std::string(s->get_string()) : std::string();
    }

    // DIR-relative path of the file `input` ({name, subdir}) names.
    // A workflow always gives a name (its own, or the key: manifest
    // "key_into"); a direct call must.
    static std::string relative_of(const json::object& input) {
        const auto* name = input.if_contains("name");
        if (name == nullptr || !name->is_string())
            throw sdk::invalid_argument("name: required (in a workflow it defaults to the record's idempotency key)");
        return relative_name(subdir_of(input), std::string(name->get_string()));
    }

    sdk::Result write(const sdk::Call& call) const {
        if (call.bytes.empty())
            throw sdk::invalid_argument("write: no input bytes (add a download step before this sink)");
        const std::string relative = relative_of(call.input);
        const fs::path path = resolve_inside(root_, relative);

        json::object result{{"result_id", relative}, {"bytes", static_cast<std::int64_t>(call.bytes.size())}};
        // Same name, same bytes: nothing to do (an idempotent repeat).
        if (auto size = file_size_if_exists(path); size && *size == call.bytes.size()) {
            if (auto existing = read_file_if_exists(path); existing && *existing == call.bytes) {
                result["written"] = false;
                return {result, {}};
            }
        }
        write_atomically(path, call.bytes, sync_);
        const std::string digest = sha256_hex(call.bytes);
        json::object line{{"result_id", relative},
                          {"path", relative},
                          {"bytes", static_cast<std::int64_t>(call.bytes.size())},
                          {"sha256", digest},
                          {"written_at", utc_now()}};
        if (const auto* metadata = call.input.if_contains("metadata")) line["metadata"] = *metadata;
        log_->append(line);
        result["written"] = true;
        result["sha256"] = digest;
        return {result, {}};
    }

    sdk::Result find(const sdk::Call& call) const {
        const std::string relative = relative_of(call.input);
        const fs::path path = resolve_inside(root_, relative);
        if (auto size = file_size_if_exists(path))
            return {json::object{{"exists", true}, {"result_id", relative}, {"bytes", static_cast<std::int64_t>(*size)}}, {}};
        return {json::object{{"exists", false}, {"result_id", nullptr}}, {}};
    }

    fs::path root_;
    bool sync_;
    std::unique_ptr<ManifestLog> log_;
};

}  // namespace photobridge::plugins::files

PHOTOBRIDGE_PLUGIN(photobridge::plugins::files::FilesPlugin, "files", "Local folder", "1.0.0",
                   photobridge_manifest_json)
