// Fixture plugins for process isolation, one module per way of failing
// (FIXTURE_MODE, FIXTURE_ID): "crashing" segfaults, "aborting" calls
// abort(), "hanging" never returns, "leaking" allocates until its memory
// runs out. Each fails in its `write` operation, on the Nth call of the
// process (config crash_on_call, 1-based; 0 never) or for the record whose
// "id" is config fail_on_id; every other write succeeds. Each write first
// sleeps config write_ms (0: none), so calls overlap. Every module also
// has healthy operations, to check what crosses the process boundary:
//   echo        {"echo": input, "pid": getpid()}, output bytes = input bytes
//   fetch       GET config base_url + input.path through the host; {"status", "body"}
//   log         writes input.message to the host log
//   until_cancelled  polls the host's cancellation flag; fails CANCELLED once set
// create writes the process id to config pid_file (when set), and each
// failing write appends a line to config marks_file (when set), so a test
// sees what happened in the child.
#include <photobridge/sdk.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

namespace sdk = photobridge::sdk;
namespace json = boost::json;

namespace {

constexpr const char kManifest[] = R"({
  "description": "Process isolation fixture",
  "config": {
    "crash_on_call": {"type": "integer", "default": 0},
    "fail_on_id": {"type": "string", "default": ""},
    "pid_file": {"type": "string", "default": ""},
    "marks_file": {"type": "string", "default": ""},
    "write_ms": {"type": "integer", "default": 0},
    "base_url": {"type": "string", "default": ""},
    "token": {"type": "string", "default": "", "secret": true}
  },
  "streams": {},
  "operations": {
    "write": {"input": {"type": "object", "additionalProperties": true}, "output": "json", "idempotent": true},
    "echo": {"input": {"type": "object", "additionalProperties": true}, "output": "json"},
    "fetch": {"input": {"type": "object", "additionalProperties": true}, "output": "json"},
    "log": {"input": {"type": "object", "additionalProperties": true}, "output": "json"},
    "until_cancelled": {"input": {"type": "object", "additionalProperties": true}, "output": "json"}
  }
})";

std::string text_of(const json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    if (v == nullptr) return {};
    if (v->is_string()) return std::string(v->get_string());
    return json::serialize(*v);
}

// A store through a null pointer: SIGSEGV. Not instrumented, so a
// sanitizer build crashes the same way instead of reporting it.
__attribute__((no_sanitize_address, no_sanitize_undefined)) void store_to_null() {
    volatile int* nowhere = nullptr;
    *nowhere = 1;
}

// The failure this module is built for. Never returns.
[[noreturn]] void fail_now() {
    const std::string mode = FIXTURE_MODE;
    if (mode == "crashing") {
        store_to_null();
    } else if (mode == "aborting") {
        std::abort();
    } else if (mode == "hanging") {
        for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
    } else if (mode == "leaking") {
        // Touches every page, so the memory is really used; keeps it all.
        // Bounded, so a child without a limit (sanitizer builds) does not
        // take the machine: after 4 GiB it crashes instead.
        static std::vector<char*> kept;
        for (int i = 0; i < 256; ++i) {
            char* block = new char[16u << 20];
            std::memset(block, i, 16u << 20);
            kept.push_back(block);
        }
    }
    std::raise(SIGSEGV);
    std::abort();
}

class MisbehavingPlugin : public sdk::Plugin {
public:
    MisbehavingPlugin(sdk::Host host, const json::object& config) : sdk::Plugin(host) {
        crash_on_call_ = config.at("crash_on_call").as_int64();
        fail_on_id_ = text_of(config, "fail_on_id");
        marks_file_ = text_of(config, "marks_file");
        write_ms_ = config.at("write_ms").as_int64();
        base_url_ = text_of(config, "base_url");
        if (const std::string pid_file = text_of(config, "pid_file"); !pid_file.empty()) {
            std::ofstream(pid_file + ".tmp") << ::getpid() << "\n";
            std::rename((pid_file + ".tmp").c_str(), pid_file.c_str());
        }
        operation("write", [this](const sdk::Call& call) {
            const long long n = ++calls_;
            if (write_ms_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(write_ms_));
            const bool by_count = crash_on_call_ > 0 && n == crash_on_call_;
            const bool by_id = !fail_on_id_.empty() && text_of(call.input, "id") == fail_on_id_;
            if (by_count || by_id) {
                if (!marks_file_.empty()) std::ofstream(marks_file_, std::ios::app) << text_of(call.input, "id") << "\n";
                fail_now();
            }
            return sdk::Result{json::object{{"result_id", text_of(call.input, "id")}}, {}};
        });
        operation("echo", [](const sdk::Call& call) {
            return sdk::Result{json::object{{"echo", call.input}, {"pid", static_cast<std::int64_t>(::getpid())}},
                               std::string(call.bytes)};
        });
        operation("fetch", [this](const sdk::Call& call) {
            sdk::HttpRequest request;
            request.url = base_url_ + text_of(call.input, "path");
            request.headers.emplace_back("Authorization", "Bearer " + text_of(call.input, "token"));
            const sdk::HttpResponse response = call.host.send(request);
            return sdk::Result{json::object{{"status", response.status}, {"body", response.body}}, {}};
        });
        operation("log", [](const sdk::Call& call) {
            call.host.log(sdk::LogLevel::warn, text_of(call.input, "message"));
            return sdk::Result{json::object{{"logged", true}}, {}};
        });
        operation("until_cancelled", [](const sdk::Call& call) -> sdk::Result {
            const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
            while (std::chrono::steady_clock::now() < until) {
                call.host.check_cancelled();
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            return sdk::Result{json::object{{"cancelled", false}}, {}};
        });
    }

private:
    long long crash_on_call_ = 0;
    std::string fail_on_id_;
    std::string marks_file_;
    long long write_ms_ = 0;
    std::string base_url_;
    std::atomic<long long> calls_{0};
};

}  // namespace

PHOTOBRIDGE_PLUGIN(MisbehavingPlugin, FIXTURE_ID, "Process isolation fixture (" FIXTURE_MODE ")", "0.0.1", kManifest)
