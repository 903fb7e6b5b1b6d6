// The Catch2 runner for ganstep_player_tests (the lesson player's unit tests).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
