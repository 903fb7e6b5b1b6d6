// The one lesson runtime (lessons/run/session.h): narration is a function of
// the timeline. A property test over every library lesson: random stepping
// plans (units, updates, iterations, +N, steps and seeks back and forth,
// resets, answers given where the question was asked, a setting changed)
// end in the same run state and the same narration as a straight run.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>
#include <sstream>

#include "engine/gan/presets.h"
#include "engine/gan/resources.h"
#include "lessons/format/library.h"
#include "lessons/run/game_runs.h"
#include "lessons/run/point_run.h"
#include "lessons/run/session.h"
#include "tests/run/image_fixtures.h"  // synthetic_mnist

using namespace ganstep;
using namespace ganstep::lessons;
using ganstep::run::Session;

namespace {

const std::string H =
    "format = 1\n[meta]\nid = \"t\"\ntitle.en = \"T\"\ntitle.pt = \"T\"\nsummary.en = \"S\"\nsummary.pt = \"S\"\n"
    "[training]\nbatch = 16\niterations = 400\n";
const std::string Q =
    "[beat.question]\nprompt.en = \"?\"\nprompt.pt = \"?\"\nchoices.en = [\"a\", \"b\"]\nchoices.pt = [\"a\", \"b\"]\n"
    "answer = 1\n";

std::string beat(const std::string& trigger, const std::string& extra = "") {
  return "[[beat]]\ntrigger = " + trigger + "\ntext.en = \"e\"\ntext.pt = \"p\"\n" + extra;
}

Lesson lesson(const std::string& beats) {
  LoadResult r = parse_lesson(H + beats);
  for (const auto& p : r.problems) FAIL(format_problem("session", p));
  return r.lesson;
}

// Everything the student reads, and the run's state, as one comparable text.
std::string narration_key(const Session& s) {
  std::ostringstream o;
  const auto& n = s.narration();
  o << "pos " << s.position() << " its " << s.iterations() << " run_it " << s.run().iteration() << " hash "
    << s.run().state_hash_hex() << " next " << n.script.current() << " awaiting " << n.script.question_beat()
    << " fired";
  for (const auto& f : n.fired) {
    o << " " << f.beat << "@" << f.position << " values " << f.values.iteration;  // what its text shows, to the bit
    for (double v : f.values.metrics) o << " " << std::hexfloat << v << std::defaultfloat;
  }
  o << " answers";
  for (const auto& a : n.answers) o << " " << a.choice << a.text;
  return o.str();
}

// Answers every pending question right, where it was asked.
void answer_right(Session& s) {
  while (s.narration().script.awaiting_answer()) {
    const int b = s.narration().script.question_beat();
    s.answer(s.lesson().beats[static_cast<std::size_t>(b)].question->answer);
  }
}

// The straight run: one unit at a time, each question answered where it is
// asked, the setting made at the start of iteration set_at; to the start of
// timeline iteration n.
std::string straight(const Lesson& l, std::int64_t n, std::int64_t set_at, const std::string& key,
                     const std::string& value) {
  Session s;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  answer_right(s);
  while (s.iterations() < n || !s.run().at_iteration_start()) {
    if (s.iterations() == set_at && s.run().at_iteration_start() && !key.empty()) {
      REQUIRE(s.set(key, value).empty());
      answer_right(s);
    }
    if (!s.step_units(1)) break;
    answer_right(s);
  }
  return narration_key(s);
}

// A question is answered where it was asked: back to that position, then the answer.
void answer_where_asked_in(Session& s, const Lesson& l) {
  for (int guard = 0; guard < 64 && s.narration().script.awaiting_answer(); ++guard) {
    const auto& fired = s.narration().fired;
    const int b = s.narration().script.question_beat();
    std::int64_t at = -1;
    for (const auto& f : fired)
      if (f.beat == b) at = f.position;
    REQUIRE(at >= 0);
    if (s.position() != at) REQUIRE(s.seek_position(at));
    REQUIRE(s.narration().script.question_beat() == b);
    s.answer(l.beats[static_cast<std::size_t>(b)].question->answer);
  }
}

// A random plan over the same timeline, ending at the start of iteration n.
std::string planned(const Lesson& l, std::int64_t n, std::int64_t set_at, const std::string& key,
                    const std::string& value, std::uint32_t seed) {
  std::mt19937 rng(seed);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Session s;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  auto answer_where_asked = [&] { answer_where_asked_in(s, l); };
  auto random_ops = [&](int count, bool resets) {
    for (int i = 0; i < count; ++i) {
      switch (pick(0, resets ? 8 : 7)) {
        case 0: s.step_units(pick(1, 30)); break;
        case 1: s.step_updates(pick(1, 4)); break;
        case 2: s.step_iterations(pick(1, static_cast<int>(n / 3 + 1))); break;
        case 3: s.back_units(pick(1, 40)); break;
        case 4: s.back_iterations(pick(1, 20)); break;
        case 5: s.seek_iteration(pick(0, static_cast<int>(n + 10))); break;
        case 6: s.seek_position(pick(0, static_cast<int>(s.furthest_position() + 5))); break;
        case 7: s.step_iterations(1); break;
        case 8: s.reset(); break;
      }
      answer_where_asked();
    }
  };
  answer_where_asked();
  random_ops(pick(2, 8), key.empty());  // resets only where no setting has been made yet
  if (!key.empty()) {
    REQUIRE(s.seek_iteration(set_at));
    answer_where_asked();
    if (s.iterations() != set_at || !s.run().at_iteration_start()) REQUIRE(s.seek_iteration(set_at));
    REQUIRE(s.set(key, value).empty());
    answer_where_asked();
    random_ops(pick(2, 8), false);
  }
  // On to n; a question on the way stops the move: answered where it was asked, then on (lessons with questions in a row).
  for (int guard = 0; guard < 16 && (guard == 0 || s.iterations() != n || !s.run().at_iteration_start()); ++guard) {
    REQUIRE(s.seek_iteration(n));
    answer_where_asked();
  }
  return narration_key(s);
}

}  // namespace

