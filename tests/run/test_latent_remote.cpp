// The [latent] lessons through an executor (lessons/run/remote_run.h): what
// find-latent and detect-fakes show on a fixed route (position, beats, the
// chart, the state hash and the panels' view) is the direct run's, in
// process (one unit per request, and in batches: the host ahead of the
// Session) and on a thread; a detect run scores a drawn digit there as here.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <thread>
#include <string>
#include <vector>

#include "lessons/format/library.h"
#include "lessons/run/detect_run.h"
#include "lessons/run/latent_view.h"
#include "lessons/run/remote_run.h"
#include "lessons/run/session.h"

using namespace ganstep;

namespace {

struct LatentStop {
  std::int64_t position = 0, iterations = 0, run_iteration = 0;
  std::vector<std::pair<int, std::int64_t>> fired;
  std::vector<float> history;
  std::string hash, error, target;
  double loss = 0;
  std::size_t path = 0, scored = 0;
  double auc = 0;
  float prior_sd = 0;  // the find-latent circle's radius, carried in the view
  bool operator==(const LatentStop& o) const {
    return position == o.position && iterations == o.iterations && run_iteration == o.run_iteration &&
           fired == o.fired && history == o.history && hash == o.hash && error == o.error && target == o.target &&
           loss == o.loss && path == o.path && scored == o.scored && auc == o.auc &&
           prior_sd == o.prior_sd;
  }
};

std::ostream& operator<<(std::ostream& os, const LatentStop& t) {
  return os << "{position " << t.position << ", iteration " << t.run_iteration << ", hash " << t.hash << ", loss "
            << t.loss << ", path " << t.path << ", scored " << t.scored << ", error '" << t.error << "'}";
}

LatentStop stop_of(const run::Session& s) {
  LatentStop t;
  t.position = s.position();
  t.iterations = s.iterations();
  t.run_iteration = s.run().iteration();
  for (const auto& f : s.narration().fired) t.fired.push_back({f.beat, f.position});
  for (const auto& h : s.history()) t.history.push_back(h.latent);
  t.hash = s.run().state_hash_hex();
  t.error = s.error() + s.run().error();
  if (const run::LatentView* v = s.run().latent_view()) {
    t.loss = v->loss;
    t.path = v->path.size();
    t.target = v->spec.target;
    t.prior_sd = v->prior_sd;
  }
  if (const run::DetectView* v = s.run().detect_view()) {
    t.scored = v->scores[0].size();
    t.auc = v->roc(Detector::Resynthesis, run::DigitGroup::Same).auc;
    t.target = v->spec.target;
  }
  return t;
}

// Waits for a move (async: the moves return at once and resume() finishes them).
void finish(run::Session& s, bool ok) {
  REQUIRE(ok);
  int spins = 0;
  while (s.busy()) {
    REQUIRE(s.resume(50));
    REQUIRE(++spins < 200000);
  }
}

// A remote run's state comes after open, set and restore: the panels wait for it.
void settle(run::Session& s) {
  auto* r = s.as<run::RemoteRun>();
  int spins = 0;
  while (r && !r->unit_ready() && r->state_pending()) {  // unit_ready takes the state report (asks for nothing)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    REQUIRE(++spins < 60000);
  }
}

template <class Route>
std::vector<LatentStop> drive(const lessons::Lesson& l, std::shared_ptr<run::Executor> executor, Route route,
                              std::shared_ptr<run::Executor> helper = nullptr, std::int64_t* ahead = nullptr) {
  run::Session s;
  s.executor = std::move(executor);
  s.helper = std::move(helper);
  s.snapshot_every = 2;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  if (s.executor) s.unit_wait_ms = 0;
  std::vector<LatentStop> stops;
  auto at = [&](bool ok) {
    finish(s, ok);
    settle(s);
    stops.push_back(stop_of(s));
  };
  at(true);
  route(s, at);
  if (ahead)
    if (auto* r = s.as<run::RemoteRun>()) *ahead = r->helper_batches();
  return stops;
}

lessons::Lesson library_lesson(const char* id) {
  const lessons::LoadResult r = lessons::find_lesson(id);
  REQUIRE(r.ok());
  return r.lesson;
}

// helper: a detect lesson is driven with a helper scoring batches ahead too.
template <class Route>
void check_executors(const lessons::Lesson& l, Route route, bool helper = false) {
  const std::vector<LatentStop> direct = drive(l, nullptr, route);
  REQUIRE(direct.size() > 3);
  for (const LatentStop& t : direct) REQUIRE(t.error.empty());
  CHECK(drive(l, std::make_shared<run::InProcessExecutor>(), route) == direct);
  CHECK(drive(l, std::make_shared<run::InProcessExecutor>(true), route) == direct);
#ifdef GANSTEP_THREAD_EXECUTOR
  CHECK(drive(l, std::make_shared<run::ThreadExecutor>(), route) == direct);
#endif
  if (!helper) return;
  // A detect run with a helper scoring batches ahead (the page's second worker): every stop the same.
  // In process, the helper answers as soon as it is asked, so every batch after the one under
  // way comes from it; on a thread, wherever the two meet.
  std::int64_t ahead = 0;
  CHECK(drive(l, std::make_shared<run::InProcessExecutor>(), route, std::make_shared<run::InProcessExecutor>(),
              &ahead) == direct);
  CHECK(ahead > 0);
  CHECK(drive(l, std::make_shared<run::InProcessExecutor>(true), route, std::make_shared<run::InProcessExecutor>()) ==
        direct);
#ifdef GANSTEP_THREAD_EXECUTOR
  CHECK(drive(l, std::make_shared<run::ThreadExecutor>(), route, std::make_shared<run::ThreadExecutor>()) == direct);
#endif
}

}  // namespace

