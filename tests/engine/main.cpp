// The Catch2 runner for ganstep_tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
