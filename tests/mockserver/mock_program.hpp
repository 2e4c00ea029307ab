// The photobridge-mock program as a child process, for the suite's CLI
// tests: started with its arguments, its port read from the first stdout
// line ("listening on http://127.0.0.1:PORT"), stopped with SIGTERM.
#pragma once

#include <doctest/doctest.h>

#include <csignal>
#include <regex>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace mocktest {

struct MockProgram {
    pid_t pid = -1;
    int port = 0;
    int stdout_fd = -1;

    // Fails the case when the program does not print its listening line.
    explicit MockProgram(const std::vector<std::string>& args) {
        int out[2];
        REQUIRE(pipe(out) == 0);
        pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            dup2(out[1], STDOUT_FILENO);
            close(out[0]);
            std::vector<char*> argv{const_cast<char*>(PHOTOBRIDGE_MOCK_BINARY)};
            for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            execv(PHOTOBRIDGE_MOCK_BINARY, argv.data());
            _exit(127);
        }
        close(out[1]);
        stdout_fd = out[0];
        std::string line;
        char ch;
        while (read(stdout_fd, &ch, 1) == 1 && ch != '\n') line += ch;
        std::smatch m;
        REQUIRE_MESSAGE(std::regex_match(line, m, std::regex(R"(listening on http://127\.0\.0\.1:(\d+))")), line);
        port = std::stoi(m[1].str());
    }

    // SIGTERM, then the exit status (as waitpid reports it).
    int stop() {
        kill(pid, SIGTERM);
        int status = 0;
        waitpid(pid, &status, 0);
        close(stdout_fd);
        pid = -1;
        return status;
    }

    ~MockProgram() {
        if (pid > 0) (void)stop();
    }
    MockProgram(const MockProgram&) = delete;
    MockProgram& operator=(const MockProgram&) = delete;
};

}  // namespace mocktest