TEST_CASE("find-latent through an executor is the direct run: steps, back, seek, live and restarting settings",
          "[remote][latent]") {
  const lessons::Lesson l = library_lesson("find-latent");
  check_executors(l, [](run::Session& s, auto& at) {
    at(s.step_iterations(6));
    at(s.back_iterations(2));
    at(s.set("lr", "0.02").empty());  // live: the search goes on
    at(s.step_iterations(3));
    at(s.set("target", "test:3").empty());  // a new target: the search starts over
    at(s.step_iterations(5));
    at(s.seek_iteration(2));
    at(s.seek_iteration(9));
    at(s.set("restart", "1").empty());
    at(s.step_iterations(2));
    at(!s.set("target", "test:999999").empty());  // refused at once, nothing changes
    at(s.step_iterations(1));
  });
}

TEST_CASE("detect-fakes through an executor is the direct run, and scores a drawn digit the same",
          "[remote][detect]") {
  lessons::Lesson l = library_lesson("detect-fakes");
  l.latent->detect = 12;  // 2 batches of 10 and 2: the route crosses batch ends and the end
  l.latent->updates = 20;
  check_executors(l, [](run::Session& s, auto& at) {
    at(s.step_updates(1));
    at(s.step_iterations(1));
    at(s.back_units(1));
    at(s.step_iterations(3));
    at(s.seek_iteration(1));
    at(s.set("lr", "0.04").empty());  // any change scores again
    at(s.step_iterations(2));
  });
  // Four batches of three units: stops inside the batches a helper scores ahead, a saved state
  // inside one, and a change of setting that makes the helper's batches of the old ones stale.
  lessons::Lesson four = library_lesson("detect-fakes");
  four.latent->detect = 20;
  four.latent->batch = 5;
  four.latent->updates = 30;
  check_executors(four, [](run::Session& s, auto& at) {
    at(s.step_iterations(1));
    at(s.step_updates(1));
    at(s.step_updates(1));
    at(s.back_units(1));
    at(s.step_iterations(2));
    at(s.seek_iteration(1));
    at(s.step_updates(2));
    at(s.set("lr", "0.04").empty());
    at(s.step_updates(4));
    at(s.step_iterations(4));
  }, true);
  // A drawn digit's verdict: the same numbers from a local and a remote run.
  std::vector<float> digit(784, -1.0f);
  for (int y = 6; y < 22; ++y) digit[std::size_t(y * 28 + 14)] = digit[std::size_t(y * 28 + 13)] = 1.0f;  // a "1"
  std::vector<run::DigitVerdict> got;
  for (int remote = 0; remote < 2; ++remote) {
    run::Session s;
    if (remote) s.executor = std::make_shared<run::InProcessExecutor>(true);
    std::string e;
    REQUIRE(s.load(l, std::nullopt, e));
    settle(s);
    s.run().score_digit(7, digit);
    run::DigitVerdict v;
    REQUIRE(s.run().take_verdict(v));
    CHECK(v.id == 7);
    CHECK(v.error.empty());
    CHECK(v.recon.size() == 784);
    got.push_back(v);
    s.run().score_digit(8, std::vector<float>(5, 0.0f));  // not a digit: refused with a message
    REQUIRE(s.run().take_verdict(v));
    CHECK(v.error == "a digit is 784 values (28 x 28)");
  }
  CHECK(got[0].score.error == got[1].score.error);
  CHECK(got[0].score.d == got[1].score.d);
  CHECK(got[0].score.confidence == got[1].score.confidence);
  CHECK(got[0].recon == got[1].recon);
}

