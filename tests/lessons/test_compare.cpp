// A point lesson's objective and [training] compare: the checker's messages
// (FILE:LINE:COL at the token at fault, "did you mean"), the live values of
// compared runs in texts and claims, and share-link round trips.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lessons/format/beat_text.h"
#include "lessons/format/lesson.h"
#include "lessons/format/share.h"
#include "tests/lessons/lesson_head.h"

using namespace ganstep;
using namespace ganstep::lessons;

namespace {

// Seven lines of a valid lesson head; cases append from line 8.
const std::string H = lesson_head("t", "T", "T", "S", "S");

std::string check(const std::string& text) {
  std::string out;
  for (const Problem& p : parse_lesson(text).problems) out += format_problem("l.toml", p);
  return out;
}

struct Case {
  const char* name;
  std::string text;
  std::string expected;
};

}  // namespace

TEST_CASE("compare: each entry is checked through the settings table, at its token", "[compare][checker]") {
  const std::string T = H + "[data]\nset = \"ring8\"\n[training]\n";  // compare on line 11
  const Case cases[] = {
      {"valid", T + "compare = [\"g_loss=minimax\", \"objective=wgan-gp k=5\", \"objective=lsgan lr_d=0.01\"]\n", ""},
      {"a typo in a key",
       T + "compare = [\"objective=wgan-gp\", \"objectiv=lsgan\"]\n",
       "l.toml:11:34: error: compare \"objectiv=lsgan\": unknown setting \"objectiv\" (did you mean \"objective\"?)\n"},
      {"a bad value, second token",
       T + "compare = [\"objective=hinge lr_d=99\"]\n",
       "l.toml:11:29: error: compare \"objective=hinge lr_d=99\": lr_d: 99 is out of range 0..10\n"},
      {"an unknown objective",
       T + "compare = [\"objective=wgan\"]\n",
       "l.toml:11:13: error: compare \"objective=wgan\": objective: unknown objective \"wgan\" (expected gan, wgan-gp, "
       "lsgan or hinge)\n"},
      {"not key=value", T + "compare = [\"lsgan\"]\n",
       "l.toml:11:13: error: compare \"lsgan\": expected key=value, got \"lsgan\"\n"},
      {"an empty entry", T + "compare = [\" \"]\n",
       "l.toml:11:13: error: compare \" \": an empty entry (write key=value settings, e.g. \"objective=lsgan\")\n"},
      {"too many", T + "compare = [\"k=2\", \"k=3\", \"k=4\", \"k=5\"]\n",
       "l.toml:11:11: error: compare has 4 runs; at most 3 (4 with the main run)\n"},
      {"the lesson's own objective key", T + "objective = \"hinje\"\n",
       "l.toml:11:13: error: [training] objective: unknown objective \"hinje\" (expected gan, wgan-gp, lsgan or hinge)\n"},
  };
  for (const Case& k : cases) {
    INFO(k.name << "\n" << k.text);
    CHECK(check(k.text) == k.expected);
  }
  // An image lesson: objective gan only (the penalty's double backward is written for dense layers, the
  // image panels read D's output as a probability), no compare.
  const std::string image = H + "[data]\nimages = \"mnist\"\n[generator]\nlayers = [\"dense(784)\", \"tanh\"]\n"
                                "[discriminator]\nlayers = [\"flatten\", \"dense(1)\"]\n[training]\n";
  CHECK(check(image + "objective = \"wgan-gp\"\n") ==
        "l.toml:15:13: error: objective wgan-gp is for 1-D/2-D lessons (the point GAN)\n"
        "l.toml:15:13: hint: an image lesson trains with objective gan\n");
  CHECK(check(image + "objective = \"hinge\"\n").find("objective hinge is for 1-D/2-D lessons") != std::string::npos);
  CHECK(check(image + "objective = \"gan\"\n") == "");
  CHECK(check(image + "compare = [\"k=2\"]\n").find("an image lesson has one run") != std::string::npos);
  // A [game] lesson compares with [game] compare; an image lesson has one run.
  const std::string game = H + "[game]\ngame = \"bilinear\"\n[training]\ncompare = [\"k=2\"]\n";
  CHECK(check(game).find("[training] compare overlays point-GAN runs; a [game] lesson compares with [game] compare") !=
        std::string::npos);
}

TEST_CASE("compare: compared runs' values in texts and claims", "[compare][checker]") {
  const std::string T = H + "[data]\nset = \"ring8\"\n[training]\ncompare = [\"objective=lsgan\", \"objective=hinge\"]\n";
  auto beat = [](const std::string& text, const std::string& claims = "") {
    return "[[beat]]\ntrigger = { at_iteration = 10 }\n" + claims + "text.en = \"" + text + "\"\ntext.pt = \"" + text +
           "\"\n";
  };
  CHECK(check(T + beat("{js} {js_2:.2f} {loss_d_3}", "claims = [\"js_3 < 0.7\"]\n")) == "");
  CHECK(check(T + beat("{js_4}")) ==
        "l.toml:14:12: error: beat 1: text.en: unknown value \"js_4\" in a placeholder\n"
        "l.toml:14:12: hint: did you mean \"js_2\"?\n"
        "l.toml:15:12: error: beat 1: text.pt: unknown value \"js_4\" in a placeholder\n"
        "l.toml:15:12: hint: did you mean \"js_2\"?\n");
  // Without compare there are no run suffixes.
  const Lesson plain = parse_lesson(H).lesson;
  for (const auto& n : value_names(plain)) CHECK(n.find("_2") == std::string::npos);
  LiveValues v;
  v.metrics.assign(metric_names().size(), 0.25);
  v.compared = {std::vector<double>(metric_names().size(), 0.5)};
  CHECK(*v.get("js") == 0.25);
  CHECK(*v.get("js_2") == 0.5);
  CHECK(!v.get("js_3"));
  CHECK(!v.get("js_1"));  // run 1 is the main run: plain js
}

TEST_CASE("compare and objective survive save and share links", "[compare][share]") {
  const std::string text = H +
                           "[data]\nset = \"ring8\"\n[training]\nobjective = \"lsgan\"\ngp_lambda = 5.0\n"
                           "compare = [\"objective=wgan-gp k=5 beta1_d=0\", \"objective=hinge\"]\n";
  LoadResult r = parse_lesson(text);
  for (const auto& p : r.problems) FAIL_CHECK(format_problem("l.toml", p));
  REQUIRE(r.ok());
  CHECK(r.lesson.config.objective == Objective::Lsgan);
  CHECK(r.lesson.config.gp_lambda == 5.0f);
  REQUIRE(r.lesson.compare.size() == 2);
  const std::string fragment = make_share_fragment(r.lesson);
  LoadResult back = parse_share_link(fragment);
  for (const auto& p : back.problems) FAIL_CHECK(format_problem("<link>", p));
  REQUIRE(back.ok());
  CHECK(back.lesson.config.objective == Objective::Lsgan);
  CHECK(back.lesson.config.gp_lambda == 5.0f);
  CHECK(back.lesson.compare == r.lesson.compare);
  CHECK(save_lesson(back.lesson) == save_lesson(r.lesson));
  // The default objective is not written in a compact save (old links and files stay as they were).
  const std::string plain = save_lesson(parse_lesson(H).lesson, true);
  CHECK(plain.find("objective") == std::string::npos);
}
