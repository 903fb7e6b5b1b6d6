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
#include "lessons/run/remote_image_run.h"
#include "lessons/run/session.h"

using namespace ganstep;

namespace {

void put_u32(std::vector<std::uint8_t>& b, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(v >> s));
}

void write_file(const std::filesystem::path& p, const std::vector<std::uint8_t>& b) {
  std::ofstream f(p, std::ios::binary);
  f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

// 64 "digits": a bright bar whose row and thickness depend on the label.
std::string synthetic_mnist() {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "ganstep_test_image_session";
  std::filesystem::create_directories(dir);
  const int n = 64;
  std::vector<std::uint8_t> images = {0, 0, 8, 3}, labels = {0, 0, 8, 1};
  put_u32(images, n);
  put_u32(images, 28);
  put_u32(images, 28);
  put_u32(labels, n);
  for (int i = 0; i < n; ++i) {
    const int label = i % 10;
    labels.push_back(static_cast<std::uint8_t>(label));
    for (int y = 0; y < 28; ++y)
      for (int x = 0; x < 28; ++x) {
        const bool on = y >= 4 + 2 * label && y < 6 + 2 * label + i % 3 && x >= 4 && x < 24;
        images.push_back(on ? 255 : static_cast<std::uint8_t>((x * 7 + y * 3 + i) % 20));
      }
  }
  write_file(dir / "train-images-idx3-ubyte", images);
  write_file(dir / "train-labels-idx1-ubyte", labels);
  return dir.string();
}

// Lesson 8 on the synthetic digits, with a small minibatch (fast).
lessons::Lesson lesson8() {
  lessons::LoadResult r = lessons::find_lesson("dcgan-mnist");
  REQUIRE(r.ok());
  REQUIRE(r.lesson.image);
  r.lesson.image->data = "idx:" + synthetic_mnist();
  r.lesson.config.batch = 8;
  return r.lesson;
}

// The Session as the image panels see it, in the words of these tests.
struct ImageSession {
  static constexpr int kRecent = run::Session::kRecent;
  run::Session s;
  int snapshot_every = 0;   // 0: the run's
  int max_snapshots = 0;
  bool load(const lessons::Lesson& l, bool, std::uint64_t, std::string& e) {
    s.snapshot_every = snapshot_every;
    s.max_snapshots = static_cast<std::size_t>(max_snapshots);
    return s.load(l, std::nullopt, e);
  }
  bool loaded() const { return s.loaded(); }
  run::ImageRun& r() { return *s.as<run::ImageRun>(); }
  const run::ImageRun& r() const { return *s.as<run::ImageRun>(); }
  std::int64_t iteration() const { return r().iteration(); }
  int dstep() const { return r().dstep(); }
  bool next_is_g() const { return r().next_is_g(); }
  std::string state_hash_hex() { return r().state_hash_hex(); }
  Trainer& trainer() { return r().trainer(); }
  const GanConfig& config() const { return r().trainer().config(); }
  std::shared_ptr<const LabeledImages> data() const { return r().data(); }
  const std::vector<run::HistoryPoint>& history() const { return s.history(); }
  std::size_t visible_history() const { return s.history_end() - s.history_begin(); }
  std::int64_t phases_done() const { return s.position(); }  // the unit is a phase
  std::int64_t furthest_iteration() const { return s.furthest_iterations(); }
  std::size_t snapshot_count() const { return s.snapshot_count(); }
  std::size_t recent_count() const { return s.recent_count(); }
  std::int64_t replayed_phases() const { return s.replayed_units(); }
  std::uint64_t version() const { return s.version(); }
  bool step_updates(std::int64_t n) { return s.step_updates(n); }
  bool step_iterations(std::int64_t n) { return s.step_iterations(n); }
  bool back_iterations(std::int64_t n) { return s.back_iterations(n); }
  bool back_phases(std::int64_t n) { return s.back_units(n); }
  bool seek(std::int64_t it) { return s.seek_iteration(it); }
  bool seek_phase(std::int64_t u) { return s.seek_position(u); }
  std::string set(const std::string& k, const std::string& v) { return s.set(k, v); }
  std::string load_checkpoint(const std::uint8_t* bytes, std::size_t size, const std::string& name) {
    std::string e;
    auto run = r().from_checkpoint(bytes, size, name, e);
    return run ? s.replace_run(std::move(run)) : e;
  }
  std::vector<int> fired() const {
    std::vector<int> out;
    for (const auto& f : s.narration().fired) out.push_back(f.beat);
    return out;
  }
  bool take_pause_request() { return s.take_pause_request(); }
};

void load(ImageSession& s, const lessons::Lesson& l) {
  std::string e;
  REQUIRE(s.load(l, false, 0, e));
  CHECK(e.empty());
}

// The state hash after each iteration 0..n of a straight run.
std::vector<std::string> straight(const lessons::Lesson& l, int n) {
  ImageSession s;
  load(s, l);
  std::vector<std::string> h = {s.state_hash_hex()};
  for (int i = 0; i < n; ++i) {
    REQUIRE(s.step_iterations(1));
    h.push_back(s.state_hash_hex());
  }
  return h;
}

}  // namespace

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

