// A point lesson's [training] compare: the compared runs step with the main
// one (whole iterations, whatever their k), stepping back and seeking restore
// every run exactly, beats see the main run and each compared run's values,
// settings reach every run with each entry on top.
#include <catch2/catch.hpp>

#include "engine/gan/trainer.h"
#include "lessons/format/lesson.h"
#include "lessons/run/point_run.h"
#include "lessons/run/session.h"

using namespace ganstep;
using namespace ganstep::lessons;
using ganstep::run::PointRun;
using ganstep::run::Session;

namespace {

const std::string H =
    "format = 1\n[meta]\nid = \"t\"\ntitle.en = \"T\"\ntitle.pt = \"T\"\nsummary.en = \"S\"\nsummary.pt = \"S\"\n"
    "[data]\nset = \"ring8\"\n[noise]\nprior = \"gaussian\"\ndim = 2\n"
    "[training]\nbatch = 32\niterations = 200\n"
    "compare = [\"objective=wgan-gp k=5 opt_d=adam beta1_d=0 beta2_d=0.9\", \"objective=lsgan\", \"g_loss=minimax\"]\n";

Lesson lesson(const std::string& beats = "") {
  LoadResult r = parse_lesson(H + beats);
  for (const auto& p : r.problems) FAIL(format_problem("t.toml", p));
  return r.lesson;
}

std::string hashes(const Session& s) {
  const auto* pr = s.as<PointRun>();
  std::string h = pr->trainer().state_hash_hex();
  for (const Trainer& t : pr->compared()) h += " " + t.state_hash_hex() + "@" + std::to_string(t.iteration());
  return h;
}

// A compared run alone, as its own Trainer: the lesson's config with the entry on top.
Trainer alone(const Lesson& l, std::size_t r, std::int64_t iterations) {
  GanConfig c = l.config;
  REQUIRE(apply_compare(c, l.compare[r]).empty());
  Trainer t(c);
  REQUIRE(t.step_iterations(iterations));
  return t;
}

}  // namespace

TEST_CASE("compared runs step together with the main run and equal their own runs", "[compare][session]") {
  const Lesson l = lesson();
  Session s;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  const auto* pr = s.as<PointRun>();
  REQUIRE(pr->compared().size() == 3);
  REQUIRE(s.step_iterations(30));
  REQUIRE(s.step_units(4));  // mid-iteration: the compared runs wait at 30
  for (const Trainer& t : pr->compared()) CHECK(t.iteration() == 30);
  for (std::size_t r = 0; r < 3; ++r) CHECK(pr->compared()[r].state_hash_hex() == alone(l, r, 30).state_hash_hex());
  CHECK(pr->compared()[0].config().k == 5);
  CHECK(pr->compared()[0].config().objective == Objective::WganGp);
  CHECK(pr->compared()[2].config().g_loss == GLoss::Minimax);
  // The main run is the lesson's own: the same hash as without compare.
  Lesson plain = l;
  plain.compare.clear();
  Session p;
  REQUIRE(p.load(plain, std::nullopt, e));
  REQUIRE(p.step_iterations(30));
  REQUIRE(p.step_units(4));
  CHECK(p.run().state_hash_hex() == s.run().state_hash_hex());
}

TEST_CASE("stepping back and seeking restore every compared run exactly", "[compare][session]") {
  Session s;
  std::string e;
  REQUIRE(s.load(lesson(), std::nullopt, e));
  REQUIRE(s.step_iterations(60));
  const std::string at60 = hashes(s);
  REQUIRE(s.step_iterations(45));
  const std::string at105 = hashes(s);
  REQUIRE(s.back_iterations(45));
  CHECK(hashes(s) == at60);
  REQUIRE(s.seek_iteration(105));
  CHECK(hashes(s) == at105);
  REQUIRE(s.seek_iteration(7));
  REQUIRE(s.seek_iteration(60));
  CHECK(hashes(s) == at60);
  // Charts: every compared run's figures at each iteration.
  const auto& h = s.history();
  REQUIRE(h.size() >= 60);
  for (int r = 0; r < 3; ++r) CHECK(std::isfinite(h[59].compared[r].loss_d));
  CHECK(h[59].compared[0].loss_d != h[59].loss_d);
}

TEST_CASE("beats see each compared run's values; settings reach every run, entries on top", "[compare][session]") {
  const Lesson l = lesson("[[beat]]\ntrigger = { at_iteration = 20 }\nclaims = [\"js_2 > 0\"]\n"
                          "text.en = \"{js} {js_2} {d_real_3}\"\ntext.pt = \"p\"\n"
                          "[[beat]]\ntrigger = { at_iteration = 40 }\nset = { lr_d = 0.0005, objective = \"hinge\" }\n"
                          "text.en = \"e\"\ntext.pt = \"p\"\n");
  Session s;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  REQUIRE(s.step_iterations(41));
  REQUIRE(s.narration().fired.size() == 2);
  const auto& v = s.narration().fired[0].values;
  REQUIRE(v.get("js_2"));
  REQUIRE(v.get("js_4"));
  CHECK(*v.get("js_2") != *v.get("js"));
  CHECK(v.get("d_real_3"));
  const auto* pr = s.as<PointRun>();
  CHECK(pr->trainer().config().objective == Objective::Hinge);
  CHECK(pr->compared()[0].config().objective == Objective::WganGp);  // its entry wins
  CHECK(pr->compared()[1].config().objective == Objective::Lsgan);
  CHECK(pr->compared()[2].config().objective == Objective::Hinge);  // g_loss=minimax only
  for (const Trainer& t : pr->compared()) CHECK(t.config().opt_d.lr == 0.0005f);
  // A restart (a non-live key) rebuilds every run at iteration 0.
  REQUIRE(s.set("d_hidden", "8:relu").empty());
  for (const Trainer& t : pr->compared()) {
    CHECK(t.iteration() == 0);
    CHECK(t.config().d_hidden.size() == 1);
  }
}

TEST_CASE("an image trainer refuses wgan-gp; a compare entry that cannot run is the run's error", "[compare][session]") {
  GanConfig c;
  c.data = "ring8";
  PointRun bad(c, {"d_hidden=5000:relu"});
  CHECK(bad.error().find("compare \"d_hidden=5000:relu\"") != std::string::npos);
  bool restarted = false;
  PointRun ok(c, {"objective=lsgan"});
  REQUIRE(ok.error().empty());
  CHECK(ok.set({{"objective", "wgan"}}, false, restarted).find("unknown objective") != std::string::npos);
}
