// An image lesson on the Session (lessons/run: ImageRun) with lesson 8's
// networks and a small synthetic data set (IDX files written here): stepping
// by D-step, G-step and iteration; back, seek and scrubbing equal to a
// straight run; bounded snapshots; checkpoints (good, garbage, truncated,
// another lesson's); a bad data folder; lesson 8's beats follow the timeline.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/gan/image_checkpoint.h"
#include "lessons/format/library.h"
#include "lessons/run/image_run.h"
#include "lessons/run/remote_run.h"
#include "lessons/run/session.h"
#include "tests/run/image_fixtures.h"

using namespace ganstep;
using namespace ganstep::image_testing;


TEST_CASE("image session: steps by D-step, G-step and iteration", "[image_session]") {
  const lessons::Lesson l = lesson8();
  ImageSession s;
  load(s, l);
  CHECK(s.iteration() == 0);
  CHECK(s.dstep() == 0);
  CHECK_FALSE(s.next_is_g());
  const std::string h0 = s.state_hash_hex();
  REQUIRE(s.step_updates(1));  // D-step
  CHECK(s.iteration() == 0);
  CHECK(s.dstep() == 1);
  CHECK(s.next_is_g());
  CHECK(s.state_hash_hex() != h0);
  const std::string after_d = s.state_hash_hex();
  REQUIRE(s.step_updates(1));  // G-step: the iteration is complete
  CHECK(s.iteration() == 1);
  CHECK(s.dstep() == 0);
  CHECK(s.state_hash_hex() != after_d);
  REQUIRE(s.history().size() == 1);
  CHECK(s.history()[0].loss_d > 0.0f);
  CHECK(s.history()[0].loss_g > 0.0f);
  CHECK(s.history()[0].d_real > 0.0f);
  CHECK(s.history()[0].d_real < 1.0f);
  // Two updates equal one iteration of Trainer::step_iteration.
  Trainer direct(*l.image, l.config, s.data());
  REQUIRE(direct.step_iteration());
  CHECK(direct.state_hash_hex() == s.state_hash_hex());
  REQUIRE(s.step_iterations(3));
  CHECK(s.iteration() == 4);
  CHECK(s.visible_history() == 4);
  REQUIRE(direct.step_iterations(3));
  CHECK(direct.state_hash_hex() == s.state_hash_hex());
  CHECK(s.phases_done() == 4 * phases_per_iteration(1));
  // From mid-iteration, one iteration finishes the current one.
  REQUIRE(s.step_updates(1));
  REQUIRE(s.step_iterations(1));
  CHECK(s.iteration() == 5);
  CHECK(s.dstep() == 0);
}

