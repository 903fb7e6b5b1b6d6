// The config key table: every key with a valid and an invalid value, round
// trips through get(), "did you mean" suggestions, presets.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/gan/config.h"
#include "engine/gan/presets.h"
#include "engine/gan/trainer.h"

using namespace ganstep;

namespace {

struct KeyCase {
  std::vector<std::string> valid;    // each round-trips exactly through get() (floats
                                     // chosen exact in float, <= 9 digits)
  std::vector<std::string> invalid;
};

const std::map<std::string, KeyCase>& key_cases() {
  static const std::map<std::string, KeyCase> cases = {
      {"data", {{"ring8", "gaussian(1,2)", "mixture(0.5*N(0,1)+0.5*U(2,3))", "uniform(-1,3)"},
                {"nosuchset", "gaussian(1)", "csv:/no/such/file", ""}}},
      {"noise", {{"uniform", "gaussian", "mixture(2)", "mixture(100)", "mixture(1000)"},
                 {"cauchy", "", "Uniform", "mixture(1)", "mixture(1001)", "mixture()", "mixture(10", "mixture(x)",
                  "mixture(-3)", "mixture(2.5)", "mixture(99999)", "mixture( 4)"}}},
      {"noise_dim", {{"1", "7", "1024"}, {"0", "1025", "-3", "2.5", "x", ""}}},
      {"g_hidden", {{"14:relu,14:tanh", "", "3:sigmoid", "8:leaky_relu,4:none"},
                    {"0:relu", "14:foo", "abc", "14:relu,,3:relu", "5000:relu"}}},
      {"d_hidden", {{"32:relu,32:relu", "1:tanh"}, {"-1:relu", ":relu", "14:"}}},
      {"opt_d", {{"sgd", "adam"}, {"rmsprop", "", "ADAM"}}},
      {"opt_g", {{"adam", "sgd"}, {"adagrad"}}},
      {"lr_d", {{"0.5", "10", "0.125"}, {"0", "-1", "10.5", "abc", "", "nan", "1e999"}}},
      {"lr_g", {{"0.0625", "0.25"}, {"0", "11", "x1"}}},
      {"momentum_d", {{"0", "0.875", "0.5"}, {"1", "-0.1", "abc"}}},
      {"momentum_g", {{"0.75"}, {"2"}}},
      {"beta1_d", {{"0.5", "0"}, {"1", "-1", "b"}}},
      {"beta1_g", {{"0.875"}, {"1.5"}}},
      {"beta2_d", {{"0.75"}, {"1", ""}}},
      {"beta2_g", {{"0.5"}, {"-0.5"}}},
      {"k", {{"1", "5", "100"}, {"0", "101", "-5", "1.5", "one", ""}}},
      {"batch", {{"1", "64", "65536"}, {"0", "-5", "65537", "abc", "99999999999999999999"}}},
      {"g_loss", {{"minimax", "nonsat"}, {"wasserstein", ""}}},
      {"objective", {{"gan", "wgan-gp", "lsgan", "hinge"}, {"wgan", "", "GAN", "least-squares"}}},
      {"gp_lambda", {{"10", "0", "0.5", "1000"}, {"-1", "1000.5", "abc", "", "nan"}}},
      {"r1_gamma", {{"0", "10", "0.25", "1000"}, {"-1", "1000.5", "abc", "", "nan"}}},
      {"r1_every", {{"1", "16", "1000"}, {"0", "1001", "2.5", "abc", ""}}},
      {"equalized_lr", {{"true", "false"}, {"yes", "", "TRUE", "1"}}},
      {"grow_stage", {{"0", "400", "1000000"}, {"-1", "1000001", "1.5", "abc", ""}}},
      {"grow_fade", {{"0", "200", "1000000"}, {"-1", "1000001", "0.5", "abc", ""}}},
      {"mapping_depth", {{"1", "4", "16"}, {"0", "17", "2.5", "x", ""}}},
      {"mapping_width", {{"1", "64", "1024"}, {"0", "1025", "-3", ""}}},
      {"mapping_lr", {{"1", "0.01", "0.5"}, {"0", "-0.01", "1.5", "nan", "abc", ""}}},
      {"ema_g", {{"0", "0.998", "0.9999"}, {"1", "-0.1", "0.99995", "nan", "abc", ""}}},
      {"ema_start", {{"0", "500", "1000000"}, {"-1", "1000001", "0.5", "abc", ""}}},
      {"lr_decay_start", {{"0", "3500", "1000000"}, {"-1", "1000001", "0.5", "abc", ""}}},
      {"lr_decay_end", {{"0", "5000", "1000000"}, {"-1", "1000001", "2.5", "abc", ""}}},
      {"real_target", {{"1", "0.9", "0.5"}, {"0.45", "1.01", "-1", "nan", "abc", ""}}},
      {"style_noise", {{"true", "false"}, {"maybe", "", "TRUE", "1"}}},
      {"psi", {{"1", "0", "0.5", "1.5"}, {"-0.125", "1.625", "nan", "abc", ""}}},
      {"seed", {{"0", "42", "9007199254740992"}, {"-1", "9007199254740993", "abc", "", "1.5"}}},
#ifdef __EMSCRIPTEN__
      {"mode", {{"exact"}, {"fast", "Fast", "fma", ""}}},  // fast mode is native only
#else
      {"mode", {{"exact", "fast"}, {"Fast", "fma", ""}}},
#endif
  };
  return cases;
}

const ConfigKey* find_key(const std::string& name) {
  for (const auto& k : config_keys())
    if (name == k.key) return &k;
  return nullptr;
}

std::vector<std::string> key_names() {
  std::vector<std::string> names;
  for (const auto& k : config_keys()) names.push_back(k.key);
  return names;
}

}  // namespace

