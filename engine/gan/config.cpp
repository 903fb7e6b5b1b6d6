#include "engine/gan/config.h"
#include "engine/core/text.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "engine/core/rng.h"

namespace ganstep {
namespace {

// The shortest text that reads back to the same value: 0.001, not
// 0.00100000005 (settings are floats, so a float round trip is enough for them).
std::string fmt(double v) { return shortest_text(v, static_cast<double>(static_cast<float>(v)) == v, 6); }

std::string parse_int(const std::string& s, long lo, long hi, int& out) {
  errno = 0;
  char* end = nullptr;
  long v = std::strtol(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || errno == ERANGE) return quote_input(s) + " is not an integer";
  if (v < lo || v > hi)
    return std::to_string(v) + " is out of range " + std::to_string(lo) + ".." + std::to_string(hi);
  out = static_cast<int>(v);
  return "";
}

std::string parse_float(const std::string& s, double lo, double hi, float& out) {
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || errno == ERANGE || v != v) return quote_input(s) + " is not a number";
  if (v < lo || v > hi) {
    std::ostringstream m;
    m << fmt(v) << " is out of range " << lo << ".." << hi;
    return m.str();
  }
  out = static_cast<float>(v);
  return "";
}

// true / on or false / off.
std::string parse_bool(const std::string& v, bool& out) {
  if (v == "on" || v == "true") out = true;
  else if (v == "off" || v == "false") out = false;
  else return "expected true or false, got " + quote_input(v);
  return "";
}

// The data half of a row (see ConfigKey): parser, printer, live, range.
ConfigKey key_row(const char* key, const char* help, decltype(ConfigKey::set) set, decltype(ConfigKey::get) get,
                  bool live = false, double lo = 0, double hi = 0) {
  ConfigKey k;
  k.key = key;
  k.help = help;
  k.set = std::move(set);
  k.get = std::move(get);
  k.live = live;
  k.lo = lo;
  k.hi = hi;
  return k;
}

// The presentation half of a row (see ConfigKey): widget, labels, unit.
ConfigKey& show(ConfigKey& k, KeyType type, const char* label, const char* label_pt, const char* help_pt,
                const char* unit = "") {
  k.type = type;
  k.label = label;
  k.label_pt = label_pt;
  k.help_pt = help_pt;
  k.unit = unit;
  return k;
}

// The numeric ranges, each written once: the parsers below and the table's lo/hi.
constexpr double kMaxNoiseDim = 1024, kMaxLr = 10, kMaxMomentum = 0.999999, kMaxK = 100, kMaxBatch = 65536,
                 kMaxGpLambda = 1000, kMaxGrowIterations = 1000000, kMaxMappingDepth = 16, kMaxPsi = 1.5,
                 kMaxEmaDecay = 0.9999, kMaxR1Every = 1000;

std::vector<ConfigKey> build_keys() {
  std::vector<ConfigKey> t;
  t.push_back(key_row("data", "data set: 1-D gaussian(mean,sd), uniform(lo,hi), mixture(0.3*N(-2,0.5)+0.7*U(1,3)), bimodal; "
                "2-D ring8, grid25, moons, spiral, line; csv:FILE",
                [](GanConfig& c, const std::string& v) {
                  std::string err;
                  if (!make_dataset(v, err)) return err;
                  c.data = v;
                  return std::string();
                },
                [](const GanConfig& c) { return c.data; }));
  show(t.back(), KeyType::Data, "data set p_data", "conjunto de dados p_data",
       "1-D: gaussian(média,dp), uniform(a,b), mixture(0.3*N(-2,0.5)+0.7*U(1,3)), bimodal; 2-D: ring8, grid25, "
       "moons, spiral, line, csv:ARQUIVO")
      .presets = {"gaussian(4,0.5)", "bimodal", "uniform(-1,3)", "mixture(0.3*N(-2,0.5)+0.7*U(1,3))",
                  "ring8",           "grid25",  "moons",         "spiral",
                  "line"};
  t.push_back(key_row("noise", "noise prior: uniform (U(-1,1)), gaussian (N(0,1)) or mixture(K) (K Gaussians N(mu_k, I), fixed centres mu_k ~ N(0, I))",
                [](GanConfig& c, const std::string& v) { return parse_noise_prior(v, c.noise, c.noise_components); },
                [](const GanConfig& c) { return noise_name(c.noise, c.noise_components); }));
  show(t.back(), KeyType::Choice, "noise prior p_z", "priori do ruído p_z",
       "priori do ruído: uniform (U(-1,1)), gaussian (N(0,1)) ou mixture(K) (K gaussianas N(μ_k, I), centros fixos)")
      .choices = {{"uniform", "uniform U(−1, 1)"}, {"gaussian", "gaussian N(0, 1)"},
                  {"mixture(64)", "mixture of 64 Gaussians"}};
  t.push_back(key_row("noise_dim", "dimension of z (1..1024)",
                [](GanConfig& c, const std::string& v) { return parse_int(v, 1, kMaxNoiseDim, c.noise_dim); },
                [](const GanConfig& c) { return std::to_string(c.noise_dim); }, false, 1, kMaxNoiseDim));
  show(t.back(), KeyType::Int, "noise dimension", "dimensão do ruído", "dimensão de z (1..1024)", "dimensions");
  t.push_back(key_row("g_hidden", "G's hidden layers, e.g. 14:relu,14:tanh",
                [](GanConfig& c, const std::string& v) { return parse_hidden(v, c.g_hidden); },
                [](const GanConfig& c) { return format_hidden(c.g_hidden); }));
  show(t.back(), KeyType::Layers, "G hidden layers", "camadas ocultas G",
       "largura:ativação, separadas por vírgula, ex. 16:relu,16:tanh");
  t.push_back(key_row("d_hidden", "D's hidden layers, e.g. 14:relu",
                [](GanConfig& c, const std::string& v) { return parse_hidden(v, c.d_hidden); },
                [](const GanConfig& c) { return format_hidden(c.d_hidden); }));
  show(t.back(), KeyType::Layers, "D hidden layers", "camadas ocultas D",
       "largura:ativação, separadas por vírgula, ex. 16:relu");
  for (int which = 0; which < 2; ++which) {
    const bool d = which == 0;
    auto opt = [d](GanConfig& c) -> OptimizerConfig& { return d ? c.opt_d : c.opt_g; };
    auto copt = [d](const GanConfig& c) -> const OptimizerConfig& { return d ? c.opt_d : c.opt_g; };
    t.push_back(key_row(d ? "opt_d" : "opt_g", d ? "D's optimizer: sgd or adam" : "G's optimizer: sgd or adam",
                  [opt](GanConfig& c, const std::string& v) {
                    return parse_opt(v, opt(c).kind) ? std::string()
                                                    : "unknown optimizer " + quote_input(v) + " (expected sgd or adam)";
                  },
                  [copt](const GanConfig& c) { return std::string(opt_name(copt(c).kind)); }));
    show(t.back(), KeyType::Choice, "optimizer", "otimizador", d ? "otimizador de D: sgd ou adam" : "otimizador de G: sgd ou adam")
        .choices = {{"sgd", "sgd"}, {"adam", "adam"}};
    t.back().net = d ? 'D' : 'G';
    auto is = [copt](OptKind kind) { return [copt, kind](const GanConfig& c) { return copt(c).kind == kind; }; };
    // A float field of this net's optimizer, live, in [0, hi] (learning
    // rates also > 0), shown side by side with the other net's.
    auto real = [&](const char* key, const char* help, float OptimizerConfig::*field, double hi, bool positive) -> ConfigKey& {
      t.push_back(key_row(
          key, help,
          [opt, field, hi, positive](GanConfig& c, const std::string& v) {
            float x = 0;
            auto e = parse_float(v, 0, hi, x);
            if (e.empty() && positive && x <= 0) e = "learning rate must be > 0";
            if (e.empty()) opt(c).*field = x;
            return e;
          },
          [copt, field](const GanConfig& c) { return fmt(copt(c).*field); }, true, 0, hi));
      t.back().net = d ? 'D' : 'G';
      return t.back();  // used before the next push_back
    };
    ConfigKey& lr = real(d ? "lr_d" : "lr_g", "learning rate (0..10]", &OptimizerConfig::lr, kMaxLr, true);
    show(lr, KeyType::Real, "learning rate", "taxa de aprendizado", "taxa de aprendizado (0..10]");
    lr.step = 0.0002;
    lr.log_scale = true;
    ConfigKey& mom = real(d ? "momentum_d" : "momentum_g", "SGD momentum [0..1)", &OptimizerConfig::momentum,
                          kMaxMomentum, false);
    show(mom, KeyType::Real, "momentum (SGD)", "momento (SGD)", "momento do SGD [0..1)");
    mom.step = 0.005;
    mom.applies = is(OptKind::Sgd);
    ConfigKey& b1 = real(d ? "beta1_d" : "beta1_g", "Adam beta1 [0..1)", &OptimizerConfig::beta1, kMaxMomentum, false);
    show(b1, KeyType::Real, "β1 (Adam)", "β1 (Adam)", "β1 do Adam [0..1)");
    b1.step = 0.005;
    b1.applies = is(OptKind::Adam);
    ConfigKey& b2 = real(d ? "beta2_d" : "beta2_g", "Adam beta2 [0..1)", &OptimizerConfig::beta2, kMaxMomentum, false);
    show(b2, KeyType::Real, "β2 (Adam)", "β2 (Adam)", "β2 do Adam [0..1)");
    b2.step = 0.0005;
    b2.applies = is(OptKind::Adam);
  }
  t.push_back(key_row("k", "D steps per G step (1..100)",
                [](GanConfig& c, const std::string& v) { return parse_int(v, 1, kMaxK, c.k); },
                [](const GanConfig& c) { return std::to_string(c.k); }, true, 1, kMaxK));
  show(t.back(), KeyType::Int, "k (D-steps per G-step)", "k (passos D por passo G)", "passos de D por passo de G (1..100)",
       "D-steps");
  t.push_back(key_row("batch", "minibatch size m (1..65536)",
                [](GanConfig& c, const std::string& v) { return parse_int(v, 1, kMaxBatch, c.batch); },
                [](const GanConfig& c) { return std::to_string(c.batch); }, true, 1, kMaxBatch));
  show(t.back(), KeyType::Int, "minibatch size m", "tamanho do minilote m", "tamanho do minilote m (1..65536)", "samples")
      .step = 8;
  t.push_back(key_row("g_loss", "G's loss: minimax (log(1-D(G(z)))) or nonsat (-log D(G(z)))",
                [](GanConfig& c, const std::string& v) {
                  return parse_gloss(v, c.g_loss) ? std::string()
                                                  : "unknown G loss " + quote_input(v) + " (expected minimax or nonsat)";
                },
                [](const GanConfig& c) { return std::string(gloss_name(c.g_loss)); }, true));
  show(t.back(), KeyType::Choice, "G loss", "perda de G",
       "minimax: log(1 − D(G(z))); não saturante: −log D(G(z))")
      .choices = {{"minimax", "minimax"}, {"nonsat", "nonsat (−log D)"}};
  t.back().applies = [](const GanConfig& c) { return c.objective == Objective::Gan; };
  t.push_back(key_row("objective",
                "the losses D and G minimise: gan (log loss, G's by g_loss), wgan-gp (critic, Wasserstein "
                "losses + gradient penalty; usually with adam, beta1_d=0 beta2_d=0.9 beta1_g=0 beta2_g=0.9, k=5), "
                "lsgan (least squares, targets 0/1) or hinge",
                [](GanConfig& c, const std::string& v) {
                  return parse_objective(v, c.objective)
                             ? std::string()
                             : "unknown objective " + quote_input(v) + " (expected gan, wgan-gp, lsgan or hinge)";
                },
                [](const GanConfig& c) { return std::string(objective_name(c.objective)); }, true));
  show(t.back(), KeyType::Choice, "objective", "objetivo",
       "as perdas de D e G: gan (log loss; a de G segundo a perda de G), wgan-gp (crítico, perdas de Wasserstein "
       "+ penalidade do gradiente; em geral com adam, β1 = 0, β2 = 0,9 e k = 5), lsgan (mínimos quadrados, alvos "
       "0/1) ou hinge")
      .choices = {{"gan", "gan (log loss)"}, {"wgan-gp", "wgan-gp"}, {"lsgan", "lsgan"}, {"hinge", "hinge"}};
  t.push_back(key_row("gp_lambda", "wgan-gp: the gradient penalty's weight lambda [0..1000] (the paper's 10)",
                [](GanConfig& c, const std::string& v) { return parse_float(v, 0, kMaxGpLambda, c.gp_lambda); },
                [](const GanConfig& c) { return fmt(c.gp_lambda); }, true, 0, kMaxGpLambda));
  show(t.back(), KeyType::Real, "gradient penalty λ", "penalidade do gradiente λ",
       "wgan-gp: o peso λ da penalidade do gradiente [0..1000] (10 no artigo)");
  t.back().step = 0.1;
  t.back().applies = [](const GanConfig& c) { return c.objective == Objective::WganGp; };
  t.push_back(key_row("r1_gamma",
                "image lessons: the R1 penalty's weight gamma, (gamma/2) E |grad_x D(x)|^2 on real data [0..1000] "
                "(0: off; StyleGAN's 10)",
                [](GanConfig& c, const std::string& v) { return parse_float(v, 0, kMaxGpLambda, c.r1_gamma); },
                [](const GanConfig& c) { return fmt(c.r1_gamma); }, true, 0, kMaxGpLambda));
  show(t.back(), KeyType::Real, "R1 penalty γ", "penalidade R1 γ",
       "lições com imagens: o peso γ da penalidade R1, (γ/2) E ‖∇ₓD(x)‖² nos dados reais [0..1000] (0: desligada; "
       "10 na StyleGAN)");
  t.back().step = 0.1;
  t.back().applies = [](const GanConfig& c) { return c.image_g; };
  t.back().hide_unless_applies = true;
  t.push_back(key_row("r1_every",
                "image lessons: the R1 penalty every N-th D-step, weighted by N (lazy regularisation, StyleGAN 2's "
                "16) (1..1000)",
                [](GanConfig& c, const std::string& v) { return parse_int(v, 1, kMaxR1Every, c.r1_every); },
                [](const GanConfig& c) { return std::to_string(c.r1_every); }, true, 1, kMaxR1Every));
  show(t.back(), KeyType::Int, "R1 every", "R1 a cada",
       "lições com imagens: a penalidade R1 a cada N passos de D, com peso N (regularização preguiçosa; 16 na "
       "StyleGAN 2) (1..1000)",
       "D-steps");
  t.back().applies = [](const GanConfig& c) { return c.image_g && c.r1_gamma > 0; };
  t.back().hide_unless_applies = true;
  t.push_back(key_row("equalized_lr",
                "image lessons: equalized learning rate, weights stored N(0,1) and scaled at run time by "
                "sqrt(2/fan_in), true or false",
                [](GanConfig& c, const std::string& v) { return parse_bool(v, c.equalized_lr); },
                [](const GanConfig& c) { return std::string(c.equalized_lr ? "true" : "false"); }));
  show(t.back(), KeyType::Choice, "equalized learning rate", "taxa de aprendizado equalizada",
       "lições com imagens: pesos guardados N(0,1) e escalados na execução por √(2/fan_in)")
      .choices = {{"false", "off"}, {"true", "on"}};
  t.back().applies = [](const GanConfig& c) { return c.image_g; };
  t.back().hide_unless_applies = true;
  t.push_back(key_row("grow_stage",
                "a growing image GAN: iterations at each resolution before the next block comes in "
                "(0..1000000; 0: full size from iteration 0)",
                [](GanConfig& c, const std::string& v) { return parse_int(v, 0, kMaxGrowIterations, c.grow_stage); },
                [](const GanConfig& c) { return std::to_string(c.grow_stage); }, false, 0, kMaxGrowIterations));
  show(t.back(), KeyType::Int, "iterations per resolution", "iterações por resolução",
       "GAN que cresce: iterações em cada resolução antes de entrar o bloco seguinte (0..1000000; 0: tamanho "
       "final desde a iteração 0)",
       "iterations")
      .step = 50;
  t.push_back(key_row("grow_fade",
                "a growing image GAN: the first iterations of a resolution, in which its new block fades in "
                "(alpha from 0 to 1; 0..grow_stage)",
                [](GanConfig& c, const std::string& v) { return parse_int(v, 0, kMaxGrowIterations, c.grow_fade); },
                [](const GanConfig& c) { return std::to_string(c.grow_fade); }, false, 0, kMaxGrowIterations));
  show(t.back(), KeyType::Int, "fade-in iterations", "iterações de transição",
       "GAN que cresce: as primeiras iterações de uma resolução, em que o bloco novo entra aos poucos (alfa de 0 a "
       "1; 0..grow_stage)",
       "iterations")
      .step = 50;
  t.back().applies = [](const GanConfig& c) { return c.grow_stage > 0; };
  t.push_back(key_row("ema_g",
                "image lessons: decay of an exponential moving average of G's weights, from which samples and "
                "metrics are drawn [0..0.9999] (0: off, G itself is drawn; StyleGAN's 10k-image half-life at "
                "batch 32 is 0.998)",
                [](GanConfig& c, const std::string& v) { return parse_float(v, 0, kMaxEmaDecay, c.ema_g); },
                [](const GanConfig& c) { return fmt(c.ema_g); }, false, 0, kMaxEmaDecay));
  show(t.back(), KeyType::Real, "G average (EMA) decay", "decaimento da média de G (EMA)",
       "lições com imagens: decaimento de uma média móvel exponencial dos pesos de G, da qual saem as amostras e as "
       "métricas [0..0,9999] (0: desligada, desenha-se o próprio G)");
  t.back().step = 0.0005;
  t.back().applies = [](const GanConfig& c) { return c.image_g; };
  t.back().hide_unless_applies = true;  // not in 1-D and 2-D lessons
  t.push_back(key_row("ema_start",
                "image lessons: the G update after which the average of G's weights starts moving (before it, it "
                "equals G) (0..1000000)",
                [](GanConfig& c, const std::string& v) { return parse_int(v, 0, kMaxGrowIterations, c.ema_start); },
                [](const GanConfig& c) { return std::to_string(c.ema_start); }, false, 0, kMaxGrowIterations));
  show(t.back(), KeyType::Int, "G average starts after", "média de G começa após",
       "lições com imagens: a atualização de G depois da qual a média dos pesos de G começa a se mover (antes, é "
       "igual a G) (0..1000000)",
       "iterations")
      .step = 100;
  t.back().applies = [](const GanConfig& c) { return c.image_g && c.ema_g > 0; };
  t.back().hide_unless_applies = true;
  t.push_back(key_row("lr_decay_start",
                "learning-rate decay: the iteration from which lr_d and lr_g fall linearly to 0 at lr_decay_end "
                "(0..1000000)",
                [](GanConfig& c, const std::string& v) { return parse_int(v, 0, kMaxGrowIterations, c.lr_decay_start); },
                [](const GanConfig& c) { return std::to_string(c.lr_decay_start); }, false, 0, kMaxGrowIterations));
  show(t.back(), KeyType::Int, "learning rates fall from", "taxas caem a partir de",
       "queda da taxa de aprendizado: a iteração a partir da qual lr_d e lr_g caem linearmente até 0 em "
       "lr_decay_end (0..1000000)",
       "iterations")
      .step = 100;
  t.back().applies = [](const GanConfig& c) { return c.lr_decay_end > 0; };
  t.back().hide_unless_applies = true;
  t.push_back(key_row("lr_decay_end",
                "learning-rate decay: the iteration at which lr_d and lr_g reach 0 (0: off, the rates stay as set; "
                "else more than lr_decay_start)",
                [](GanConfig& c, const std::string& v) { return parse_int(v, 0, kMaxGrowIterations, c.lr_decay_end); },
                [](const GanConfig& c) { return std::to_string(c.lr_decay_end); }, false, 0, kMaxGrowIterations));
  show(t.back(), KeyType::Int, "learning rates reach 0 at", "taxas chegam a 0 em",
       "queda da taxa de aprendizado: a iteração em que lr_d e lr_g chegam a 0 (0: desligada, as taxas ficam como "
       "estão; senão maior que lr_decay_start)",
       "iterations")
      .step = 100;
  t.back().applies = [](const GanConfig& c) { return c.image_g; };
  t.back().hide_unless_applies = true;  // not in 1-D and 2-D lessons (their runs have no set length)
  t.push_back(key_row("real_target",
                "one-sided label smoothing: D's target for real samples under objective gan [0.5..1] (1: none; "
                "Salimans et al.'s 0.9); fakes keep 0",
                [](GanConfig& c, const std::string& v) { return parse_float(v, 0.5, 1, c.real_target); },
                [](const GanConfig& c) { return fmt(c.real_target); }, true, 0.5, 1));
  show(t.back(), KeyType::Real, "D's target for real samples", "alvo de D para amostras reais",
       "suavização de rótulos de um lado: o alvo de D para amostras reais com objective gan [0,5..1] (1: nenhuma; "
       "0,9 em Salimans et al.); as falsas ficam com 0");
  t.back().step = 0.01;
  t.back().applies = [](const GanConfig& c) { return c.image_g && c.objective == Objective::Gan; };
  t.back().hide_unless_applies = true;  // the point lessons' panels stay as they are
  // A style-based generator's (lessons with a "style(C)" G layer; hidden elsewhere).
  auto style_key = [&]() -> ConfigKey& {
    t.back().applies = [](const GanConfig& c) { return c.style_g; };
    t.back().hide_unless_applies = true;
    return t.back();
  };
  t.push_back(key_row("mapping_depth", "style G: layers of the mapping network z -> w (1..16)",
                [](GanConfig& c, const std::string& v) { return parse_int(v, 1, kMaxMappingDepth, c.mapping_depth); },
                [](const GanConfig& c) { return std::to_string(c.mapping_depth); }, false, 1, kMaxMappingDepth));
  show(style_key(), KeyType::Int, "mapping depth", "profundidade do mapeamento",
       "G com estilos: camadas da rede de mapeamento z → w (1..16)", "layers");
  t.push_back(key_row("mapping_width", "style G: width of the mapping network, the dimension of w (1..1024)",
                [](GanConfig& c, const std::string& v) { return parse_int(v, 1, kMaxNoiseDim, c.mapping_width); },
                [](const GanConfig& c) { return std::to_string(c.mapping_width); }, false, 1, kMaxNoiseDim));
  show(style_key(), KeyType::Int, "mapping width (dim of w)", "largura do mapeamento (dim. de w)",
       "G com estilos: largura da rede de mapeamento, a dimensão de w (1..1024)", "dimensions")
      .step = 16;
  t.push_back(key_row("mapping_lr",
                "style G: the mapping network's learning rate as a multiple of lr_g (0..1]; StyleGAN's is 0.01",
                [](GanConfig& c, const std::string& v) {
                  float f = 0;
                  std::string e = parse_float(v, 0, 1, f);
                  if (e.empty() && f <= 0) e = "must be > 0 (0 would freeze the mapping network)";
                  if (e.empty()) c.mapping_lr = f;
                  return e;
                },
                [](const GanConfig& c) { return fmt(c.mapping_lr); }, false, 0, 1));
  show(style_key(), KeyType::Real, "mapping learning-rate factor", "fator da taxa do mapeamento",
       "G com estilos: a taxa de aprendizado da rede de mapeamento como múltiplo de lr_g (0..1]; a do StyleGAN é 0,01");
  t.back().step = 0.001;
  t.back().log_scale = true;
  t.push_back(key_row("style_noise", "style G: per-pixel noise inputs, true (on) or false (off)",
                [](GanConfig& c, const std::string& v) { return parse_bool(v, c.style_noise); },
                [](const GanConfig& c) { return std::string(c.style_noise ? "true" : "false"); }));
  show(style_key(), KeyType::Choice, "per-pixel noise", "ruído por pixel", "G com estilos: entradas de ruído por pixel")
      .choices = {{"true", "on"}, {"false", "off"}};
  t.push_back(key_row("psi", "truncation psi when drawing samples: a style G's w = w_mean + psi (w - w_mean), any other G's z toward its prior's mode: psi z, or a mixture's mu + psi (z - mu) for the nearest centre mu [0..1.5]",
                [](GanConfig& c, const std::string& v) { return parse_float(v, 0, kMaxPsi, c.psi); },
                [](const GanConfig& c) { return fmt(c.psi); }, true, 0, kMaxPsi));
  show(style_key(), KeyType::Real, "truncation ψ", "truncamento ψ",
       "G com estilos: ψ ao desenhar amostras, w = w_médio + ψ (w − w_médio) [0..1,5]");
  t.back().step = 0.01;
  t.push_back(key_row("seed", "random seed (0..2^53)",
                [](GanConfig& c, const std::string& v) { return parse_seed(v, c.seed); },
                [](const GanConfig& c) { return std::to_string(c.seed); }));
  show(t.back(), KeyType::Seed, "random seed", "semente aleatória", "semente aleatória (0..2^53)");
  // Live: a checkpoint records it and --resume may change it (with a notice).
  t.push_back(key_row("mode",
                "arithmetic: exact (default: the same bits natively, in the page, on any thread count) or fast "
                "(native only: fused multiply-adds and the widest vectors; deterministic per machine and thread count)",
                [](GanConfig& c, const std::string& v) {
                  MathMode m = MathMode::Exact;
                  if (!parse_math_mode(v, m)) return "unknown mode " + quote_input(v) + " (expected exact or fast)";
                  if (m == MathMode::Fast && !fast_mode_compiled())
                    return std::string("mode fast runs natively only (ganstep, ganstep-player); the page is exact");
                  c.mode = m;
                  return std::string();
                },
                [](const GanConfig& c) { return std::string(math_mode_name(c.mode)); }, true));
  show(t.back(), KeyType::Choice, "arithmetic", "aritmética",
       "exact: os mesmos bits em todo lugar; fast: só nativo (FMA, vetores largos), determinístico por máquina e "
       "número de threads")
      .choices = {{"exact", "exact"}, {"fast", "fast (native only)"}};
  t.back().applies = [](const GanConfig&) { return fast_mode_compiled(); };  // greyed out in the page
  return t;
}

}  // namespace