TEST_CASE("a beat's set and reset act at the unit they fire; a reset ends the update", "[session]") {
  Lesson l = lesson(beat("{ at_iteration = 3 }", "set = { lr_d = 0.01, k = 2 }\n") +
                    beat("{ at_iteration = 5 }", "set = { seed = 7 }\nreset = true\n") +
                    beat("{ at_iteration = 1 }"));
  Session s;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  REQUIRE(s.step_iterations(6));
  const auto& fired = s.narration().fired;
  REQUIRE(fired.size() == 3);
  CHECK(fired[0].iteration == 3);
  CHECK(fired[1].iteration == 5);
  CHECK(fired[2].iteration == 1);   // counted in the restarted run
  CHECK(fired[2].iterations == 6);  // and in the timeline
  const Trainer& t = s.as<run::PointRun>()->trainer();
  CHECK(t.config().seed == 7);
  CHECK(t.config().k == 2);
  CHECK(t.config().opt_d.lr == Approx(0.01));
  GanConfig expect = l.config;
  REQUIRE(apply_settings(expect, {{"lr_d", "0.01"}, {"k", "2"}, {"seed", "7"}}).empty());
  Trainer fresh(expect);
  fresh.step_iterations(1);
  CHECK(t.state_hash() == fresh.state_hash());
  // The charts show the restarted run only.
  CHECK(s.history_end() - s.history_begin() == 1);
}

TEST_CASE("+N past a trigger fires it at its iteration; Reset and seeking back restore the narration", "[session]") {
  Lesson l = lesson(beat("\"load\"") + beat("{ at_iteration = 10 }", Q) + beat("{ at_iteration = 12 }"));
  Session s;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  REQUIRE(s.narration().fired.size() == 1);
  REQUIRE(s.step_iterations(100));  // one +100 press
  REQUIRE(s.narration().fired.size() == 2);
  CHECK(s.narration().fired[1].iterations == 10);
  CHECK(s.narration().script.awaiting_answer());  // beat 3 waits behind the question
  CHECK(s.take_pause_request());
  REQUIRE(s.seek_iteration(5));
  CHECK(s.narration().fired.size() == 1);
  CHECK_FALSE(s.narration().script.awaiting_answer());
  REQUIRE(s.seek_iteration(11));
  CHECK(s.narration().script.awaiting_answer());
  CHECK(s.answer(1));
  CHECK(s.narration().fired.size() == 2);
  REQUIRE(s.step_iterations(1));
  CHECK(s.narration().fired.size() == 3);
  CHECK(s.narration().fired[2].iterations == 12);
  s.reset();
  CHECK(s.iterations() == 0);
  CHECK(s.narration().fired.size() == 1);
  CHECK(!s.narration().answers[1].given());
}

