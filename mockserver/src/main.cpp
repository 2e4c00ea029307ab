// photobridge-mock: the command line around photobridge::mock::Server.
//
//   photobridge-mock [--host 127.0.0.1] [--port N] [--provider ID]... [--dataset N]
//                    [--seed S] [--fixtures DIR]... [--no-builtin-fixtures] [--faults FILE] [--token T]
//                    [--generation-ms N] [--faces-ms M] [--image-bytes N]
//   photobridge-mock import-postman FILE --provider ID --out DIR
//
// The first stdout line is "listening on http://HOST:PORT" with the bound
// port (also with --port 0), printed and flushed once the server accepts
// connections; `photobridge demo` reads it from a pipe. Nothing else goes to
// stdout. SIGINT/SIGTERM stop it.
#include "photobridge/mock/server.hpp"
#include "framework/postman_import.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <malloc.h>
#include <system_error>

// The installed data folder relative to the installed bin/ folder.
#ifndef PHOTOBRIDGE_DATADIR_FROM_BINDIR
#define PHOTOBRIDGE_DATADIR_FROM_BINDIR "../share/photobridge"
#endif

namespace {

// An installed photobridge-mock reads the fixtures installed with it
// (<exe dir>/../share/photobridge/mockserver/fixtures); a built one finds
// none there and keeps the source tree's (the server's default). Empty
// means the default.
std::string installed_fixtures_dir() {
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec || exe.empty()) return {};
    const std::filesystem::path dir =
        (exe.parent_path() / PHOTOBRIDGE_DATADIR_FROM_BINDIR / "mockserver" / "fixtures").lexically_normal();
    return std::filesystem::is_directory(dir, ec) ? dir.string() : std::string();
}

// glibc's allocator gives freed memory back to the kernel as soon as the
// top of a heap is free (madvise/brk per request, with one arena per worker
// thread) and then faults it in again: a perf profile of a sync showed
// sysmalloc, madvise and page faults at about a fifth of the mock's CPU.
// Keeping up to 128 MiB free and growing by 16 MiB cut the mock's CPU per
// record by about 40 % (bench/RESULTS.md, "Sync speed"). Blocks of 16 MiB
// and more (a dataset's byte blobs) still get their own mapping.
void keep_freed_memory() {
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
    mallopt(M_MMAP_THRESHOLD, 16 << 20);
}

}  // namespace

int main(int argc, char** argv) {
    keep_freed_memory();
    CLI::App app{"photobridge-mock: replays the provider docs' examples for every photobridge provider"};
    photobridge::mock::ServerOptions options;
    std::size_t dataset = 0;
    app.add_option("--host", options.host, "address to bind")->capture_default_str();
    app.add_option("--port", options.port, "port to bind; 0 picks a free port")->capture_default_str();
    app.add_option("--provider", options.providers, "serve only these providers (repeatable); default: all");
    auto* dataset_option = app.add_option("--dataset", dataset, "stateful mode: synthesize N records per collection");
    app.add_option("--seed", options.seed, "seed for the dataset and fault rules")->capture_default_str();
    options.builtin_fixtures_dir = installed_fixtures_dir();
    app.add_option("--fixtures", options.extra_fixture_dirs,
                   "add the providers of DIR (repeatable): one provider folder holding provider.json, or a folder "
                   "of provider folders; a provider id given twice is an error");
    // The help names the built-in folder this program uses, so an installed
    // one can be seen to use the installed fixtures.
    const std::string builtin_shown = options.builtin_fixtures_dir.empty()
                                          ? std::string("the source tree's mockserver/fixtures")
                                          : options.builtin_fixtures_dir;
    app.add_flag("!--no-builtin-fixtures", options.builtin_fixtures,
                 "serve only the --fixtures folders, not the built-in providers (" + builtin_shown +
                     "; installed: ../share/photobridge/mockserver/fixtures from the program's folder)");
    app.add_option("--faults", options.faults_file, "fault rules JSON file");
    app.add_option("--token", options.token, "credential accepted instead of mock-token")->capture_default_str();
    app.add_option("--journal-capacity", options.journal_capacity, "requests kept in the journal")->capture_default_str();
    app.add_option("--shootbin-selection-limit", options.dataset_selection_limit,
                   "dataset mode: approvals beyond this many get Shootbin's 422 (0: no limit)");
    std::int64_t generation_ms = 0, faces_ms = 0;
    const CLI::Range non_negative_ms(std::int64_t{0}, std::numeric_limits<std::int64_t>::max());
    auto* generation_option =
        app.add_option("--generation-ms", generation_ms,
                       "dataset mode: generative.photos variants complete N milliseconds after their creation, "
                       "by the clock (default: on their 3rd GET)")
            ->check(non_negative_ms);
    auto* faces_option = app.add_option("--faces-ms", faces_ms,
                                        "dataset mode: an upload to generative.photos shows its faces M milliseconds "
                                        "after the upload, by the clock (default: from its 3rd GET)")
                             ->check(non_negative_ms);
    app.add_option("--max-body-bytes", options.max_body_bytes, "larger request bodies are refused unread (413)")
        ->capture_default_str();
    app.add_option("--image-bytes", options.dataset_image_bytes,
                   "dataset mode: every synthesized JPEG photo is a valid JPEG of about N bytes, unique per record "
                   "(made once per size, patched per record); 0: small 48x64 portraits")
        ->capture_default_str();

    auto* import = app.add_subcommand("import-postman", "turn a Postman collection's saved examples into fixtures");
    std::string collection_file, import_provider, out_dir;
    import->add_option("FILE", collection_file, "Postman collection (v2.0 or v2.1)")->required()->check(CLI::ExistingFile);
    import->add_option("--provider", import_provider, "provider id (the fixture folder name)")->required();
    import->add_option("--out", out_dir, "directory to write the fixture files into")->required();
    app.require_subcommand(0, 1);

    CLI11_PARSE(app, argc, argv);

    if (import->parsed()) {
        try {
            for (const auto& name : photobridge::mock::import_postman(collection_file, import_provider, out_dir))
                std::cout << "wrote " << out_dir << "/" << name << "\n";
        } catch (const std::exception& e) {
            std::cerr << "import-postman: " << e.what() << "\n";
            return 1;
        }
        return 0;
    }
    if (dataset_option->count() > 0) options.dataset = dataset;
    if (generation_option->count() > 0) options.dataset_generation_time = std::chrono::milliseconds(generation_ms);
    if (faces_option->count() > 0) options.dataset_face_detection_time = std::chrono::milliseconds(faces_ms);

    // Block the stop signals before any server thread exists, then wait for
    // them on this thread.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    photobridge::mock::Server server(options);
    try {
        server.start();
    } catch (const std::exception& e) {
        std::cerr << "photobridge-mock: " << e.what() << "\n";
        return 1;
    }
    std::cout << "listening on " << server.base_url() << std::endl;  // flushes

    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    server.stop();
    return 0;
}