const char* gloss_name(GLoss g) { return g == GLoss::Minimax ? "minimax" : "nonsat"; }

bool parse_gloss(const std::string& s, GLoss& out) {
  if (s == "minimax") out = GLoss::Minimax;
  else if (s == "nonsat" || s == "non-saturating" || s == "non_saturating") out = GLoss::NonSaturating;
  else return false;
  return true;
}

const char* objective_name(Objective o) {
  switch (o) {
    case Objective::Gan: return "gan";
    case Objective::WganGp: return "wgan-gp";
    case Objective::Lsgan: return "lsgan";
    case Objective::Hinge: return "hinge";
  }
  return "?";
}

bool parse_objective(const std::string& s, Objective& out) {
  if (s == "gan") out = Objective::Gan;
  else if (s == "wgan-gp" || s == "wgan_gp") out = Objective::WganGp;
  else if (s == "lsgan") out = Objective::Lsgan;
  else if (s == "hinge") out = Objective::Hinge;
  else return false;
  return true;
}

const std::vector<ConfigKey>& config_keys() {
  static const std::vector<ConfigKey> keys = build_keys();
  return keys;
}

const ConfigKey* config_key(const std::string& key) {
  for (const auto& k : config_keys())
    if (key == k.key) return &k;
  return nullptr;
}