TEST_CASE("the test table covers every config key", "[config]") {
  std::set<std::string> seen;
  for (const auto& k : config_keys()) {
    INFO(k.key);
    CHECK(key_cases().count(k.key) == 1);
    CHECK(std::string(k.help).size() > 0);
    CHECK(seen.insert(k.key).second);  // no duplicates
  }
  CHECK(seen.size() == key_cases().size());
}

TEST_CASE("every key accepts valid values and round-trips through get()", "[config]") {
  for (const auto& kc : key_cases()) {
    const ConfigKey* key = find_key(kc.first);
    REQUIRE(key);
    for (const auto& v : kc.second.valid) {
      GanConfig c;
      INFO(kc.first << "=" << v);
      CHECK(apply_setting(c, kc.first + "=" + v) == "");
      CHECK(key->get(c) == v);
      // set(get()) on a fresh config gives the same config value
      GanConfig c2;
      CHECK(key->set(c2, key->get(c)) == "");
      CHECK(key->get(c2) == key->get(c));
      CHECK(validate(c) == "");
    }
  }
}

TEST_CASE("every key rejects invalid values with its name and leaves the config alone", "[config]") {
  for (const auto& kc : key_cases()) {
    const ConfigKey* key = find_key(kc.first);
    REQUIRE(key);
    for (const auto& v : kc.second.invalid) {
      GanConfig c;
      const std::string before = key->get(c);
      const std::string e = apply_setting(c, kc.first, v);
      INFO(kc.first << "=" << v << " -> " << e);
      CHECK_FALSE(e.empty());
      CHECK(e.rfind(kc.first + ": ", 0) == 0);
      CHECK(key->get(c) == before);
    }
  }
}