TEST_CASE("a [latent] run whose models are missing fails there and says why here", "[remote][latent]") {
  lessons::Lesson l = library_lesson("find-latent");
  l.latent->generator = "no-such-lesson";
  run::Session s;
  s.executor = std::make_shared<run::InProcessExecutor>();
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));  // opened there; its error comes back
  settle(s);
  CHECK(s.run().error().find("no-such-lesson") != std::string::npos);
  s.step_iterations(1);  // nothing runs
  CHECK(s.run().iteration() == 0);
  CHECK_FALSE(s.run().error().empty());
}

namespace {

// An executor whose replies wait until released: the page's worker while the models load.
class HeldExecutor final : public run::Executor {
 public:
  void post(run::Message command) override { inner_.post(std::move(command)); }
  bool poll(run::Message& reply, double wait_ms) override { return !held && inner_.poll(reply, wait_ms); }
  bool can_wait() const override { return false; }
  bool held = true;

 private:
  run::InProcessExecutor inner_{true};
};

struct BadSetting {
  const char* key;
  const char* value;
  const char* message;  // a part of the refusal
};

// Each bad setting on a loaded remote run: refused by set() itself, with a
// message naming the setting, and the run (position, state, view) unchanged.
void check_refused(const lessons::Lesson& l, std::shared_ptr<run::Executor> executor,
                   const std::vector<BadSetting>& table) {
  run::Session s;
  s.executor = std::move(executor);
  s.snapshot_every = 2;
  s.unit_wait_ms = 0;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  finish(s, s.step_iterations(2));
  settle(s);
  const LatentStop before = stop_of(s);
  REQUIRE(before.error.empty());
  for (const BadSetting& b : table) {
    INFO(b.key << " = " << b.value);
    const std::string refused = s.set(b.key, b.value);
    CHECK(refused.find(b.message) != std::string::npos);
    CHECK(refused.find(b.key) != std::string::npos);  // it names the setting
    settle(s);
    CHECK(stop_of(s) == before);
    CHECK(s.run().error().empty());
  }
  finish(s, s.step_iterations(1));  // and it goes on
  settle(s);
  CHECK(s.run().error().empty());
  CHECK(s.run().iteration() == before.run_iteration + 1);
}

}  // namespace

TEST_CASE("a remote [latent] run refuses a setting only its models can check at once, nothing changed",
          "[remote][latent]") {
  // The held-out set: MNIST's t10k split as the set-up made it (1005 digits here).
  const lessons::Lesson find = library_lesson("find-latent");
  run::Session direct;
  std::string e;
  REQUIRE(direct.load(find, std::nullopt, e));
  const std::size_t held_out = direct.run().latent_view()->facts.test_count;
  REQUIRE(held_out > 12);
  const std::string past = "test:" + std::to_string(held_out), many = std::to_string(held_out + 1);
  const std::string has = "the held-out set has " + std::to_string(held_out) + " digits";
  const std::vector<BadSetting> find_table = {
      {"target", past.c_str(), has.c_str()},
      {"target", "test:999999", has.c_str()},
      {"target", "test:x", "is neither"},
      {"generator", "growing", "cannot change during a lesson"},
      {"lr", "0", "is not a number in"},
      {"starts", "17", "1..16"},
      {"encoder", "maybe", "not true or false"},
  };
  lessons::Lesson detect = library_lesson("detect-fakes");
  detect.latent->detect = 12;
  detect.latent->updates = 20;
  const std::vector<BadSetting> detect_table = {
      {"detect", many.c_str(), has.c_str()},
      {"detect", "5000", has.c_str()},
      {"detect", "0", "at least 1"},
      {"other_generator", "dcgan-mnist", "cannot change during a lesson"},
      {"other_seed", "3", "cannot change during a lesson"},
      {"updates", "-1", "0..2000"},
      {"batch", "0", "1..200"},
      {"pixel_weight", "0", "pixel_weight and feature_weight are both 0"},
  };
  for (const lessons::Lesson* l : {&find, static_cast<const lessons::Lesson*>(&detect)}) {
    const auto& table = l == &find ? find_table : detect_table;
    check_refused(*l, std::make_shared<run::InProcessExecutor>(), table);
    check_refused(*l, std::make_shared<run::InProcessExecutor>(true), table);
#ifdef GANSTEP_THREAD_EXECUTOR
    check_refused(*l, std::make_shared<run::ThreadExecutor>(), table);
#endif
  }

  // Before the models have loaded there, what they decide is refused too (and
  // what they do not decide is taken); once they have, the same target is taken.
  auto held = std::make_shared<HeldExecutor>();
  run::Session s;
  s.executor = held;
  s.unit_wait_ms = 0;
  REQUIRE(s.load(find, std::nullopt, e));
  const std::string loading = s.set("target", "test:3");
  CHECK(loading.find("target test:3: the held-out digits are not known until the models have loaded") == 0);
  CHECK(s.set("lr", "0.02").empty());
  held->held = false;
  settle(s);
  CHECK(s.run().error().empty());
  CHECK(s.run().latent_view()->spec.target == "test:0");
  CHECK(s.run().latent_view()->spec.lr == 0.02f);
  CHECK(s.set("target", "test:3").empty());
  settle(s);
  CHECK(s.run().latent_view()->spec.target == "test:3");
}

