// What a beat says, filled in when it fires: live values, control and panel
// names, and the numeric claims a beat makes about the run.
//
// Placeholders in beat texts (text, prompt, choices, feedback):
//   {loss_d}  {d_real:.2f}  {js:.3g}  {kl_data_g:.1f}  {d_fake:.0%}
//                         a metric's value when the beat fires (the lesson's
//                         kind: see value_names), in the lesson's language
//                         (decimal comma in pt). Formats: .Nf (N decimals,
//                         0..6), .Ng (N significant digits, 1..9), .N% (a
//                         percentage with N decimals). Default .3g.
//   {js_2}  {loss_d_3:.2f}
//                         a point lesson with [training] compare: the same
//                         values of compared run N (run 1 is the main run,
//                         runs 2..4 the compare entries in order)
//   {iteration}           the run's completed iterations (what at_iteration counts)
//   {button:iteration}    the label of a control as the player shows it
//                         ("Iteration ▸", "Iteração ▸"): see control_names
//   {panel:settings}      a panel's title as the player shows it
//   {{  }}                literal braces
// A '{' not followed by a name and then ':' or '}' is an ordinary character,
// so "{z⁽¹⁾, …, z⁽ᵐ⁾}" needs no escaping.
//
// Claims: `claims = ["js > 0.05", "d_real <= 0.6"]` in a beat, NAME OP NUMBER
// with OP one of < <= > >=, over the same names as the placeholders. They
// hold when the beat fires; a test runs every library lesson and checks them
// (tests/run/test_library_claims.cpp), so a text's numbers cannot drift from
// the run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lessons/format/lesson.h"

namespace ganstep::lessons {

// ---------------------------------------------------------------- values

// The values a beat's text and claims see: every metric (NaN where the run
// does not have it at that moment) and the iteration, taken when it fired.
struct LiveValues {
  std::vector<double> metrics;  // by Metric (metric_names() order)
  std::int64_t iteration = -1;  // the run's completed iterations; -1: not taken
  std::vector<std::vector<double>> compared;  // compared run N's metrics at [N - 2]
  std::optional<double> get(const std::string& name) const;
};

// The names a lesson's placeholders and claims may use: "iteration" and the
// metrics its kind measures (a [game]: distance; images: no js, kl_*); with
// [training] compare, each GAN metric of run N as NAME_N (N = 2..1 + entries).
std::vector<std::string> value_names(const Lesson& lesson);

// ---------------------------------------------------------------- controls

// The player's controls a text may name ({button:NAME}).
enum class Control { Play, Phase, DStep, Iteration, StepN, BackPhase, BackIteration, Reset, Seed, Checkpoint, Open,
                     Share, Help };
const char* control_name(Control c);
bool parse_control(const std::string& s, Control& out);
// The controls the player shows for a lesson of this kind.
std::vector<Control> controls_of(const Lesson& lesson);

// ---------------------------------------------------------------- placeholders

struct Placeholder {
  std::size_t begin = 0, end = 0;  // byte range in the text, braces included
  std::string kind;                // "" (a value), "button" or "panel"
  std::string name;
  char style = 'g';                // a value's format
  int digits = 3;
};

struct TextProblem {
  std::size_t offset = 0;  // byte offset in the text
  std::string message;
  std::string hint;
};

// The placeholders of a text, in order. Syntax problems (a bad format, an
// unclosed placeholder, a stray "}}") go to problems; names are checked by
// check_placeholders.
std::vector<Placeholder> find_placeholders(std::string_view text, std::vector<TextProblem>* problems = nullptr);
// Every problem of a text's placeholders for this lesson: syntax, unknown
// names (with "did you mean", among the names of the lesson's kind), controls
// the lesson's kind does not have, panels it does not show.
std::vector<TextProblem> check_placeholders(std::string_view text, const Lesson& lesson);

// A control's or panel's label in a language ("button"/"panel", name); the
// player supplies its own. Without one, a control shows as its name.
using LabelFn = std::function<std::string(const std::string& kind, const std::string& name, Lang lang)>;

// The text with its placeholders filled in.
std::string fill_text(std::string_view text, const LiveValues& values, Lang lang, const LabelFn& label = {});

// ---------------------------------------------------------------- claims

struct Claim {
  std::string name;
  enum class Op { Lt, Le, Gt, Ge } op = Op::Lt;
  double value = 0;
  std::string text;  // as written
};
// "" or the problem; `names`: the names allowed (value_names).
std::string parse_claim(std::string_view s, const std::vector<std::string>& names, Claim& out,
                        std::string* hint = nullptr);
// Whether a claim holds for these values; nullopt when the value is missing.
std::optional<bool> claim_holds(const Claim& claim, const LiveValues& values);

}  // namespace ganstep::lessons
