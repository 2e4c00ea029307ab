// Contract tests of the shootbin plugin: replay and dataset mode against the
// in-process mock, a capture server for bodies and malformed answers, and
// the photobridge CLI.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
