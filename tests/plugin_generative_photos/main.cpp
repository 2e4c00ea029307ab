// Contract tests of the generative_photos plugin: replay and dataset mode
// against the in-process mock, a capture server for bodies and malformed
// answers, polling, cancellation and the photobridge CLI.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
