// The workflow_file suite: the workflow file format, from templates to the
// catalogue of broken files and the `photobridge validate` command.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