TEST_CASE("specific messages", "[config]") {
  GanConfig c;
  CHECK(apply_setting(c, "batch=-5").find("out of range 1..65536") != std::string::npos);
  CHECK(apply_setting(c, "lr_d=abc").find("not a number") != std::string::npos);
  CHECK(apply_setting(c, "data=nosuchset").find("unknown data set") != std::string::npos);
  CHECK(apply_setting(c, "noequals").find("expected key=value") != std::string::npos);
  CHECK(apply_setting(c, "=3").find("expected key=value") != std::string::npos);
  CHECK(apply_setting(c, "bogus=1").find("unknown setting \"bogus\"") != std::string::npos);
  // aliases are accepted and normalised
  CHECK(apply_setting(c, "noise=normal") == "");
  CHECK(find_key("noise")->get(c) == "gaussian");
  CHECK(apply_setting(c, "g_loss=non-saturating") == "");
  CHECK(c.g_loss == GLoss::NonSaturating);
  CHECK(apply_setting(c, "d_hidden=4:lrelu") == "");
  CHECK(find_key("d_hidden")->get(c) == "4:leaky_relu");
  // the value may contain '='
  CHECK(apply_setting(c, "data=nosuch=1").find("unknown data set") != std::string::npos);
}

TEST_CASE("did you mean", "[config]") {
  const auto names = key_names();
  CHECK(did_you_mean("lr-d", names) == "lr_d");
  CHECK(did_you_mean("lrd", names) == "lr_d");
  CHECK(did_you_mean("opt-g", names) == "opt_g");
  CHECK(did_you_mean("seeds", names) == "seed");
  CHECK(did_you_mean("bacth", names) == "batch");
  CHECK(did_you_mean("noisedim", names) == "noise_dim");
  CHECK(did_you_mean("zzzzzzzz", names) == "");
  GanConfig c;
  CHECK(apply_setting(c, "lr-d=0.1").find("did you mean \"lr_d\"") != std::string::npos);
  CHECK(apply_setting(c, "bogus=1").find("did you mean") == std::string::npos);
}

TEST_CASE("did you mean: a longer word that contains the key", "[config]") {
  // Beyond edit distance 2, a key that starts the word is suggested.
  const auto names = key_names();
  CHECK(did_you_mean("batchsize", names) == "batch");
}

TEST_CASE("get() writes decimal settings as typed", "[config]") {
  // Floats are written as the shortest text that reads back to the same
  // float: lr_d=0.001 stays "0.001" (share links and saved lessons).
  for (const char* kv : {"lr_d=0.001", "lr_g=0.05", "momentum_d=0.9", "beta2_g=0.999", "beta1_d=0.1"}) {
    GanConfig c;
    REQUIRE(apply_setting(c, kv) == "");
    const std::string s(kv);
    const auto eq = s.find('=');
    INFO(kv);
    CHECK(find_key(s.substr(0, eq))->get(c) == s.substr(eq + 1));
  }
}

TEST_CASE("float settings round-trip by value", "[config]") {
  for (const char* kv : {"lr_d=0.001", "lr_g=0.05", "momentum_d=0.9", "beta2_g=0.999", "beta1_d=0.1"}) {
    GanConfig c, c2;
    REQUIRE(apply_setting(c, kv) == "");
    const std::string s(kv);
    const std::string key = s.substr(0, s.find('='));
    const ConfigKey* k = find_key(key);
    REQUIRE(k->set(c2, k->get(c)) == "");
    CHECK(k->get(c2) == k->get(c));
  }
  GanConfig a, b;
  REQUIRE(apply_setting(a, "lr_d=0.001") == "");
  REQUIRE(apply_setting(b, "lr_d", find_key("lr_d")->get(a)) == "");
  CHECK(a.opt_d.lr == b.opt_d.lr);
}

TEST_CASE("presets are valid and build", "[config]") {
  for (const char* id : {"gauss-1d", "ring-2d", "tiny-2d"}) {
    const Preset* p = find_preset(id);
    REQUIRE(p);
    CHECK(p->id == id);
    CHECK(validate(p->config) == "");
    Trainer t(p->config);
    CHECK(t.ok());
  }
  CHECK(find_preset("nosuch") == nullptr);
  GanConfig c;
  c.batch = 0;
  CHECK(validate(c).find("batch") != std::string::npos);
}

TEST_CASE("hidden-layer lists parse and print", "[config]") {
  std::vector<HiddenLayer> h;
  CHECK(parse_hidden("14:relu,7:tanh,3", h) == "");
  REQUIRE(h.size() == 3);
  CHECK(h[2].act == Act::ReLU);  // default activation
  CHECK(format_hidden(h) == "14:relu,7:tanh,3:relu");
  CHECK(parse_hidden("", h) == "");
  CHECK(h.empty());
  CHECK_FALSE(parse_hidden("14:relu,,2", h).empty());
}

