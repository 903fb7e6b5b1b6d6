// Catch2 main for ganstep_run_tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