// ---- the same run through an executor (lessons/run/executor.h, remote_image_run.h)

namespace {

// What a student sees at each stop of a fixed route: position, iterations,
// the fired beats, the history so far, the statistics and, at step
// boundaries (where the remote run reports it), the state hash.
struct Stop {
  std::int64_t position = 0, iterations = 0, run_iteration = 0;
  std::vector<std::pair<int, std::int64_t>> fired;
  std::vector<float> history;
  double loss_d = 0, d_fake = 0;
  std::string hash, error;
  bool operator==(const Stop& o) const {
    return position == o.position && iterations == o.iterations && run_iteration == o.run_iteration &&
           fired == o.fired && history == o.history && loss_d == o.loss_d && d_fake == o.d_fake && hash == o.hash &&
           error == o.error;
  }
};

Stop stop_of(const run::Session& s) {
  Stop t;
  t.position = s.position();
  t.iterations = s.iterations();
  t.run_iteration = s.run().iteration();
  for (const auto& f : s.narration().fired) t.fired.push_back({f.beat, f.position});
  for (const auto& h : s.history())
    for (float v : {h.loss_d, h.loss_g, h.d_real, h.d_fake}) t.history.push_back(v);
  const lessons::Observation o = s.run().observe();
  t.loss_d = o.stats.loss_d;
  t.d_fake = o.stats.d_fake;
  if (s.run().at_iteration_start() || s.run().at_update_end()) t.hash = s.run().state_hash_hex();
  t.error = s.error();
  return t;
}

// Lesson 8's route: D-step, iterations, back, phases back, seek past the end,
// a setting (a restart), more, a seek back into the first run's segment, a
// beat's reset. `async`: each move returns at once and resume() finishes it.
std::vector<Stop> drive(const lessons::Lesson& l, std::shared_ptr<run::Executor> executor, bool async) {
  run::Session s;
  s.executor = std::move(executor);
  s.snapshot_every = 2;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  if (async) s.unit_wait_ms = 0;
  std::vector<Stop> stops;
  auto done = [&](bool ok) {
    REQUIRE(ok);
    int spins = 0;
    while (s.busy()) {
      REQUIRE(s.resume(50));
      REQUIRE(++spins < 100000);
    }
    stops.push_back(stop_of(s));
  };
  stops.push_back(stop_of(s));
  done(s.step_updates(1));
  done(s.step_iterations(4));
  done(s.back_iterations(2));
  done(s.back_units(3));
  done(s.seek_iteration(7));
  done(s.step_units(4));
  REQUIRE(s.set("lr_d", "0.0005").empty());
  stops.push_back(stop_of(s));
  done(s.step_iterations(3));
  done(s.seek_iteration(3));
  done(s.seek_iteration(10));
  done(s.step_units(2));
  s.reset();
  done(s.step_iterations(2));
  CHECK(s.error().empty());
  return stops;
}

}  // namespace

TEST_CASE("image run through an executor: the narration, history and state hash of the direct run",
          "[image_session][executor]") {
  lessons::Lesson l = lesson8();
  l.beats[1].trigger.iteration = 2;  // "strided": inside the route
  const std::vector<Stop> direct = drive(l, nullptr, false);
  REQUIRE(direct.size() == 13);
  CHECK(direct.back().iterations == 2);
  CHECK(direct[2].fired.size() == 2);
  const std::vector<Stop> in_process = drive(l, std::make_shared<run::InProcessExecutor>(), false);
  const std::vector<Stop> thread = drive(l, std::make_shared<run::ThreadExecutor>(), false);
  const std::vector<Stop> waiting = drive(l, std::make_shared<run::ThreadExecutor>(), true);
  for (std::size_t i = 0; i < direct.size(); ++i) {
    INFO("stop " << i);
    CHECK(in_process[i] == direct[i]);
    CHECK(thread[i] == direct[i]);
    CHECK(waiting[i] == direct[i]);
  }
}

