// Maintainer tool, not a test (ctest does not run it): writes the actual
// diagnostics of every catalogue file, broken/NAME.toml, to DIR/NAME.actual,
// loaded exactly as catalogue_test.cpp loads them, for review against
// broken/NAME.expected.
//
//   build/tests/workflow_catalogue_dump DIR
//
// Exit status: 0 when every file was written, 2 on a usage error, 1 when a
// file could not be written.
#include "workflow_test_support.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: " << argv[0] << " DIR\n";
        return 2;
    }
    const std::filesystem::path dir(argv[1]);
    std::filesystem::create_directories(dir);
    int written = 0;
    for (const auto& file : photobridge::testing::catalogue_files()) {
        const auto r = photobridge::workflow_file::load_workflow(file, photobridge::testing::fixture_registry(),
                                                          photobridge::testing::fixture_env());
        const auto out = dir / std::filesystem::path(file).replace_extension(".actual").filename();
        std::ofstream stream(out);
        stream << photobridge::testing::diagnostics_text(r);
        if (!stream.flush()) {
            std::cerr << out.string() << ": cannot write\n";
            return 1;
        }
        ++written;
    }
    std::cout << written << " files written to " << dir.string() << "\n";
    return 0;
}
