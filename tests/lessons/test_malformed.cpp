// A table of malformed lessons: each must give a problem whose message (or a
// hint) contains the expected fragment, at the expected line (and column
// where it is meaningful). None may crash or throw.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lessons/format/lesson.h"
#include "tests/lessons/lesson_head.h"

using namespace ganstep::lessons;

namespace {

// Seven lines of a valid lesson head; cases append from line 8.
const std::string H = lesson_head("t", "T", "T", "S", "S");

// A valid beat, lines relative to where it is appended.
const std::string B =
    "[[beat]]\n"
    "trigger = \"load\"\n"
    "text.en = \"Hello\"\n"
    "text.pt = \"Olá\"\n";

struct Case {
  const char* name;
  std::string text;
  const char* fragment;  // in the message or a hint
  int line;
  int col;               // 0: not checked
};

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

std::vector<Case> cases() {
  std::vector<Case> c;
  // ---- broken TOML
  c.push_back({"unterminated header", H + "[training\nk = 1\n", "invalid TOML", 8, 0});
  c.push_back({"missing =", H + "[training]\nlr_d 0.1\n", "invalid TOML", 9, 0});
  c.push_back({"duplicate key", H + "[training]\nk = 1\nk = 2\n", "invalid TOML", 10, 0});
  c.push_back({"duplicate table", H + "[training]\n[training]\n", "invalid TOML", 9, 0});
  c.push_back({"unterminated string", H + "[data]\nset = \"ring8\n", "invalid TOML", 9, 0});
  c.push_back({"bad escape", H + "[data]\nset = \"ring\\q8\"\n", "invalid TOML", 9, 0});
  // ---- wrong types
  c.push_back({"k as string", H + "[training]\nk = \"two\"\n", "must be an integer, got a string", 9, 5});
  c.push_back({"k as float", H + "[training]\nk = 2.5\n", "must be an integer, got a float", 9, 5});
  c.push_back({"lr as string", H + "[training]\nlr_d = \"fast\"\n", "must be a number, got a string", 9, 8});
  c.push_back({"seed as bool", H + "[training]\nseed = true\n", "must be an integer, got a boolean", 9, 8});
  c.push_back({"data set as array", H + "[data]\nset = [\"ring8\"]\n", "must be a string, got an array", 9, 7});
  c.push_back({"title plain string", "format = 1\n[meta]\nid = \"t\"\ntitle = \"T\"\nsummary.en = \"S\"\nsummary.pt = \"S\"\n",
               "must have both languages", 4, 9});
  c.push_back({"section not a table", "format = 1\nmeta = 3\n", "must be a table", 2, 8});
  c.push_back({"beat not an array", "format = 1\nbeat = 5\n" + H.substr(11), "must be an array of tables", 2, 8});
  c.push_back({"pause as string", H + B + "pause = \"yes\"\n", "must be a boolean", 12, 9});
  c.push_back({"date value", H + "[training]\nk = 1979-05-27\n", "got a date/time", 9, 5});
  // ---- unknown keys
  c.push_back({"unknown training key", H + "[training]\nlr_dd = 0.1\n", "did you mean \"lr_d\"?", 9, 1});
  c.push_back({"unknown section", H + "[trainig]\nk = 1\n", "did you mean \"training\"?", 8, 2});
  c.push_back({"unknown meta key", H + "titel.en = \"x\"\n", "did you mean \"title\"?", 8, 1});
  c.push_back({"unknown language", H + B + "text.es = \"Hola\"\n", "unknown language \"es\"", 12, 6});
  c.push_back({"unknown top-level key", "format = 1\nlesson = 1\n" + H.substr(11), "unknown key \"lesson\" in the top level", 2, 1});
  c.push_back({"unknown trigger key", H + "[[beat]]\ntrigger = { at_iteraton = 3 }\ntext.en = \"a\"\ntext.pt = \"a\"\n",
               "did you mean \"at_iteration\"?", 9, 13});
  c.push_back({"unknown set key", H + B + "set = { lr_dd = 0.1 }\n", "did you mean \"lr_d\"?", 12, 9});
  c.push_back({"unknown panel", H + "[view]\npanels = [\"view1d\", \"bogus\", \"narration\"]\n", "unknown panel \"bogus\"", 9, 10});
  c.push_back({"unknown lock", H + "[locks]\nlocked = [\"lr\"]\n", "cannot lock \"lr\"", 9, 10});
  c.push_back({"unknown level", H + "level = \"expert\"\n", "unknown level \"expert\"", 8, 9});
  // ---- out-of-range numbers (the engine's config_keys() messages)
  c.push_back({"k too large", H + "[training]\nk = 500\n", "500 is out of range 1..100", 9, 5});
  c.push_back({"lr zero", H + "[training]\nlr_g = 0\n", "learning rate must be > 0", 9, 8});
  c.push_back({"lr infinite", H + "[training]\nlr_d = inf\n", "must be a finite number", 9, 8});
  c.push_back({"batch negative", H + "[training]\nbatch = -5\n", "-5 is out of range 1..65536", 9, 9});
  c.push_back({"momentum 1.5", H + "[training]\nmomentum_d = 1.5\n", "out of range", 9, 14});
  c.push_back({"seed negative", H + "[training]\nseed = -1\n", "is not a seed", 9, 8});
  c.push_back({"huge integer", H + "[training]\nk = 99999999999999999999\n", "invalid TOML", 9, 0});
  c.push_back({"minutes zero", H + "minutes = 0\n", "out of range 1..240", 8, 11});
  c.push_back({"iterations zero", H + "[training]\niterations = 0\n", "out of range 1..1000000", 9, 14});
  c.push_back({"speed zero", H + "[view]\nspeed = 0\n", "out of range 1..100000", 9, 9});
  c.push_back({"unknown data set", H + "[data]\nset = \"ring9\"\n", "did you mean \"ring8\"?", 9, 7});
  c.push_back({"unknown noise", H + "[noise]\nprior = \"laplace\"\n", "unknown noise prior", 9, 9});
  c.push_back({"unknown activation", H + "[generator]\nhidden = \"32:swish\"\n", "unknown activation", 9, 10});
  c.push_back({"networks too large", H + "[generator]\nhidden = \"4096:relu,4096:relu,4096:relu\"\n",
               "gives G and D 33.6M weights; the limit is 2,000,000", 9, 0});
  c.push_back({"bad id", "format = 1\n[meta]\nid = \"Bad Id\"\ntitle.en = \"T\"\ntitle.pt = \"T\"\nsummary.en = \"S\"\nsummary.pt = \"S\"\n",
               "not a valid lesson id", 3, 6});
  // ---- the top level
  c.push_back({"missing format", "[meta]\nid = \"t\"\ntitle.en = \"T\"\ntitle.pt = \"T\"\nsummary.en = \"S\"\nsummary.pt = \"S\"\n",
               "missing format", 1, 1});
  c.push_back({"format 2", "format = 2\n" + H.substr(11), "format 2 is not supported", 1, 10});
  c.push_back({"missing meta", "format = 1\n", "missing section [meta]", 1, 1});
  // ---- missing translations
  c.push_back({"missing title.pt", "format = 1\n[meta]\nid = \"t\"\ntitle.en = \"T\"\nsummary.en = \"S\"\nsummary.pt = \"S\"\n",
               "missing Portuguese text: title.pt", 4, 1});
  c.push_back({"missing summary.en", "format = 1\n[meta]\nid = \"t\"\ntitle.en = \"T\"\ntitle.pt = \"T\"\nsummary.pt = \"S\"\n",
               "missing English text: summary.en", 6, 1});
  c.push_back({"beat missing text.pt", H + "[[beat]]\ntrigger = \"load\"\ntext.en = \"Hello\"\n", "missing Portuguese text: text.pt", 10, 1});
  c.push_back({"empty text", H + "[[beat]]\ntrigger = \"load\"\ntext.en = \"  \"\ntext.pt = \"x\"\n", "text.en is empty", 10, 11});
  c.push_back({"question missing prompt.en",
               H + B + "[beat.question]\nprompt.pt = \"P?\"\nchoices.en = [\"a\", \"b\"]\nchoices.pt = [\"a\", \"b\"]\nanswer = 0\n",
               "missing English text: prompt.en", 13, 1});
  // ---- bad triggers
  c.push_back({"unknown trigger word", H + "[[beat]]\ntrigger = \"start\"\ntext.en = \"a\"\ntext.pt = \"a\"\n", "unknown trigger \"start\"", 9, 11});
  c.push_back({"trigger typo", H + "[[beat]]\ntrigger = \"lod\"\ntext.en = \"a\"\ntext.pt = \"a\"\n", "did you mean \"load\"?", 9, 11});
  c.push_back({"missing trigger", H + "[[beat]]\ntext.en = \"a\"\ntext.pt = \"a\"\n", "missing beat.trigger", 8, 1});
  c.push_back({"trigger number", H + "[[beat]]\ntrigger = 5\ntext.en = \"a\"\ntext.pt = \"a\"\n", "trigger must be \"load\" or a table", 9, 11});
  c.push_back({"at_iteration beyond the end", H + "[[beat]]\ntrigger = { at_iteration = 5000 }\ntext.en = \"a\"\ntext.pt = \"a\"\n",
               "can never fire: at_iteration = 5000", 9, 11});
  c.push_back({"negative at_iteration", H + "[[beat]]\ntrigger = { at_iteration = -3 }\ntext.en = \"a\"\ntext.pt = \"a\"\n",
               "is negative", 9, 28});
  c.push_back({"d_fake above 1.5", H + "[[beat]]\ntrigger = { metric = \"d_fake\", above = 1.5 }\ntext.en = \"a\"\ntext.pt = \"a\"\n",
               "can never fire: d_fake above 1.5", 9, 11});
  c.push_back({"d_real below 0", H + "[[beat]]\ntrigger = { metric = \"d_real\", below = 0 }\ntext.en = \"a\"\ntext.pt = \"a\"\n",
               "can never fire: d_real below 0", 9, 11});
  c.push_back({"js above ln 2", H + "[[beat]]\ntrigger = { metric = \"js\", above = 0.7 }\ntext.en = \"a\"\ntext.pt = \"a\"\n",
               "ln 2", 9, 11});
  c.push_back({"loss_g above 0 with minimax", H + "[training]\ng_loss = \"minimax\"\n[[beat]]\ntrigger = { metric = \"loss_g\", above = 0.5 }\ntext.en = \"a\"\ntext.pt = \"a\"\n",
               "can never fire: loss_g above 0.5", 11, 11});
  c.push_back({"unknown phase", H + "[[beat]]\ntrigger = { at_phase = \"loss_x\" }\ntext.en = \"a\"\ntext.pt = \"a\"\n",
               "did you mean \"loss_d\"?", 9, 24});
  c.push_back({"unknown metric", H + "[[beat]]\ntrigger = { metric = \"d_fak\", above = 0.4 }\ntext.en = \"a\"\ntext.pt = \"a\"\n",
               "did you mean \"d_fake\"?", 9, 22});
  c.push_back({"two trigger kinds", H + "[[beat]]\ntrigger = { at_iteration = 3, metric = \"js\", below = 0.1 }\ntext.en = \"a\"\ntext.pt = \"a\"\n",
               "more than one of", 9, 11});
  c.push_back({"metric without threshold", H + "[[beat]]\ntrigger = { metric = \"js\" }\ntext.en = \"a\"\ntext.pt = \"a\"\n",
               "needs above = X or below = X", 9, 11});
  c.push_back({"after with at_iteration", H + "[[beat]]\ntrigger = { at_iteration = 3, after = 2 }\ntext.en = \"a\"\ntext.pt = \"a\"\n",
               "after does not go with at_iteration", 9, 39});
  c.push_back({"after beyond the end", H + "[[beat]]\ntrigger = { metric = \"js\", below = 0.1, after = 9000 }\ntext.en = \"a\"\ntext.pt = \"a\"\n",
               "can never fire: after = 9000", 9, 11});
  // ---- actions
  c.push_back({"set data without reset", H + B + "set = { data = \"ring8\" }\n", "cannot change during a run", 8, 1});
  c.push_back({"set out of range", H + B + "set = { k = 0 }\n", "set.k: 0 is out of range", 12, 13});
  c.push_back({"set wrong type", H + B + "set = { g_loss = 3 }\n", "must be a string, got an integer", 12, 18});
  c.push_back({"answer beyond choices",
               H + B + "[beat.question]\nprompt.en = \"P?\"\nprompt.pt = \"P?\"\nchoices.en = [\"a\", \"b\"]\nchoices.pt = [\"a\", \"b\"]\nanswer = 3\n",
               "only 2 choices", 12, 1});
  c.push_back({"choices count differs",
               H + B + "[beat.question]\nprompt.en = \"P?\"\nprompt.pt = \"P?\"\nchoices.en = [\"a\", \"b\", \"c\"]\nchoices.pt = [\"a\", \"b\"]\nanswer = 0\n",
               "has 3 choices but", 15, 1});
  c.push_back({"highlight hidden panel", H + "[view]\npanels = [\"view1d\", \"narration\"]\n" + B + "highlight = \"charts\"\n",
               "not one of the panels shown", 10, 1});
  c.push_back({"view2d on 1-D data", H + "[view]\npanels = [\"view2d\", \"narration\"]\n", "needs 2-D data", 9, 10});
  c.push_back({"beats without narration", H + "[view]\npanels = [\"view1d\"]\n" + B, "does not show narration", 9, 10});
  c.push_back({"duplicate beat id", H + B + "id = \"a\"\n" + B + "id = \"a\"\n", "used twice", 13, 1});
  // ---- markdown
  c.push_back({"unclosed bold", H + "[[beat]]\ntrigger = \"load\"\ntext.en = '''\nfirst line\nsome **bold\n'''\ntext.pt = \"x\"\n",
               "unclosed **bold**", 12, 1});
  c.push_back({"unclosed italics", H + "[[beat]]\ntrigger = \"load\"\ntext.en = \"D*(x) is optimal\"\ntext.pt = \"x\"\n",
               "write \\* for a literal asterisk", 10, 11});
  // ---- sizes and nesting
  c.push_back({"huge text", H + "[[beat]]\ntrigger = \"load\"\ntext.en = \"" + std::string(5000, 'a') + "\"\ntext.pt = \"x\"\n",
               "too long (5000 bytes; at most 4000)", 10, 11});
  c.push_back({"huge data spec", H + "[data]\nset = \"" + std::string(2000, 'g') + "\"\n", "too long", 9, 7});
  {
    std::string beats;
    for (int i = 0; i < 65; ++i) beats += B;
    c.push_back({"too many beats", H + beats, "too many beats (65; at most 64)", 8 + 64 * 4, 1});
  }
  c.push_back({"too large", H + "# " + std::string(300000, 'x') + "\n", "too large", 1, 1});
  c.push_back({"deep dotted key", H + "[meta." + repeat("a.", 20) + "b]\n", "more than 8 dotted parts", 8, 2});
  c.push_back({"deep dotted key, 100k parts", H + "x." + repeat("a.", 100000) + "b = 1\n", "more than 8 dotted parts", 8, 1});
  c.push_back({"deep arrays", H + "x = " + repeat("[", 40) + repeat("]", 40) + "\n", "nested value depth", 8, 0});
  c.push_back({"deep inline tables", H + "x = {a={b={c={d={e={f=1}}}}}}\n", "nested too deeply", 8, 0});
  c.push_back({"too many choices",
               H + B + "[beat.question]\nprompt.en = \"P?\"\nprompt.pt = \"P?\"\nchoices.en = [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\"]\nchoices.pt = [\"a\"]\nanswer = 0\n",
               "too many items", 15, 14});
  // ---- invalid UTF-8 (toml++ finds it; the position must be reported)
  c.push_back({"invalid UTF-8 in a string", H + "[data]\nset = \"ring\xff\xfe\"\n", "utf-8", 9, 0});
  c.push_back({"invalid UTF-8 in a comment", H + "# caf\xc3\x28\n", "utf-8", 8, 0});
  c.push_back({"overlong UTF-8", H + "[data]\nset = \"\xc0\xafx\"\n", "utf-8", 9, 0});
  // toml++ 3.3 reaches __builtin_unreachable on most non-ASCII characters where it
  // tests for whitespace (found by fuzz/fuzz_lesson.cpp); the pre-scan refuses them there.
  c.push_back({"non-ASCII after a bare key", H + "titleé = 1\n", "non-ASCII character outside a string", 8, 6});
  c.push_back({"non-ASCII after a boolean", H + "[[beat]]\ntrigger = \"load\"\npause = trueé\n", "outside a string", 10, 13});
  c.push_back({"non-ASCII quoted key", H + "\"títle\" = 1\n", "non-ASCII character in a key", 8, 1});
  c.push_back({"non-ASCII quoted header", H + "[\"dadós\"]\n", "non-ASCII character in a key", 8, 2});
  c.push_back({"non-ASCII dotted quoted key", H + "title.'é' = \"x\"\n", "non-ASCII character in a key", 8, 7});
  c.push_back({"backslash before non-ASCII", H + "[[beat]]\ntrigger = \"load\"\ntext.en = \"a\\é\"\ntext.pt = \"b\"\n",
               "backslash before a non-ASCII character", 10, 0});
  c.push_back({"line-ending backslash then non-ASCII",
               H + "[[beat]]\ntrigger = \"load\"\ntext.en = \"\"\"a \\\n   é\"\"\"\ntext.pt = \"b\"\n",
               "right after a line-ending backslash", 11, 4});
  c.push_back({"header without a name", H + "[&[bl[\n", "a table header must start with a name", 8, 1});
  c.push_back({"header cut by a newline", H + "[[\nbeat]]\n", "a table header must start with a name", 8, 1});
  c.push_back({"array header with a third bracket", H + "[[[beat]]bl[[bl[\n", "a table header must start with a name", 8, 1});
  c.push_back({"array header, space, bracket", H + "[[ [beat]]]\n", "a table header must start with a name", 8, 1});
  c.push_back({"NUL byte", H + std::string("[data]\nset = \"ri\0ng8\"\n", 22), "invalid TOML", 9, 0});
  // ---- [game] (the engine's game_keys() messages)
  const std::string G = "[view]\npanels = [\"saddle\", \"narration\"]\n[game]\n";  // lines 8-10
  c.push_back({"unknown game", H + G + "game = \"dirak\"\n", "did you mean \"dirac\"?", 11, 8});
  c.push_back({"unknown game loss", H + G + "loss = \"hinge\"\n", "unknown value \"hinge\"", 11, 8});
  c.push_back({"bad formula", H + G + "formula = \"x*(y\"\n", "formula:", 11, 11});
  c.push_back({"unknown rule", H + G + "rule = \"alternate\"\n", "unknown value \"alternate\" (expected simultaneous", 11, 8});
  c.push_back({"k out of range", H + G + "k = 0\n", "0 is out of range 1..1000", 11, 5});
  c.push_back({"zero learning rate", H + G + "lr = 0\n", "learning rate must be > 0", 11, 6});
  c.push_back({"lr as string", H + G + "lr = \"fast\"\n", "must be a number, got a string", 11, 6});
  c.push_back({"gamma negative", H + G + "gamma = -1\n", "out of range 0..1000", 11, 9});
  c.push_back({"start too far", H + G + "start_x = 1e9\n", "is out of range -1000000..1000000", 11, 11});
  c.push_back({"unknown game key", H + G + "lerning_rate = 0.1\n", "unknown key \"lerning_rate\" in [game]", 11, 1});
  c.push_back({"bad compare rule", H + G + "compare = [\"alternating\", \"adamw\"]\n", "compare \"adamw\"", 11, 11});
  c.push_back({"bad compare setting", H + G + "compare = [\"r1 gamma=x\"]\n", "gamma: \"x\" is not a number", 11, 11});
  c.push_back({"too many compares", H + G + "compare = [\"r1\", \"r1\", \"r1\", \"r1\", \"r1\", \"r1\"]\n", "at most 5", 11, 11});
  c.push_back({"game steps 0", H + G + "steps = 0\n", "steps = 0 is out of range 1..100000", 11, 9});
  c.push_back({"gan panel in a game lesson", H + "[view]\npanels = [\"view1d\"]\n[game]\ngame = \"bilinear\"\n",
               "panel view1d needs a GAN run", 9, 10});
  c.push_back({"saddle panel without a game", H + "[view]\npanels = [\"saddle\"]\n", "panel saddle needs a [game] section", 9, 10});
  c.push_back({"samples panel without images", H + "[view]\npanels = [\"charts\", \"samples\"]\n",
               "panel samples needs an image lesson", 9, 10});
  c.push_back({"classes panel without images", H + "[view]\npanels = [\"classes\"]\n",
               "panel classes needs an image lesson", 9, 10});
  c.push_back({"gan setting in a game beat", H + G + "game = \"bilinear\"\n" + B + "set = { g_loss = \"minimax\" }\n",
               "unknown game setting \"g_loss\"", 16, 9});
  c.push_back({"bad game setting in a beat", H + G + "game = \"bilinear\"\n" + B + "set = { rule = \"sgd\" }\n",
               "set.rule: unknown value \"sgd\"", 16, 16});
  c.push_back({"start changed without reset", H + G + "game = \"bilinear\"\n" + B + "set = { start_x = 2 }\n",
               "set.start_x cannot change during a run", 12, 1});
  c.push_back({"gan metric in a game lesson", H + G + "game = \"bilinear\"\n[[beat]]\ntrigger = { metric = \"d_fake\", above = 0.5 }\ntext.en = \"a\"\ntext.pt = \"a\"\n",
               "measures only distance", 13, 11});
  c.push_back({"distance in a gan lesson", H + "[[beat]]\ntrigger = { metric = \"distance\", below = 0.5 }\ntext.en = \"a\"\ntext.pt = \"a\"\n",
               "distance needs a [game] section", 9, 11});
  c.push_back({"at_phase in a game lesson", H + G + "game = \"bilinear\"\n[[beat]]\ntrigger = { at_phase = \"loss_d\" }\ntext.en = \"a\"\ntext.pt = \"a\"\n",
               "a [game] lesson has no phases", 13, 11});
  c.push_back({"game trigger after the last step", H + G + "steps = 50\n" + B.substr(0, 9) + "trigger = { at_iteration = 51 }\ntext.en = \"a\"\ntext.pt = \"a\"\n",
               "[game] steps", 13, 11});
  // ---- image lessons ([data] images, [generator] / [discriminator] layers)
  const std::string I = "[data]\nimages = \"mnist\"\n";  // lines 8-9
  const std::string GL = "[generator]\nlayers = [\"dense(784)\", \"tanh\"]\n";  // lines 10-11
  const std::string DL = "[discriminator]\nlayers = [\"flatten\", \"dense(1)\"]\n";  // lines 12-13
  c.push_back({"unknown image data", H + "[data]\nimages = \"cifar\"\n" + GL + DL, "unknown image data set \"cifar\"", 9, 10});
  c.push_back({"idx without a folder", H + "[data]\nimages = \"idx:\"\n" + GL + DL, "idx: needs a folder", 9, 10});
  c.push_back({"bad image shape", H + I + "shape = \"1x28\"\n" + GL + DL, "is not CxHxW", 10, 9});
  c.push_back({"image lesson without G", H + I + DL, "needs [generator] layers", 9, 10});
  c.push_back({"unknown layer", H + I + "[generator]\nlayers = [\"dense(784)\", \"tanhh\"]\n" + DL,
               "did you mean \"tanh\"?", 11, 26});
  c.push_back({"unknown conv argument", H + I + "[generator]\nlayers = [\"conv(8, kernal=3)\"]\n" + DL,
               "unknown argument \"kernal\" in conv (did you mean \"kernel\"?)", 11, 20});
  c.push_back({"conv without kernel", H + I + "[generator]\nlayers = [\"dense(784)\", \"reshape(1,28,28)\", \"conv(1)\"]\n" + DL,
               "conv needs kernel=K", 11, 53});
  c.push_back({"bad dropout", H + I + GL + "[discriminator]\nlayers = [\"flatten\", \"dropout(1.5)\", \"dense(1)\"]\n",
               "bad probability", 13, 31});
  c.push_back({"missing paren", H + I + "[generator]\nlayers = [\"dense(784\", \"tanh\"]\n" + DL, "missing ')'", 11, 21});
  c.push_back({"G makes the wrong size", H + I + "[generator]\nlayers = [\"dense(100)\", \"tanh\"]\n" + DL,
               "G makes 100 features, the images are 1x28x28", 11, 25});
  c.push_back({"dense on an image", H + I + GL + "[discriminator]\nlayers = [\"dense(1)\"]\n",
               "dense needs a flat input, got 1x28x28", 13, 11});
  c.push_back({"D ends with two logits", H + I + GL + "[discriminator]\nlayers = [\"flatten\", \"dense(2)\"]\n",
               "D must end with one logit", 13, 22});
  c.push_back({"D ends with a sigmoid", H + I + GL + "[discriminator]\nlayers = [\"flatten\", \"dense(1)\", \"sigmoid\"]\n",
               "remove \"sigmoid\"", 13, 34});
  c.push_back({"reshape of the wrong size", H + I + "[generator]\nlayers = [\"dense(784)\", \"reshape(2, 28, 28)\"]\n" + DL,
               "holds 1568 values, its input has 784", 11, 25});
  c.push_back({"convT output_padding too big", H + I + "[generator]\nlayers = [\"dense(196)\", \"reshape(1,14,14)\", \"convT(1, kernel=4, stride=2, padding=1, output_padding=2)\"]\n" + DL,
               "output_padding must be smaller than stride", 11, 45});
  c.push_back({"mbstd's group does not divide the batch", H + I + GL + "[discriminator]\nlayers = [\"mbstd(5)\", \"flatten\", \"dense(1)\"]\n",
               "mbstd's group size 5 does not divide the batch 64", 13, 11});
  c.push_back({"mbstd with a zero group", H + I + GL + "[discriminator]\nlayers = [\"mbstd(0)\", \"flatten\", \"dense(1)\"]\n",
               "bad group size (1..65536) \"0\" in mbstd", 13, 18});
  // a growing GAN's markers (engine/gan/image_spec.h)
  c.push_back({"fromimage without channels", H + I + GL + "[discriminator]\nlayers = [\"fromimage\", \"flatten\", \"dense(1)\"]\n",
               "fromimage needs its channel count", 13, 21});
  c.push_back({"a growing G without toimage", H + I + "[generator]\nlayers = [\"dense(196)\", \"reshape(1,14,14)\", \"grow\", \"upsample\"]\n" + DL,
               "a growing net has one \"toimage\"", 11, 53});
  c.push_back({"a growing block that does not double", H + I + "[generator]\nlayers = [\"dense(196)\", \"reshape(1,14,14)\", \"grow\", \"relu\", \"toimage\"]\n" + DL,
               "must double the image", 11, 45});
  c.push_back({"G grows, D does not", H + I + "[generator]\nlayers = [\"dense(196)\", \"reshape(1,14,14)\", \"grow\", \"upsample\", \"toimage\"]\n" + DL,
               "G and D grow together", 13, 10});
  c.push_back({"hidden in an image lesson", H + I + "[generator]\nhidden = \"16:relu\"\nlayers = [\"dense(784)\"]\n" + DL,
               "[generator] hidden does not apply to an image lesson", 11, 10});
  c.push_back({"points data with images", H + "[data]\nimages = \"mnist\"\nset = \"ring8\"\n" + GL + DL,
               "[data] set does not apply to an image lesson", 10, 7});
  c.push_back({"view1d in an image lesson", H + I + GL + DL + "[view]\npanels = [\"view1d\", \"narration\"]\n",
               "panel view1d cannot show an image lesson", 15, 10});
  c.push_back({"minibatch in an image lesson", H + I + GL + DL + "[view]\npanels = [\"minibatch\", \"narration\"]\n",
               "panel minibatch cannot show an image lesson", 15, 10});
  c.push_back({"logloss in an image lesson", H + I + GL + DL + "[view]\npanels = [\"narration\", \"logloss\"]\n",
               "panel logloss cannot show an image lesson", 15, 10});
  c.push_back({"js trigger in an image lesson", H + I + GL + DL + "[[beat]]\ntrigger = { metric = \"js\", below = 0.1 }\ntext.en = \"a\"\ntext.pt = \"a\"\n",
               "js is not measured for images", 15, 11});
  c.push_back({"noise_dim changed in a beat", H + I + GL + DL + B + "set = { noise_dim = 8 }\nreset = true\n",
               "cannot change an image lesson's data or networks", 14, 1});
  return c;
}

bool mentions(const Problem& p, const std::string& fragment) {
  if (p.message.find(fragment) != std::string::npos) return true;
  for (const auto& h : p.hints)
    if (h.find(fragment) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("malformed lessons: every problem has a message and a position", "[malformed]") {
  const std::vector<Case> all = cases();
  REQUIRE(all.size() >= 40);
  for (const auto& c : all) {
    INFO("case: " << c.name);
    LoadResult r = parse_lesson(c.text);
    std::string got;
    for (const auto& p : r.problems) got += format_problem("case.toml", p);
    INFO("problems:\n" << got);
    CHECK_FALSE(r.ok());
    const Problem* hit = nullptr;
    for (const auto& p : r.problems)
      if (mentions(p, c.fragment)) { hit = &p; break; }
    CHECK(hit != nullptr);
    if (!hit) continue;
    CHECK(hit->line == c.line);
    if (c.col) CHECK(hit->col == c.col);
    for (const auto& p : r.problems) {
      CHECK(p.line >= 1);
      CHECK(p.col >= 1);
      CHECK_FALSE(p.message.empty());
    }
  }
}

TEST_CASE("the valid head used by the malformed table is valid", "[malformed]") {
  LoadResult r = parse_lesson(H);
  for (const auto& p : r.problems) FAIL_CHECK(format_problem("head", p));
  CHECK(r.ok());
  LoadResult rb = parse_lesson(H + B);
  for (const auto& p : rb.problems) FAIL_CHECK(format_problem("head+beat", p));
  CHECK(rb.ok());
}

TEST_CASE("problems print as FILE:LINE:COL: error: with hint lines", "[malformed]") {
  LoadResult r = parse_lesson(H + "[training]\nlr_dd = 0.1\n");
  REQUIRE(r.problems.size() == 1);
  CHECK(format_problem("x.toml", r.problems[0]) ==
        "x.toml:9:1: error: unknown key \"lr_dd\" in [training]\n"
        "x.toml:9:1: hint: did you mean \"lr_d\"?\n");
}

TEST_CASE("many problems are all reported, in source order, and capped", "[malformed]") {
  LoadResult r = parse_lesson(H + "[training]\nk = 0\nbatch = 0\nlr_d = -1\n");
  REQUIRE(r.problems.size() == 3);
  CHECK(r.problems[0].line == 9);
  CHECK(r.problems[1].line == 10);
  CHECK(r.problems[2].line == 11);
  std::string many = H + "[training]\n";
  for (int i = 0; i < 300; ++i) many += "bogus" + std::to_string(i) + " = 1\n";
  LoadResult m = parse_lesson(many);
  CHECK(m.problems.size() == kMaxProblems + 1);
  CHECK(m.problems.back().message.find("too many problems") != std::string::npos);
}