TEST_CASE("image session: phase by phase, by updates and by iterations reach the same states", "[image_session]") {
  lessons::Lesson l = lesson8();
  l.config.k = 2;
  ImageSession by_phase, by_update, by_iteration;
  for (ImageSession* s : {&by_phase, &by_update, &by_iteration}) load(*s, l);
  const std::int64_t per = phases_per_iteration(l.config.k);
  for (int it = 1; it <= 3; ++it) {
    for (std::int64_t i = 0; i < per; ++i) {
      // The step machine walks Algorithm 1's phases in order (what the Algorithm 1 panel lights).
      const StepPosition at = by_phase.trainer().position();
      REQUIRE(by_phase.s.step_units(1));
      const StepPosition next = at.after(l.config.k);
      CHECK(by_phase.trainer().phase() == next.phase);
      CHECK(by_phase.trainer().dstep() == next.dstep);
    }
    REQUIRE(by_update.step_updates(l.config.k + 1));
    REQUIRE(by_iteration.step_iterations(1));
    CHECK(by_phase.iteration() == it);
    CHECK(by_update.iteration() == it);
    CHECK(by_phase.state_hash_hex() == by_iteration.state_hash_hex());
    CHECK(by_update.state_hash_hex() == by_iteration.state_hash_hex());
  }
  CHECK(by_phase.history().size() == 3);
  CHECK(by_phase.history()[2].loss_g == by_iteration.history()[2].loss_g);
  // Between phases a Run saves the whole trainer: mid-D-step (after D's
  // forward pass) a save, two phases and a restore give back the same bits.
  run::ImageRun r(*l.image, l.config, by_phase.data(), l.id);
  REQUIRE(r.error().empty());
  for (int i = 0; i < 3; ++i) REQUIRE(r.step_unit());  // noise, data, forward D
  CHECK(r.trainer().phase() == Phase::LossD);
  const std::unique_ptr<run::RunState> mid = r.save();
  REQUIRE(r.step_unit());  // loss
  REQUIRE(r.step_unit());  // update
  const std::string after = r.state_hash_hex();
  const double loss_d = r.trainer().stats().loss_d;
  r.restore(*mid);
  CHECK(r.trainer().phase() == Phase::LossD);
  REQUIRE(r.step_unit());
  REQUIRE(r.step_unit());
  CHECK(r.state_hash_hex() == after);
  CHECK(r.trainer().stats().loss_d == loss_d);
  // Mid-iteration between updates (k = 2: after the first D-step) a save is a checkpoint plus the position.
  const std::unique_ptr<run::RunState> between = r.save();
  for (int i = 0; i < 5 + 4; ++i) REQUIRE(r.step_unit());
  const std::string end = r.state_hash_hex();
  r.restore(*between);
  CHECK(r.trainer().dstep() == 1);
  CHECK(r.trainer().phases_done() == 5);
  CHECK(r.trainer().stats().loss_d == loss_d);
  for (int i = 0; i < 5 + 4; ++i) REQUIRE(r.step_unit());
  CHECK(r.iteration() == 1);
  CHECK(r.state_hash_hex() == end);
  CHECK(r.state_hash_hex() == straight(l, 1)[1]);
}

TEST_CASE("image session: back, seek and scrubbing equal a straight run", "[image_session]") {
  const lessons::Lesson l = lesson8();
  const std::vector<std::string> h = straight(l, 14);
  ImageSession s;
  s.snapshot_every = 2;
  s.max_snapshots = 3;  // forces thinning: intervals 2, 4, 8
  load(s, l);
  REQUIRE(s.step_iterations(10));
  CHECK(s.state_hash_hex() == h[10]);
  CHECK(s.snapshot_count() <= 3);
  CHECK(s.furthest_iteration() == 10);
  REQUIRE(s.seek(4));
  CHECK(s.iteration() == 4);
  CHECK(s.state_hash_hex() == h[4]);
  CHECK(s.visible_history() == 4);
  CHECK(s.history().size() == 10);  // the recorded future stays
  REQUIRE(s.back_iterations(3));
  CHECK(s.state_hash_hex() == h[1]);
  REQUIRE(s.seek(0));
  CHECK(s.state_hash_hex() == h[0]);
  REQUIRE(s.seek(9));
  CHECK(s.state_hash_hex() == h[9]);
  REQUIRE(s.seek(13));  // past the furthest point: steps forward
  CHECK(s.state_hash_hex() == h[13]);
  CHECK(s.furthest_iteration() == 13);
  for (int it : {7, 2, 12, 5, 14, 3}) {
    REQUIRE(s.seek(it));
    CHECK(s.iteration() == it);
    CHECK(s.state_hash_hex() == h[static_cast<std::size_t>(it)]);
  }
  CHECK(s.snapshot_count() <= 3 + ImageSession::kRecent);
  // Back over the G-step's 4 phases from an iteration boundary lands after the D-step.
  ImageSession mid;
  load(mid, l);
  REQUIRE(mid.step_iterations(3));
  REQUIRE(mid.step_updates(1));
  REQUIRE(s.seek(4));
  REQUIRE(s.back_phases(4));
  CHECK(s.iteration() == 3);
  CHECK(s.dstep() == 1);
  CHECK(s.state_hash_hex() == mid.state_hash_hex());
  // One iteration back from mid-iteration: to this iteration's start.
  REQUIRE(s.back_iterations(1));
  CHECK(s.dstep() == 0);
  CHECK(s.state_hash_hex() == h[3]);
  REQUIRE(s.seek_phase(3 * phases_per_iteration(1) + 5));  // 3 iterations and a D-step
  CHECK(s.state_hash_hex() == mid.state_hash_hex());
}