TEST_CASE("a setting made mid-run is part of the timeline: replays apply it where it was made", "[session]") {
  Lesson l = lesson("");
  Session s;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  REQUIRE(s.step_iterations(30));
  REQUIRE(s.set("lr_g", "0.003").empty());
  REQUIRE(s.step_iterations(30));
  const std::string at60 = s.run().state_hash_hex();
  REQUIRE(s.seek_iteration(3));
  REQUIRE(s.seek_iteration(60));
  CHECK(s.run().state_hash_hex() == at60);
  // A new setting in the past drops the recorded future.
  REQUIRE(s.seek_iteration(10));
  REQUIRE(s.set("lr_g", "0.001").empty());
  CHECK(s.furthest_iterations() == 10);
  REQUIRE(s.seek_iteration(60));
  CHECK(s.run().state_hash_hex() != at60);
}

TEST_CASE("a new kind of run gets the timeline, seeking and beats for free", "[session]") {
  // A toy run: a random walk, one unit per iteration.
  struct Walk final : run::Run {
    struct State final : run::RunState {
      double x;
      std::int64_t it;
    };
    double x = 0;
    std::int64_t it = 0;
    run::RunKind kind() const override { return run::RunKind::Game; }
    std::int64_t iteration() const override { return it; }
    bool at_iteration_start() const override { return true; }
    bool at_update_end() const override { return true; }
    bool step_unit() override {
      x += static_cast<double>((it * 7919) % 13) - 6.0;
      ++it;
      return true;
    }
    std::string error() const override { return ""; }
    Observation observe() const override {
      Observation o;
      o.iteration = it;
      o.phases_done = it;
      o.distance = std::abs(x);
      return o;
    }
    run::HistoryPoint history_point() const override { return run::HistoryPoint{}; }
    std::string set(const std::vector<Setting>&, bool, bool& restarted) override {
      restarted = false;
      return "";
    }
    std::unique_ptr<run::RunState> save() const override {
      auto s = std::make_unique<State>();
      s->x = x;
      s->it = it;
      return s;
    }
    void restore(const run::RunState& st) override {
      x = static_cast<const State&>(st).x;
      it = static_cast<const State&>(st).it;
    }
    std::string state_hash_hex() const override { return std::to_string(x) + "/" + std::to_string(it); }
  };
  Lesson l = lesson(beat("{ at_iteration = 7 }") + beat("{ at_iteration = 40 }", Q) + beat("{ at_iteration = 41 }"));
  Session s;
  std::string e;
  REQUIRE(s.load(l, [] { return std::make_unique<Walk>(); }, e));
  REQUIRE(s.step_iterations(100));
  const std::string at100 = s.run().state_hash_hex();
  CHECK(s.narration().fired.size() == 2);
  REQUIRE(s.back_iterations(95));
  CHECK(s.narration().fired.empty());
  REQUIRE(s.seek_iteration(40));
  REQUIRE(s.answer(1));
  REQUIRE(s.seek_iteration(100));
  CHECK(s.run().state_hash_hex() == at100);
  CHECK(s.narration().fired.size() == 3);
  s.reset();
  CHECK(s.run().iteration() == 0);
  CHECK(s.narration().fired.empty());
}

TEST_CASE("every library lesson runs 200 iterations on the session without error", "[session][library]") {
  for (const auto& l : library_lessons()) {
    if (l.image) continue;  // image lessons: tests/player (they need the data set)
    INFO(l.id);
    Session s;
    std::string e;
    REQUIRE(s.load(l, std::nullopt, e));
    CHECK(s.step_iterations(200));
    CHECK(s.error().empty());
  }
}