bool is_live_setting(const std::string& key) {
  for (const auto& k : config_keys())
    if (key == k.key) return k.live;
  return false;
}

std::string apply_setting(GanConfig& c, const std::string& key, const std::string& value) {
  std::vector<std::string> names;
  for (const auto& k : config_keys()) {
    if (key == k.key) {
      std::string e = k.set(c, value);
      return e.empty() ? e : key + ": " + e;
    }
    names.push_back(k.key);
  }
  std::string hint = did_you_mean(key, names);
  return "unknown setting " + quote_input(key) + (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)");
}

std::string apply_setting(GanConfig& c, const std::string& kv) {
  auto eq = kv.find('=');
  if (eq == std::string::npos || eq == 0) return "expected key=value, got " + quote_input(kv);
  return apply_setting(c, kv.substr(0, eq), kv.substr(eq + 1));
}

std::string describe_key(const ConfigKey& k) {
  std::string s = std::string(k.key) + ": " + k.help;
  if (*k.unit) s += std::string(" (") + k.unit + ")";
  if (k.live) s += " [live]";
  return s;
}

std::string validate(const GanConfig& c) {
  std::string err;
  if (!make_dataset(c.data, err)) return "data: " + err;
  if (c.batch < 1) return "batch: must be >= 1";
  if (c.k < 1) return "k: must be >= 1";
  if (c.noise_dim < 1) return "noise_dim: must be >= 1";
  return validate_schedules(c);
}

std::string validate_schedules(const GanConfig& c) {
  if (c.grow_stage > 0 && c.grow_fade > c.grow_stage)
    return "grow_fade: " + std::to_string(c.grow_fade) + " fade-in iterations do not fit in grow_stage = " +
           std::to_string(c.grow_stage) + " iterations per resolution";
  if (c.lr_decay_end > 0 && c.lr_decay_end <= c.lr_decay_start)
    return "lr_decay_end: " + std::to_string(c.lr_decay_end) + " must be after lr_decay_start = " +
           std::to_string(c.lr_decay_start) + " (or 0: no decay)";
  return "";
}

float lr_decay_factor(const GanConfig& c, std::int64_t iterations_done) {
  if (c.lr_decay_end <= 0 || iterations_done < c.lr_decay_start) return 1.0f;
  if (iterations_done >= c.lr_decay_end) return 0.0f;
  return static_cast<float>(c.lr_decay_end - iterations_done) / static_cast<float>(c.lr_decay_end - c.lr_decay_start);
}

NoisePrior noise_prior(const GanConfig& c) { return make_noise_prior(c.noise, c.noise_dim, c.noise_components); }

}  // namespace ganstep