TEST_CASE("image run through an executor: checkpoints, bad settings, saved states dropped", "[image_session][executor]") {
  const lessons::Lesson l = lesson8();
  auto ex = std::make_shared<run::InProcessExecutor>();
  run::Session remote;
  remote.executor = ex;
  ImageSession direct;
  std::string e;
  REQUIRE(remote.load(l, std::nullopt, e));
  load(direct, l);
  const bool stepped = remote.step_iterations(3);
  INFO(remote.error());
  REQUIRE(stepped);
  REQUIRE(direct.step_iterations(3));
  REQUIRE(remote.run().state_hash_hex() == direct.state_hash_hex());
  // A bad setting changes nothing, here or there.
  CHECK(remote.set("data", "mnist") == direct.set("data", "mnist"));
  CHECK_FALSE(remote.set("batch", "0").empty());
  REQUIRE(remote.step_iterations(1));
  REQUIRE(direct.step_iterations(1));
  CHECK(remote.run().state_hash_hex() == direct.state_hash_hex());
  // The direct run's checkpoint continues the remote run like the direct one.
  const std::vector<std::uint8_t> bytes = checkpoint_bytes(direct.trainer(), l.id);
  auto* r = remote.as<run::RemoteImageRun>();
  REQUIRE(r);
  std::string err;
  CHECK_FALSE(r->from_checkpoint(bytes.data(), 10, "cut.gsck", err));
  CHECK(err.find("cut.gsck") != std::string::npos);
  auto loaded = r->from_checkpoint(bytes.data(), bytes.size(), "good.gsck", err);
  REQUIRE(loaded);
  CHECK(loaded->iteration() == 4);
  REQUIRE(remote.replace_run(std::move(loaded)).empty());
  REQUIRE(remote.step_iterations(2));
  REQUIRE(direct.step_iterations(2));
  CHECK(remote.run().state_hash_hex() == direct.state_hash_hex());
  // Views come from the run there: the same images as the direct run's.
  run::ViewRequest q;
  q.id = 7;
  q.real_pick = 3;
  q.z_line = Tensor2::from_shape({3, static_cast<std::size_t>(direct.config().noise_dim)});
  for (std::size_t i = 0; i < q.z_line.size(); ++i) q.z_line.data()[i] = 0.01f * static_cast<float>(i % 17);
  auto* now = remote.as<run::RemoteImageRun>();
  now->request_views(q);
  run::ImageViews v;
  REQUIRE(now->take_views(v));
  const run::ImageViews want = run::compute_image_views(direct.trainer(), q);
  CHECK(v.id == 7);
  CHECK(v.samples.size() == want.samples.size());
  CHECK(std::equal(v.samples.data(), v.samples.data() + v.samples.size(), want.samples.data()));
  CHECK(std::equal(v.real_prob.data(), v.real_prob.data() + v.real_prob.size(), want.real_prob.data()));
  CHECK(std::equal(v.line_images.data(), v.line_images.data() + v.line_images.size(), want.line_images.data()));
  // Every state the Session let go of is dropped there too.
  remote.reset();
  CHECK(ex->host().saved_count() == remote.snapshot_count());
}

// ---- batches: the executor runs a move's units at once, ahead of the Session

namespace {

bool same_views(const run::ImageViews& a, const run::ImageViews& b) {
  auto eq = [](const Tensor2& x, const Tensor2& y) {
    return x.shape() == y.shape() && std::equal(x.data(), x.data() + x.size(), y.data());
  };
  return eq(a.samples, b.samples) && eq(a.real_prob, b.real_prob) && eq(a.fake_prob, b.fake_prob);
}

// Lesson 8's route with the run computing ahead (keep_ahead) and interrupted
// mid-batch: views asked for while it is ahead, a setting, back, seek, a
// cancel, a move stopped half-way. Each stop equals the direct run's.
void interrupted(const lessons::Lesson& l, std::shared_ptr<run::Executor> executor) {
  run::Session s, d;
  s.executor = std::move(executor);
  s.snapshot_every = d.snapshot_every = 2;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  REQUIRE(d.load(l, std::nullopt, e));
  auto same = [&](const char* where) {
    INFO(where);
    const Stop a = stop_of(s), b = stop_of(d);  // the hash at step boundaries
    CHECK(a == b);
  };
  s.keep_ahead(true);  // as while playing: each move leaves the run computing an iteration or two ahead
  REQUIRE(s.step_units(3));
  REQUIRE(d.step_units(3));
  same("3 units, the run ahead");
  // Views asked for while the run is ahead: shown once the Session is where they were computed.
  auto* r = s.as<run::RemoteImageRun>();
  run::ViewRequest q;
  q.id = 1;
  r->request_views(q);
  run::ImageViews v;
  bool shown = r->take_views(v);
  for (int i = 0; i < 30 && !shown; ++i) {
    REQUIRE(s.step_units(1));
    REQUIRE(d.step_units(1));
    shown = r->take_views(v);
  }
  REQUIRE(shown);
  CHECK(same_views(v, run::compute_image_views(d.as<run::ImageRun>()->trainer(), q)));
  same("views");
  REQUIRE(s.step_iterations(2));
  REQUIRE(d.step_iterations(2));
  same("2 iterations");
  REQUIRE(s.step_units(2));  // mid-iteration, the run ahead: a setting restarts it
  REQUIRE(d.step_units(2));
  REQUIRE(s.set("lr_d", "0.0005").empty());
  REQUIRE(d.set("lr_d", "0.0005").empty());
  same("a setting mid-batch");
  REQUIRE(s.step_iterations(3));
  REQUIRE(d.step_iterations(3));
  REQUIRE(s.step_units(4));
  REQUIRE(d.step_units(4));
  same("on");
  REQUIRE(s.back_units(3));  // back: a restore drops what was computed ahead
  REQUIRE(d.back_units(3));
  same("back 3 units");
  REQUIRE(s.seek_iteration(2));
  REQUIRE(d.seek_iteration(2));
  same("seek 2");
  REQUIRE(s.step_units(5));
  REQUIRE(d.step_units(5));
  s.keep_ahead(false);  // paused: the run goes back exactly here
  REQUIRE(s.step_iterations(1));
  REQUIRE(d.step_iterations(1));
  same("a cancel mid-iteration, then on");
  // A move stopped half-way (the page's cancel): the run goes back to where the Session stopped.
  s.keep_ahead(true);
  s.unit_wait_ms = 0;
  s.step_iterations(3);
  for (int i = 0; i < 4 && s.busy(); ++i) s.resume(5);
  s.stop();
  s.unit_wait_ms = 1e12;
  REQUIRE(d.step_units(s.position() - d.position()));
  same("stopped");
  s.keep_ahead(false);
  REQUIRE(s.step_iterations(2));
  REQUIRE(d.step_iterations(2));
  same("after the stop");
  CHECK(s.error().empty());
}

}  // namespace