TEST_CASE("image session: stepping back one at a time replays little, exactly", "[image_session]") {
  const lessons::Lesson l = lesson8();
  const std::vector<std::string> h = straight(l, 14);
  ImageSession s;
  s.snapshot_every = 12;  // snapshots at 0 and 12 only
  load(s, l);
  REQUIRE(s.step_iterations(12));
  REQUIRE(s.step_updates(1));  // mid-iteration 12
  REQUIRE(s.back_iterations(1));
  CHECK(s.state_hash_hex() == h[12]);
  CHECK(s.replayed_phases() == 0);  // snapshot 12 itself
  std::int64_t replayed = 0;
  for (int it = 11; it >= 0; --it) {
    INFO("back to " << it);
    const std::int64_t before = s.replayed_phases();
    REQUIRE(s.back_iterations(1));
    CHECK(s.iteration() == it);
    CHECK(s.state_hash_hex() == h[static_cast<std::size_t>(it)]);
    CHECK(s.recent_count() <= ImageSession::kRecent);
    replayed += s.replayed_phases() - before;
  }
  // From 0 each time: 9 * (11 + 10 + ... + 0) = 594 phases; with the snapshots a replay leaves, far fewer.
  CHECK(replayed <= 180);
  // Forward again, exactly, past the recorded future.
  REQUIRE(s.seek(14));
  CHECK(s.state_hash_hex() == h[14]);
}