TEST_CASE("a batch scored ahead is taken only when it is this run's, whole; a cut or bad message is refused",
          "[remote][detect]") {
  lessons::Lesson l = library_lesson("detect-fakes");
  l.latent->detect = 10;
  l.latent->batch = 5;
  l.latent->updates = 30;
  auto open = [&](run::Session& s) {
    std::string e;
    REQUIRE(s.load(l, std::nullopt, e));
    REQUIRE(s.as<run::DetectRun>());
    return s.as<run::DetectRun>();
  };
  run::Session plain, helper;
  run::DetectRun* p = open(plain);
  run::DetectRun* h = open(helper);
  const run::ScoredBatch b = h->score_ahead(1);
  REQUIRE(b.error.empty());
  CHECK(b.z.size() == 2);  // three units: the codes after the first two
  CHECK(b.scores.size() == 20);
  CHECK(h->score_ahead(2).error == "batch 2 is not one of the 2");
  CHECK(h->score_ahead(-1).error == "batch -1 is not one of the 2");
  CHECK(h->iteration() == 0);  // scoring ahead leaves the run where it is

  // As bytes: whole, the same; cut anywhere, refused.
  ByteWriter w;
  run::put_scored_batch(w, b);
  const std::vector<std::uint8_t> bytes = w.out();
  run::ScoredBatch back;
  ByteReader whole(bytes.data(), bytes.size());
  REQUIRE(run::get_scored_batch(whole, back));
  CHECK(back.key == b.key);
  CHECK(back.scores.size() == b.scores.size());
  CHECK(bool(back.recon == b.recon));
  for (std::size_t n = 0; n < bytes.size(); n += 1 + n / 64) {
    ByteReader cut(bytes.data(), n);
    run::ScoredBatch c;
    CHECK_FALSE(run::get_scored_batch(cut, c));
  }

  // Batches that are not this run's, or not whole, are not taken; its own is, to the same bits.
  std::vector<std::string> hashes;
  for (int u = 0; u < 6; ++u) {
    REQUIRE(p->step_unit());
    hashes.push_back(p->state_hash_hex());
  }
  auto bad = [&](auto change) {
    run::ScoredBatch x = b;
    change(x);
    return x;
  };
  const std::vector<run::ScoredBatch> refused = {
      bad([](run::ScoredBatch& x) { x.key += "?"; }),
      bad([](run::ScoredBatch& x) { x.error = "failed"; }),
      bad([](run::ScoredBatch& x) { x.batch = 2; }),
      bad([](run::ScoredBatch& x) { x.z.pop_back(); }),
      bad([](run::ScoredBatch& x) { x.scores.pop_back(); }),
      bad([](run::ScoredBatch& x) { x.recon = Tensor2::from_shape({19, 784}); }),
      bad([](run::ScoredBatch& x) { x.z[0] = Tensor2::from_shape({20, 3}); }),
  };
  run::Session s;  // one session: its models load once
  for (std::size_t i = 0; i <= refused.size(); ++i) {
    INFO("case " << i);
    run::DetectRun* r = open(s);
    r->take_ahead(i < refused.size() ? refused[i] : b);
    for (int u = 0; u < 6; ++u) {
      REQUIRE(r->step_unit());
      CHECK(r->state_hash_hex() == hashes[std::size_t(u)]);
    }
    CHECK(r->taken_ahead() == (i < refused.size() ? 0 : 1));
  }
}