TEST_CASE("image run in batches: interrupted mid-batch it is the direct run", "[image_session][executor][batch]") {
  const lessons::Lesson l = lesson8();
  SECTION("in process, every batch run at once") { interrupted(l, std::make_shared<run::InProcessExecutor>(true)); }
  SECTION("on a thread") { interrupted(l, std::make_shared<run::ThreadExecutor>()); }
}

TEST_CASE("image run in batches: the saved states come from anchors; what was computed ahead is replayed there, "
          "never reported twice", "[image_session][executor][batch]") {
  const lessons::Lesson l = lesson8();
  auto ex = std::make_shared<run::InProcessExecutor>(true);
  run::Session s;
  s.executor = ex;
  s.snapshot_every = 1;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  const std::vector<std::string> want = straight(l, 5);
  s.keep_ahead(true);
  for (int i = 1; i <= 4; ++i) {  // a snapshot at every iteration start while the run is ahead
    REQUIRE(s.step_iterations(1));
    CHECK(s.run().state_hash_hex() == want[static_cast<std::size_t>(i)]);
  }
  CHECK(ex->host().replayed_units() == 0);  // each came from the anchor of its iteration start
  CHECK(ex->host().anchor_count() <= 4);    // old anchors go as the Session moves on
  REQUIRE(s.step_units(2));
  s.keep_ahead(false);  // two units into an iteration: back there by replaying from its start
  REQUIRE(s.step_iterations(1));
  CHECK(ex->host().replayed_units() == 2);
  CHECK(s.run().state_hash_hex() == want[5]);
  REQUIRE(s.seek_iteration(1));
  REQUIRE(s.seek_iteration(3));
  CHECK(s.run().state_hash_hex() == want[3]);
}

TEST_CASE("image run in batches on a thread: dcgan-mnist on MNIST has the CLI's state hash after 6 iterations",
          "[image_session][executor][batch][mnist]") {
  lessons::LoadResult r = lessons::find_lesson("dcgan-mnist");
  REQUIRE(r.ok());
  run::Session s;
  s.executor = std::make_shared<run::ThreadExecutor>();
  s.data_dir = GANSTEP_ASSETS_DIR "/data/mnist";
  std::string e;
  REQUIRE(s.load(r.lesson, std::nullopt, e));
  s.keep_ahead(true);
  REQUIRE(s.step_iterations(2));
  REQUIRE(s.step_units(5));
  REQUIRE(s.back_units(2));  // mid-batch: back, then on
  REQUIRE(s.seek_iteration(6));
  CHECK(s.iterations() == 6);
  CHECK(s.run().state_hash_hex() == "0a3c31eef5638568");  // ganstep run dcgan-mnist --steps 6
}

// Lesson 9 (growing) on the synthetic digits: a stage every 3 iterations, 2 of fade-in.
static lessons::Lesson growing_lesson() {
  lessons::LoadResult r = lessons::find_lesson("growing");
  REQUIRE(r.ok());
  REQUIRE(r.lesson.image);
  r.lesson.image->data = "idx:" + synthetic_mnist();
  r.lesson.config.batch = 8;
  r.lesson.config.grow_stage = 3;
  r.lesson.config.grow_fade = 2;
  return r.lesson;
}

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