TEST_CASE("image session: checkpoints continue the run; bad ones change nothing", "[image_session]") {
  const lessons::Lesson l = lesson8();
  ImageSession a;
  load(a, l);
  REQUIRE(a.step_iterations(6));
  const std::vector<std::uint8_t> bytes = checkpoint_bytes(a.trainer(), l.id);
  REQUIRE(bytes.size() > 100);

  ImageSession b;
  load(b, l);
  REQUIRE(b.step_iterations(2));
  REQUIRE(b.step_updates(1));
  const std::string before = b.state_hash_hex();
  const std::uint64_t version = b.version();
  struct Bad {
    const char* what;
    std::vector<std::uint8_t> bytes;
  };
  std::vector<std::uint8_t> flipped = bytes;
  flipped[flipped.size() / 2] ^= 0x40;
  const std::vector<Bad> bad = {
      {"empty", {}},
      {"not a checkpoint", {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd', '!'}},
      {"truncated", std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + static_cast<long>(bytes.size() / 3))},
      {"one bit flipped", flipped},
  };
  for (const Bad& c : bad) {
    INFO(c.what);
    const std::string e = b.load_checkpoint(c.bytes.data(), c.bytes.size(), "run.ckpt");
    CHECK_FALSE(e.empty());
    CHECK(e.rfind("run.ckpt", 0) == 0);  // the message names the file
    CHECK(b.state_hash_hex() == before);
    CHECK(b.iteration() == 2);
    CHECK(b.dstep() == 1);
    CHECK(b.version() == version);
  }
  // Another lesson's networks (a different noise dimension) do not load either.
  {
    lessons::Lesson other = l;
    other.config.noise_dim = 32;
    ImageSession c;
    load(c, other);
    const std::vector<std::uint8_t> theirs = checkpoint_bytes(c.trainer(), l.id);
    CHECK_FALSE(b.load_checkpoint(theirs.data(), theirs.size(), "other.ckpt").empty());
    CHECK(b.state_hash_hex() == before);
  }
  REQUIRE(b.step_updates(1));  // the run goes on
  CHECK(b.iteration() == 3);

  // A good checkpoint: the run continues from its iteration, bit for bit.
  REQUIRE(b.load_checkpoint(bytes.data(), bytes.size(), "good.ckpt").empty());
  CHECK(b.iteration() == 6);
  CHECK(b.dstep() == 0);
  CHECK(b.state_hash_hex() == a.state_hash_hex());
  REQUIRE(b.step_iterations(3));
  REQUIRE(a.step_iterations(3));
  CHECK(b.state_hash_hex() == a.state_hash_hex());
  REQUIRE(b.seek(0));  // the timeline starts at the checkpoint
  CHECK(b.iteration() == 6);
  REQUIRE(b.seek(3));  // timeline iterations count from the checkpoint
  CHECK(b.state_hash_hex() == a.state_hash_hex());
}

TEST_CASE("image session: a bad data folder is an error naming it; the session stays", "[image_session]") {
  lessons::Lesson l = lesson8();
  ImageSession s;
  load(s, l);
  REQUIRE(s.step_iterations(1));
  const std::string before = s.state_hash_hex();
  const std::string missing = (std::filesystem::temp_directory_path() / "ganstep_no_such_folder").string();
  l.image->data = "idx:" + missing;
  std::string e;
  CHECK_FALSE(s.load(l, false, 0, e));
  CHECK(e.find("ganstep_no_such_folder") != std::string::npos);
  CHECK(s.iteration() == 1);
  CHECK(s.state_hash_hex() == before);
  ImageSession fresh;
  CHECK_FALSE(fresh.load(l, false, 0, e));
  CHECK_FALSE(fresh.loaded());
}

TEST_CASE("image session: settings restart the run; bad ones change nothing", "[image_session]") {
  const lessons::Lesson l = lesson8();
  ImageSession s;
  load(s, l);
  REQUIRE(s.step_iterations(2));
  const std::string h2 = s.state_hash_hex();
  CHECK_FALSE(s.set("lr_d", "fast").empty());
  CHECK_FALSE(s.set("g_hidden", "32").empty());
  CHECK_FALSE(s.set("batch", "0").empty());
  CHECK(s.iteration() == 2);
  CHECK(s.state_hash_hex() == h2);
  CHECK(s.set("seed", "5").empty());
  CHECK(s.iteration() == 0);
  CHECK(s.config().seed == 5);
  CHECK(s.visible_history() == 0);  // the charts show the restarted run
}

TEST_CASE("image session: lesson 8's beats fire as the run reaches them", "[image_session]") {
  const lessons::Lesson l = lesson8();
  ImageSession s;
  load(s, l);
  auto ids = [&] {
    std::vector<std::string> out;
    for (int b : s.fired()) out.push_back(l.beats[static_cast<std::size_t>(b)].id);
    return out;
  };
  CHECK(ids() == std::vector<std::string>{"intro"});
  CHECK(s.take_pause_request());
  REQUIRE(s.step_iterations(1));
  CHECK(ids() == std::vector<std::string>{"intro", "strided"});
  REQUIRE(s.seek(45));
  CHECK(ids() == std::vector<std::string>{"intro", "strided", "transposed"});
  REQUIRE(s.seek(10));  // back: the narration is the timeline's at 10
  CHECK(ids() == std::vector<std::string>{"intro", "strided"});
  REQUIRE(s.seek(100));
  CHECK(ids().back() == "batchnorm");
}

TEST_CASE("image session: a trigger that held on the way fires, however the run got there", "[image_session]") {
  lessons::Lesson l = lesson8();
  // D's mean output on real digits after each of 6 iterations, stepped one at a time.
  std::vector<double> d_real = {0};
  {
    ImageSession s;
    load(s, l);
    for (int i = 0; i < 6; ++i) {
      REQUIRE(s.step_iterations(1));
      d_real.push_back(s.trainer().stats().d_real);
    }
  }
  // An earlier iteration where D(x) was below its value at 6: a beat "D(x)
  // below the midpoint" holds there but not at 6.
  int early = 0;
  for (int i = 1; i < 6; ++i)
    if (d_real[static_cast<std::size_t>(i)] < d_real[6]) early = i;
  REQUIRE(early > 0);
  lessons::Beat b;
  b.id = "below";
  b.text = lessons::Text{"D(x) is low", "D(x) está baixo"};
  b.trigger.kind = lessons::TriggerKind::Metric;
  b.trigger.metric = lessons::Metric::DReal;
  b.trigger.above = false;
  b.trigger.threshold = (d_real[static_cast<std::size_t>(early)] + d_real[6]) / 2;
  l.beats = {b};

  ImageSession s;
  load(s, l);
  REQUIRE(s.seek(6));  // one jump passes every update: the beat fired where D(x) was low
  REQUIRE(s.fired() == std::vector<int>{0});
  const run::FiredBeat f = s.s.narration().fired[0];
  CHECK(f.iteration < early);  // in the D-step of an iteration up to early
  CHECK(f.value < b.trigger.threshold);
  ImageSession one;  // the same as stepping one update at a time
  load(one, l);
  while (one.fired().empty()) REQUIRE(one.step_updates(1));
  CHECK(one.s.narration().fired[0].position == f.position);
  REQUIRE(s.seek(0));  // back before it: not fired
  CHECK(s.fired().empty());
  REQUIRE(s.seek(6));
  CHECK(s.fired() == std::vector<int>{0});
}

// Lesson 9 (growing) on the synthetic digits: a stage every 3 iterations, 2 of fade-in.
namespace {

lessons::Lesson growing_lesson() {
  lessons::LoadResult r = lessons::find_lesson("growing");
  REQUIRE(r.ok());
  REQUIRE(r.lesson.image);
  r.lesson.image->data = "idx:" + synthetic_mnist();
  r.lesson.config.batch = 8;
  r.lesson.config.grow_stage = 3;
  r.lesson.config.grow_fade = 2;
  return r.lesson;
}

}  // namespace

TEST_CASE("image session, growing lesson: stages, back, seek and checkpoints equal a straight run",
          "[image_session][growing]") {
  const lessons::Lesson l = growing_lesson();
  const std::vector<std::string> h = straight(l, 10);
  ImageSession s;
  s.snapshot_every = 2;
  s.max_snapshots = 3;
  load(s, l);
  CHECK(s.trainer().grows());
  CHECK(s.trainer().growth() == Growth{0, 1.0f});
  REQUIRE(s.step_iterations(4));  // stage 1 (14 x 14), fading: alpha = (4 - 3) / 2
  CHECK(s.trainer().growth() == Growth{1, 0.5f});
  REQUIRE(s.step_iterations(4));
  CHECK(s.trainer().growth() == Growth{2, 1.0f});
  CHECK(s.state_hash_hex() == h[8]);
  for (int it : {2, 7, 4, 9, 0, 5}) {  // across the stage changes, both ways
    REQUIRE(s.seek(it));
    CHECK(s.state_hash_hex() == h[static_cast<std::size_t>(it)]);
  }
  REQUIRE(s.seek(4));
  REQUIRE(s.back_phases(3));  // mid-iteration, mid-fade
  REQUIRE(s.step_iterations(1));
  CHECK(s.state_hash_hex() == h[4]);
  // A checkpoint taken while a block fades in resumes to the same bits (the
  // stage and alpha follow from the iteration).
  const std::vector<std::uint8_t> bytes = checkpoint_bytes(s.trainer(), l.id);
  ImageSession b;
  load(b, l);
  REQUIRE(b.load_checkpoint(bytes.data(), bytes.size(), "growing.gsck") == "");
  CHECK(b.trainer().growth() == Growth{1, 0.5f});
  REQUIRE(b.step_iterations(5));
  CHECK(b.state_hash_hex() == h[9]);
  // Without growth (grow_stage 0) the same nets train at full size: another run.
  REQUIRE(b.set("grow_stage", "0") == "");
  REQUIRE(b.step_iterations(4));
  CHECK(b.trainer().growth() == Growth{2, 1.0f});
  CHECK(b.state_hash_hex() != h[4]);
  // grow_fade longer than grow_stage is refused; nothing changes.
  CHECK(b.set("grow_stage", "2").empty());
  const std::string before = b.state_hash_hex();
  CHECK(!b.set("grow_fade", "5").empty());
  CHECK(b.state_hash_hex() == before);
  CHECK(b.config().grow_fade == 2);
}
