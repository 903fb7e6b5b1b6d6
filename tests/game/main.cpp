// The Catch2 runner for ganstep_game_tests (the saddle-point games, engine/game/).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
