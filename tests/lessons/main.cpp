// Catch2 main for ganstep_lesson_tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
