// The Timeline: stepping back and seeking are exact (the state equals a fresh
// run's), retunes replay, and the snapshot store stays bounded.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "engine/core/rng.h"
#include "engine/gan/presets.h"
#include "engine/gan/resources.h"
#include "engine/gan/timeline.h"
#include "engine/gan/trainer.h"

using namespace ganstep;

namespace {

GanConfig small_config() {
  GanConfig c = find_preset("gauss-1d")->config;
  c.batch = 16;
  c.k = 2;
  return c;
}

// A fresh run of exactly n phases.
std::uint64_t fresh_hash(const GanConfig& c, std::int64_t phases) {
  Trainer t(c);
  for (std::int64_t i = 0; i < phases; ++i) REQUIRE(t.step_phase());
  return t.state_hash();
}

}  // namespace

TEST_CASE("timeline: seeking to any phase equals a fresh run", "[timeline]") {
  const GanConfig c = small_config();
  Timeline tl(Trainer(c), 5);
  REQUIRE(tl.step_iterations(40));
  const std::int64_t end = tl.current().phases_done();
  Rng rng(7, 1);
  for (int i = 0; i < 25; ++i) {
    const std::int64_t target = static_cast<std::int64_t>(rng.next_u32() % static_cast<std::uint32_t>(end + 1));
    REQUIRE(tl.seek_phase(target));
    INFO("target phase " << target);
    REQUIRE(tl.current().phases_done() == target);
    CHECK(tl.current().state_hash() == fresh_hash(c, target));
  }
  // Back to the end through recorded snapshots: the same state as before.
  REQUIRE(tl.seek_phase(end));
  CHECK(tl.current().state_hash() == fresh_hash(c, end));
}

TEST_CASE("timeline: back_iterations keeps the phase within the iteration", "[timeline]") {
  const GanConfig c = small_config();
  Timeline tl(Trainer(c), 4);
  REQUIRE(tl.step_iterations(10));
  for (int i = 0; i < 3; ++i) REQUIRE(tl.step_phase());
  const Phase p = tl.current().phase();
  REQUIRE(tl.back_iterations(3));
  CHECK(tl.current().iteration() == 7);
  CHECK(tl.current().phase() == p);
  CHECK(tl.current().state_hash() == fresh_hash(c, tl.current().phases_done()));
}

TEST_CASE("timeline: a retune replays when seeking across it", "[timeline]") {
  const GanConfig c = small_config();
  Timeline tl(Trainer(c), 3);
  REQUIRE(tl.step_iterations(6));
  REQUIRE(tl.retune("lr_d", "0.01") == "");
  REQUIRE(tl.step_iterations(6));
  const std::uint64_t want = tl.current().state_hash();
  const std::int64_t end = tl.current().phases_done();
  REQUIRE(tl.seek_iteration(2));
  REQUIRE(tl.seek_phase(end));
  CHECK(tl.current().state_hash() == want);
  // The same run made by hand.
  Trainer t(c);
  REQUIRE(t.step_iterations(6));
  REQUIRE(t.retune("lr_d", "0.01") == "");
  REQUIRE(t.step_iterations(6));
  CHECK(t.state_hash() == want);
}

TEST_CASE("timeline: snapshots stay bounded and seeking stays exact", "[timeline]") {
  const GanConfig c = small_config();
  Timeline tl(Trainer(c), 1, 8);
  REQUIRE(tl.step_iterations(100));
  CHECK(tl.snapshot_count() <= 9);
  CHECK(tl.snapshot_every() >= 16);
  const std::int64_t end = tl.current().phases_done();
  for (std::int64_t target : {std::int64_t{0}, std::int64_t{13}, end / 3, end / 2 + 5, end - 1}) {
    REQUIRE(tl.seek_phase(target));
    CHECK(tl.current().state_hash() == fresh_hash(c, target));
  }
}

TEST_CASE("timeline: keeps only the snapshots that fit in the memory limit", "[timeline]") {
  GanConfig c = small_config();
  c.batch = 4096;
  c.g_hidden = {{64, Act::ReLU}};
  c.d_hidden = {{64, Act::ReLU}};
  const MemoryEstimate one = estimate_point_memory(c, 1, 0, Keeping{0, 1});
  REQUIRE(one.snapshots > 4e6);  // a whole trainer: several MB
  // Room for the run and about 5 copies of it.
  set_memory_limit(one.total() - one.snapshots + 5.5 * one.snapshots);
  Timeline tl(Trainer(c), 1, 128);
  CHECK(tl.max_snapshots() == 5);
  REQUIRE(tl.step_iterations(40));
  CHECK(tl.snapshot_count() <= 5);
  const std::int64_t end = tl.current().phases_done();
  for (std::int64_t target : {std::int64_t{0}, end / 3, end - 2}) {
    REQUIRE(tl.seek_phase(target));
    CHECK(tl.current().state_hash() == fresh_hash(c, target));
  }
  // A larger batch: fewer fit; the ones held are thinned at once.
  REQUIRE(tl.retune("batch", "16384") == "");
  CHECK(tl.max_snapshots() == 2);
  CHECK(tl.snapshot_count() <= 2);
  set_memory_limit(0);
  Timeline roomy(Trainer(small_config()), 1, 128);
  CHECK(roomy.max_snapshots() == 128);
}