TEST_CASE("every beat of every library lesson fires when the lesson is played through", "[session][library]") {
  for (const auto& l : library_lessons()) {
    if (l.image) continue;
    INFO(l.id);
    Session s;
    std::string e;
    REQUIRE(s.load(l, std::nullopt, e));
    answer_right(s);
    const std::int64_t limit = 4 * l.iterations + 10;  // each run segment may go to the lesson's end
    while (!s.narration().script.finished() && s.iterations() < limit) {
      REQUIRE(s.step_units(1));
      answer_right(s);
    }
    CHECK(s.narration().script.finished());
    const auto& fired = s.narration().fired;
    REQUIRE(fired.size() == l.beats.size());
    for (std::size_t i = 0; i < fired.size(); ++i) {
      const auto& f = fired[i];
      CHECK(f.beat == static_cast<int>(i));
      const Trigger& t = l.beats[i].trigger;
      INFO("beat " << i + 1);
      if (t.kind == TriggerKind::AtIteration) CHECK(f.iteration == t.iteration);  // reached exactly
      if (t.kind == TriggerKind::Load) CHECK(f.position == 0);
      if (t.kind == TriggerKind::AtPhase) {
        const int next = (static_cast<int>(t.phase) + 1) % kPhaseCount;
        const bool after_update_d = t.phase == Phase::UpdateD &&
                                    (f.next_phase == Phase::SampleNoiseD || f.next_phase == Phase::SampleNoiseG);
        CHECK((static_cast<int>(f.next_phase) == next || after_update_d));
      }
      if (t.kind == TriggerKind::Metric) {
        CHECK(f.iteration >= t.after);
        CHECK((t.above ? f.value > t.threshold : f.value < t.threshold));
      }
    }
  }
}

TEST_CASE("training-g's replay trains exactly the same D before freezing it", "[session][library]") {
  LoadResult r = find_lesson("training-g");
  REQUIRE(r.ok());
  Session s;
  std::string e;
  REQUIRE(s.load(r.lesson, std::nullopt, e));
  std::vector<std::string> at_freeze;  // state hash when each "freeze D" beat fires
  std::size_t seen = 0;
  answer_right(s);
  while (!s.narration().script.finished() && s.iterations() < 3 * r.lesson.iterations) {
    REQUIRE(s.step_units(1));
    for (; seen < s.narration().fired.size(); ++seen) {
      const std::string& id = r.lesson.beats[static_cast<std::size_t>(s.narration().fired[seen].beat)].id;
      if (id == "freeze-d" || id == "freeze-d-again") at_freeze.push_back(s.run().state_hash_hex());
    }
    answer_right(s);
  }
  REQUIRE(at_freeze.size() == 2);
  CHECK(at_freeze[0] == at_freeze[1]);
}

TEST_CASE("narration is a function of the timeline: random plans equal a straight run", "[session][property]") {
  const char* env = std::getenv("GANSTEP_PROPERTY_PLANS");
  const int plans = env ? std::max(1, std::atoi(env)) : 4;
  for (Lesson l : library_lessons()) {
    if (l.image) continue;
    if (l.latent && l.latent->detect > 0) l.latent->updates = 20;  // two units per batch of digits, not eight
    const bool game = l.game.has_value();
    const std::string key = game || l.latent ? "lr" : "lr_d";  // a [latent] lesson: Adam's rate on z
    for (int p = 0; p < plans; ++p) {
      const std::uint32_t seed = static_cast<std::uint32_t>(1000 * p + l.id.size());
      std::mt19937 rng(seed);
      const std::int64_t n = std::uniform_int_distribution<int>(1, static_cast<int>(std::min<std::int64_t>(l.iterations, 320)))(rng);
      const bool with_set = p % 2 == 1;
      const std::int64_t set_at = with_set ? std::uniform_int_distribution<int>(0, static_cast<int>(n))(rng) : -1;
      const std::string value = game ? "0.05" : "0.02";
      INFO(l.id << " plan " << p << " to iteration " << n << (with_set ? " with a setting at " + std::to_string(set_at) : ""));
      CHECK(planned(l, n, set_at, with_set ? key : "", value, seed) == straight(l, n, set_at, with_set ? key : "", value));
    }
  }
}

// An image lesson of the library made quick: the synthetic digits, batch 8,
// its at_iteration beats every 2 iterations in their order (the texts,
// questions and pauses are the lesson's), a growing G's stages every 4.
lessons::Lesson quick_image_lesson(const std::string& id) {
  LoadResult r = find_lesson(id);
  REQUIRE(r.ok());
  REQUIRE(r.lesson.image);
  Lesson l = r.lesson;
  l.image->data = "idx:" + image_testing::synthetic_mnist();
  l.config.batch = 8;
  if (l.config.grow_stage > 0) {
    l.config.grow_stage = 4;
    l.config.grow_fade = 2;
  }
  std::int64_t at = 0;
  for (Beat& b : l.beats)
    if (b.trigger.kind == TriggerKind::AtIteration) b.trigger.iteration = at += 2;
  l.iterations = at + 2;
  return l;
}

