// A game config from "key=value" settings, for the game tests (each one must apply and validate).
#pragma once

#include <catch2/catch.hpp>

#include <initializer_list>

#include "engine/game/game.h"

namespace ganstep::testing {

inline GameConfig make(std::initializer_list<const char*> settings) {
  GameConfig c;
  for (const char* kv : settings) {
    INFO(kv);
    REQUIRE(apply_game_setting(c, kv) == "");
  }
  REQUIRE(validate_game(c) == "");
  return c;
}

}  // namespace ganstep::testing
