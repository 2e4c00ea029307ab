// photobridge-plugin-host PLUGIN_FILE [DEFINITION_FILE]
//
// The child process of process isolation (sdk-docs/abi.md, "Process
// isolation"): started by the photobridge host with its socket as fd 3,
// it loads one plugin through the host's own loader (PLUGIN_FILE, or the
// factory library PLUGIN_FILE making the plugin of DEFINITION_FILE) and
// serves its calls until the parent closes the socket. Not meant to be run
// by hand.
#include "common/malloc_arenas.hpp"
#include "host/plugin_host_process.hpp"
#include "host/plugin_loader.hpp"
#include "plugin_host/plugin_host_server.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

namespace {

// Allocation failed under the memory limit (RLIMIT_AS): end with the status
// the parent reports as "ran out of memory", rather than let a plugin catch
// std::bad_alloc and go on leaking.
[[noreturn]] void out_of_memory() {
    static const char message[] = "photobridge-plugin-host: out of memory under the plugin's memory limit\n";
    (void)!::write(STDERR_FILENO, message, sizeof message - 1);
    std::_Exit(photobridge::host::kPluginHostOutOfMemoryExit);
}

}  // namespace

#if defined(__SANITIZE_ADDRESS__)
// In a sanitizer build, a plugin's segfault must still end this process by
// SIGSEGV (the parent reports the signal), not by the sanitizer's report
// and abort().
extern "C" const char* __asan_default_options() { return "handle_segv=0:handle_sigbus=0:handle_sigfpe=0"; }
#endif

int main(int argc, char** argv) {
    using namespace photobridge;
    struct stat socket_status {};
    if (argc < 2 || argc > 3 || ::fstat(host::kPluginHostSocketFd, &socket_status) != 0 ||
        !S_ISSOCK(socket_status.st_mode)) {
        std::fprintf(stderr,
                     "usage: photobridge-plugin-host PLUGIN_FILE [DEFINITION_FILE]\n"
                     "(started by photobridge for connections with isolation = \"process\"; fd 3 is its socket)\n");
        return 2;
    }
    common::bound_malloc_arenas();
    std::set_new_handler(&out_of_memory);
    // The parent's Ctrl-C is for the parent: it stops its run and closes the
    // socket; this process ends then.
    std::signal(SIGINT, SIG_IGN);
    std::signal(SIGPIPE, SIG_IGN);

    host::LoadOutcome loaded = host::load_plugin(argv[1]);
    if (loaded.plugin && argc == 3) loaded = host::load_factory_plugin(loaded.plugin, argv[2]);
    plugin_host::serve_plugin(host::kPluginHostSocketFd, loaded.plugin, loaded.problem);
}