// Every route to the end of lesson l (+N at once, from the start and again
// after a Reset; seeks back and forth; random plans of units, updates, +N,
// backs, seeks and resets; each question answered where it was asked) ends
// in the straight run's state and narration, with every beat fired.
void check_routes_to_the_end(const Lesson& l) {
  const std::int64_t n = l.iterations;
  INFO(l.id << " to iteration " << n);
  const std::string want = straight(l, n, -1, "", "");
  CHECK(want.find("fired 0@0") != std::string::npos);
  Session s;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  auto to_n = [&] {
    for (int guard = 0; guard < 16 && (s.iterations() < n || !s.run().at_iteration_start()); ++guard) {
      REQUIRE(s.step_iterations(std::max<std::int64_t>(1, n - s.iterations())));
      answer_where_asked_in(s, l);
    }
    return narration_key(s);
  };
  answer_where_asked_in(s, l);
  CHECK(to_n() == want);
  CHECK(s.narration().fired.size() == l.beats.size());  // every beat of the lesson on the way
  s.reset();  // back to iteration 0: the load beat alone
  CHECK(s.narration().fired.size() == 1);
  CHECK(s.iterations() == 0);
  answer_where_asked_in(s, l);
  CHECK(to_n() == want);
  for (std::int64_t it : {n / 2, std::int64_t(1), n - 1, std::int64_t(0), n / 3}) {
    REQUIRE(s.seek_iteration(it));
    answer_where_asked_in(s, l);
  }
  CHECK(to_n() == want);
  for (int p = 0; p < 2; ++p) {
    INFO("plan " << p);
    CHECK(planned(l, n, -1, "", "", static_cast<std::uint32_t>(7 + p)) == want);
  }
}

TEST_CASE("narration is a function of the timeline in the growing and style-mapping lessons", "[session][property][image_session]") {
  for (const char* id : {"growing", "style-mapping"}) check_routes_to_the_end(quick_image_lesson(id));
}

// detect-fakes reaches its last beats only at its end (iteration 20, when all
// 200 digits of each group are scored): the random plans above stop earlier.
// Made quick with 20 updates per digit instead of 80 (two units per batch,
// so snapshots still fall mid-batch); the beats and the 20 iterations are
// the lesson's.
TEST_CASE("narration is a function of the timeline in detect-fakes, to its last beat", "[session][property]") {
  LoadResult r = find_lesson("detect-fakes");
  REQUIRE(r.ok());
  REQUIRE(r.lesson.latent);
  Lesson l = r.lesson;
  l.latent->updates = 20;
  check_routes_to_the_end(l);
}

TEST_CASE("a point run keeps only the snapshots that fit in the memory limit", "[session]") {
  Lesson l = lesson("");
  l.config.batch = 4096;
  l.config.g_hidden = {{64, Act::ReLU}};
  l.config.d_hidden = {{64, Act::ReLU}};
  const MemoryEstimate one = estimate_point_memory(l.config, 1, 0, Keeping{0, 1});
  REQUIRE(one.snapshots > 4e6);  // a whole trainer: several MB
  // Room for the run and about 5 copies of it.
  set_memory_limit(one.total() - one.snapshots + 5.5 * one.snapshots);
  Session s;
  s.snapshot_every = 1;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  CHECK(s.snapshot_budget() == 5);
  REQUIRE(s.step_iterations(40));
  CHECK(s.snapshot_count() <= 5);
  std::vector<std::string> hashes;
  {
    Trainer t(l.config);
    for (int i = 0; i <= 40; ++i) {
      hashes.push_back(t.state_hash_hex());
      t.step_iteration();
    }
  }
  for (int target : {0, 13, 38, 7}) {
    REQUIRE(s.seek_iteration(target));
    CHECK(s.run().state_hash_hex() == hashes[static_cast<std::size_t>(target)]);
    CHECK(s.snapshot_count() <= 5 + 5);
  }
  // A larger batch: fewer fit; the ones held are thinned at once.
  REQUIRE(s.set("batch", "16384").empty());
  CHECK(s.snapshot_budget() == 2);
  CHECK(s.snapshot_count() <= 2 + 2);
  set_memory_limit(0);
  Session roomy;
  REQUIRE(roomy.load(lesson(""), std::nullopt, e));
  CHECK(roomy.snapshot_budget() == 128);
}