TEST_CASE("messages echo at most 80 characters of a setting", "[config]") {
  // A 100 KB value (or key) for every key: the message names the key and stays short.
  const std::string big(100000, '9'), word(100000, 'w');
  for (const auto& k : config_keys())
    for (const std::string& v : {big, word, "1" + big, "4:" + word, big + ":relu", "." + big}) {
      GanConfig c;
      const std::string e = apply_setting(c, std::string(k.key) + "=" + v);
      if (e.empty()) continue;  // e.g. seed or a long string a key accepts
      INFO(k.key << ": " << e.substr(0, 300));
      CHECK(e.size() < 300);
    }
  GanConfig c;
  for (const std::string& kv : {word + "=1", word, "=" + word}) {
    const std::string e = apply_setting(c, kv);
    INFO(e.substr(0, 300));
    CHECK_FALSE(e.empty());
    CHECK(e.size() < 300);
  }
}

TEST_CASE("the settings table describes every key the panel draws", "[config]") {
  // The player's settings panel, the CLI's help and the checker read only
  // this table: every row has labels in both languages and a widget, and what
  // the widget offers (choices, presets, range ends) is accepted by the row's
  // own parser.
  for (const auto& k : config_keys()) {
    INFO(k.key);
    CHECK(std::string(k.help).size() > 0);
    CHECK(std::string(k.label).size() > 0);
    CHECK(std::string(k.label_pt).size() > 0);
    CHECK(std::string(k.help_pt).size() > 0);
    CHECK(k.type != KeyType::Text);
    const std::string line = describe_key(k);
    CHECK(line.rfind(std::string(k.key) + ": ", 0) == 0);
    CHECK((line.find("[live]") != std::string::npos) == k.live);
    GanConfig c;
    switch (k.type) {
      case KeyType::Choice:
        REQUIRE(k.choices.size() >= 2);
        for (const KeyChoice& ch : k.choices) {
          if (std::string(k.key) == "mode" && std::string(ch.value) == "fast" && !fast_mode_compiled()) {
            CHECK(k.set(c, ch.value).find("natively only") != std::string::npos);  // WebAssembly: exact only
            continue;
          }
          CHECK(k.set(c, ch.value) == "");
          CHECK(k.get(c) == ch.value);  // the panel finds the current choice by its value
        }
        break;
      case KeyType::Data:
        REQUIRE(!k.presets.empty());
        for (const char* spec : k.presets) CHECK(k.set(c, spec) == "");
        break;
      case KeyType::Int:
      case KeyType::Real: {
        REQUIRE(k.lo < k.hi);
        CHECK(k.step > 0);
        const double lo = k.log_scale ? 1e-5 : k.lo;  // a log drag starts above 0
        for (double v : {lo, k.hi}) {
          const std::string text = k.type == KeyType::Int ? std::to_string(static_cast<long>(v)) : std::to_string(v);
          CHECK(k.set(c, text) == "");
        }
        break;
      }
      default:
        break;
    }
    // A pair's G row exists and shares the D row's label.
    if (k.net == 'D') {
      std::string g = k.key;
      g.replace(g.size() - 2, 2, "_g");
      const ConfigKey* gk = config_key(g);
      REQUIRE(gk != nullptr);
      CHECK(gk->net == 'G');
      CHECK(std::string(gk->label) == k.label);
      CHECK(gk->live == k.live);
    }
  }
  // The live keys are the ones a run may change (the Session and --resume ask the table).
  for (const char* key : {"lr_d", "lr_g", "momentum_d", "beta1_g", "k", "batch", "g_loss"}) CHECK(is_live_setting(key));
  for (const char* key : {"data", "noise", "noise_dim", "g_hidden", "opt_d", "seed"}) CHECK_FALSE(is_live_setting(key));
}
