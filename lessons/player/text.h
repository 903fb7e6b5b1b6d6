// Every UI string in English and Brazilian Portuguese. tr(lang, S::Name)
// returns a UTF-8 string that lives for the whole program.
#pragma once

#include <string>

#include "lessons/format/beat_text.h"
#include "lessons/player/player.h"

namespace ganstep::ui {

// X(id, English, Português)
#define GANSTEP_TEXTS(X)                                                                              \
  /* window titles */                                                                                 \
  X(WinControls, "Controls", "Controles")                                                             \
  X(WinAlgorithm, "Algorithm 1 (Goodfellow et al., 2014)", "Algoritmo 1 (Goodfellow et al., 2014)")                                                       \
  X(WinSettings, "Hyperparameters", "Hiperparâmetros")                                                \
  X(WinView1d, "Distributions (1-D): the paper's Figure 1, live",                                     \
    "Distribuições (1-D): a Figura 1 do artigo, ao vivo")                                             \
  X(WinView2d, "Samples and D's decision map (2-D)", "Amostras e mapa de decisão de D (2-D)")         \
  X(WinMinibatch, "Minibatch", "Minilote")                                                            \
  X(WinLogLoss, "Log loss, row by row", "Perda logarítmica, linha a linha")                           \
  X(WinCharts, "Training curves", "Curvas de treinamento")                                            \
  X(WinHelp, "Help: keyboard shortcuts", "Ajuda: atalhos de teclado")                                 \
  /* controls */                                                                                      \
  X(Lesson, "Lesson", "Lição")                                                                        \
  X(Play, "▶ Play", "▶ Rodar")                                                                        \
  X(Pause, "❚❚ Pause", "❚❚ Pausar")                                                                   \
  X(StepPhase, "Phase ▸", "Fase ▸")                                                                   \
  X(StepDStep, "D-step ▸", "Passo D ▸")                                                               \
  X(StepIteration, "Iteration ▸", "Iteração ▸")                                                       \
  X(StepN, "+N ▸", "+N ▸")                                                                            \
  X(BackPhase, "◂ Phase", "◂ Fase")                                                                   \
  X(BackIteration, "◂ Iteration", "◂ Iteração")                                                       \
  X(Reset, "⟲ Reset", "⟲ Reiniciar")                                                                  \
  X(Seed, "Seed", "Semente")                                                                          \
  X(Help, "? Help", "? Ajuda")                                                                        \
  X(Language, "Language", "Idioma")                                                                   \
  X(PlayBy, "Play by", "Rodar por")                                                                   \
  X(UnitPhase, "phase", "fase")                                                                       \
  X(UnitDStep, "D/G step", "passo D/G")                                                               \
  X(UnitIteration, "iteration", "iteração")                                                           \
  X(Speed, "Speed", "Velocidade")                                                                     \
  X(PerSecond, "%.3g / s", "%.3g / s")                                                                \
  X(Max, "max", "máx.")                                                                               \
  X(Timeline, "Iteration", "Iteração")                                                                \
  X(StatusFmt, "iteration %lld · next: %s · %.0f it/s · frame %.1f ms",                               \
    "iteração %lld · próxima: %s · %.0f it/s · quadro %.1f ms")                                       \
  X(TipStepPhase, "Run the next phase of Algorithm 1 (→)", "Executa a próxima fase do Algoritmo 1 (→)") \
  X(TipStepDStep, "Run to the end of the next D or G update (D)",                                     \
    "Executa até o fim da próxima atualização de D ou G (D)")                                         \
  X(TipStepIteration, "Run to the end of this iteration (Shift+→)",                                   \
    "Executa até o fim desta iteração (Shift+→)")                                                     \
  X(TipStepN, "Run N iterations (N)", "Executa N iterações (N)")                                      \
  X(TipBackPhase, "Exactly one phase back (←)", "Volta exatamente uma fase (←)")                      \
  X(TipBackIteration, "Exactly one iteration back (Shift+←)", "Volta exatamente uma iteração (Shift+←)") \
  X(TipReset, "Start over at iteration 0 with the settings shown (R)",                                \
    "Recomeça na iteração 0 com os ajustes mostrados (R)")                                            \
  X(TipTimeline, "Drag to any iteration reached so far: replayed exactly from snapshots",             \
    "Arraste até qualquer iteração já alcançada: reproduzida exatamente a partir de instantâneos")    \
  X(TipSeed, "Random seed: weights and minibatches. Enter restarts the run",                          \
    "Semente aleatória: pesos e minilotes. Enter recomeça o treinamento")                             \
  /* phases */                                                                                        \
  X(PhSampleNoiseD, "sample noise z (D)", "amostrar ruído z (D)")                                     \
  X(PhSampleData, "sample data x", "amostrar dados x")                                                \
  X(PhForwardD, "forward: G(z), D(x), D(G(z))", "propagação: G(z), D(x), D(G(z))")                    \
  X(PhLossD, "D's log loss", "perda logarítmica de D")                                                \
  X(PhUpdateD, "update D (ascend)", "atualizar D (subida)")                                           \
  X(PhSampleNoiseG, "sample noise z (G)", "amostrar ruído z (G)")                                     \
  X(PhForwardG, "forward: D(G(z)), D frozen", "propagação: D(G(z)), D congelado")                     \
  X(PhLossG, "G's loss", "perda de G")                                                                \
  X(PhUpdateG, "update G (descend)", "atualizar G (descida)")                                         \
  /* algorithm panel */                                                                               \
  X(AlgoCaption, "Minibatch SGD training of GANs (Goodfellow et al., 2014)",                          \
    "Treinamento de GANs por SGD em minilotes (Goodfellow et al., 2014)")                             \
  X(AlgoIteration, "Iteration", "Iteração")                                                           \
  X(AlgoKStep, "k-step %d of %d", "passo k %d de %d")                                                 \
  X(AlgoGStep, "G-step", "passo G")                                                                   \
  X(AlgoL1, "for number of training iterations do", "para cada iteração de treinamento faça")         \
  X(AlgoL2, "for k steps do", "para k passos faça")                                                   \
  X(AlgoL3, "Sample minibatch of m noise samples {z⁽¹⁾, …, z⁽ᵐ⁾} from noise prior p_g(z).",           \
    "Amostre um minilote de m amostras de ruído {z⁽¹⁾, …, z⁽ᵐ⁾} da priori de ruído p_g(z).")          \
  X(AlgoL4, "Sample minibatch of m examples {x⁽¹⁾, …, x⁽ᵐ⁾} from data generating distribution p_data(x).", \
    "Amostre um minilote de m exemplos {x⁽¹⁾, …, x⁽ᵐ⁾} da distribuição geradora dos dados p_data(x).") \
  X(AlgoL5, "Update the discriminator by ascending its stochastic gradient:",                         \
    "Atualize o discriminador subindo seu gradiente estocástico:")                                    \
  X(AlgoL5Formula, "∇θd (1/m) ∑ᵢ [log D(x⁽ⁱ⁾) + log(1 − D(G(z⁽ⁱ⁾)))]",                                \
    "∇θd (1/m) ∑ᵢ [log D(x⁽ⁱ⁾) + log(1 − D(G(z⁽ⁱ⁾)))]")                                              \
  X(AlgoL6, "end for", "fim para")                                                                    \
  X(AlgoL7, "Sample minibatch of m noise samples {z⁽¹⁾, …, z⁽ᵐ⁾} from noise prior p_g(z).",           \
    "Amostre um minilote de m amostras de ruído {z⁽¹⁾, …, z⁽ᵐ⁾} da priori de ruído p_g(z).")          \
  X(AlgoL8, "Update the generator by descending its stochastic gradient:",                            \
    "Atualize o gerador descendo seu gradiente estocástico:")                                         \
  X(AlgoL8Minimax, "∇θg (1/m) ∑ᵢ log(1 − D(G(z⁽ⁱ⁾)))", "∇θg (1/m) ∑ᵢ log(1 − D(G(z⁽ⁱ⁾)))")           \
  X(AlgoL8NonSat, "non-saturating (used here): ascend ∇θg (1/m) ∑ᵢ log D(G(z⁽ⁱ⁾))",                   \
    "não saturante (usada aqui): suba ∇θg (1/m) ∑ᵢ log D(G(z⁽ⁱ⁾))")                                   \
  X(AlgoL5Wgan, "wgan-gp (used here): descend ∇θd (1/m) ∑ᵢ [f(G(z⁽ⁱ⁾)) − f(x⁽ⁱ⁾) + λ(‖∇f(u⁽ⁱ⁾)‖ − 1)²], u⁽ⁱ⁾ = εx⁽ⁱ⁾ + (1 − ε)G(z⁽ⁱ⁾)", "wgan-gp (usada aqui): desça ∇θd (1/m) ∑ᵢ [f(G(z⁽ⁱ⁾)) − f(x⁽ⁱ⁾) + λ(‖∇f(u⁽ⁱ⁾)‖ − 1)²], u⁽ⁱ⁾ = εx⁽ⁱ⁾ + (1 − ε)G(z⁽ⁱ⁾)")\
  X(AlgoL5Ls, "lsgan (used here): descend ∇θd (1/m) ∑ᵢ [½(f(x⁽ⁱ⁾) − 1)² + ½f(G(z⁽ⁱ⁾))²]", "lsgan (usada aqui): desça ∇θd (1/m) ∑ᵢ [½(f(x⁽ⁱ⁾) − 1)² + ½f(G(z⁽ⁱ⁾))²]")\
  X(AlgoL5Hinge, "hinge (used here): descend ∇θd (1/m) ∑ᵢ [max(0, 1 − f(x⁽ⁱ⁾)) + max(0, 1 + f(G(z⁽ⁱ⁾)))]", "hinge (usada aqui): desça ∇θd (1/m) ∑ᵢ [max(0, 1 − f(x⁽ⁱ⁾)) + max(0, 1 + f(G(z⁽ⁱ⁾)))]")\
  X(AlgoL8Ls, "lsgan (used here): descend ∇θg (1/m) ∑ᵢ ½(f(G(z⁽ⁱ⁾)) − 1)²", "lsgan (usada aqui): desça ∇θg (1/m) ∑ᵢ ½(f(G(z⁽ⁱ⁾)) − 1)²")\
  X(AlgoL8Critic, "%s (used here): descend ∇θg (1/m) ∑ᵢ −f(G(z⁽ⁱ⁾))", "%s (usada aqui): desça ∇θg (1/m) ∑ᵢ −f(G(z⁽ⁱ⁾))")\
  X(AlgoSubLossDObj, "D's loss", "perda de D")                                                        \
  X(AlgoL9, "end for", "fim para")                                                                    \
  X(AlgoSubForward, "forward D(x), D(G(z))", "propagação D(x), D(G(z))") \
  X(AlgoSubLossD, "log loss", "perda log.") \
  X(AlgoSubUpdateD, "backprop + step θd", "retroprop. + passo θd") \
  X(AlgoSubForwardG, "forward D(G(z))", "propagação D(G(z))") \
  X(AlgoSubLossG, "G's loss", "perda de G") \
  X(AlgoSubUpdateG, "backprop via D + step θg", "retroprop. via D + passo θg") \
  /* settings */                                                                                      \
  X(SetLive, "Live: applied at the next step", "Ao vivo: aplicados no próximo passo")                 \
  X(SetRestart, "Changing these restarts the run", "Alterar estes recomeça o treinamento")            \
  X(SetCustom, "custom spec", "especificação própria")                                                \
  X(SetJsEvery, "JS every N iterations", "JS a cada N iterações")                                     \
  X(SetNone, "This kind of lesson has no training settings: its own panels hold its controls.",          \
    "Este tipo de lição não tem ajustes de treino: os controles ficam nos seus próprios painéis.")         \
  X(Apply, "Apply", "Aplicar")                                                                        \
  X(Restarted, "Run restarted: %s = %s", "Treinamento recomeçado: %s = %s")                           \
  X(Changed, "%s = %s (from the next step on)", "%s = %s (a partir do próximo passo)")                \
  /* views */                                                                                         \
  X(PData, "p_data", "p_data")                                                                        \
  X(PG, "p_g", "p_g")                                                                                 \
  X(DCurve, "D(x)", "D(x)")                                                                           \
  X(DStar, "D*(x) = p_data / (p_data + p_g)", "D*(x) = p_data / (p_data + p_g)")                      \
  X(Mapping, "x = G(z)", "x = G(z)")                                                                  \
  X(Density, "density", "densidade")                                                                  \
  X(DAxis, "D", "D")                                                                                  \
  X(ZAxis, "z", "z")                                                                                  \
  X(Real, "real", "real")                                                                             \
  X(Fake, "fake", "falso")                                                                            \
  X(DMap, "D map", "mapa de D")                                                                       \
  X(Arrows, "G's push −∇", "empurrão em G −∇")                                                        \
  X(Warp, "G(z-grid)", "G(grade z)")                                                                  \
  X(Minibatch, "minibatch", "minilote")                                                               \
  X(RealSamples, "real x ~ p_data", "reais x ~ p_data")                                               \
  X(FakeSamples, "fake G(z)", "falsas G(z)")                                                          \
  X(SaysFake, "D = 0: fake", "D = 0: falso")                                                          \
  X(SaysReal, "D = 1: real", "D = 1: real")                                                           \
  X(NoMapping, "z → x lines: noise dimension 1 only (here z = (z₁, 0, …))",                          \
    "linhas z → x: só para ruído de dimensão 1 (aqui z = (z₁, 0, …))")                                \
  X(Diverged, "G's outputs are not finite: the run diverged", "As saídas de G não são finitas: o treinamento divergiu") \
  X(HoverAt, "at x = %.3f", "em x = %.3f")                                                            \
  X(CriticCurve, "critic score f(x)", "escore do crítico f(x)")                                       \
  X(CriticAxis, "f", "f")                                                                             \
  X(CriticMean, "mean f", "média de f")                                                               \
  X(DStarSign, "optimum sign(p_data − p_g)", "ótimo sinal(p_data − p_g)")                             \
  X(NoOptimum, "wgan-gp: the critic's optimum has no pointwise formula (a 1-Lipschitz potential)", "wgan-gp: o ótimo do crítico não tem fórmula ponto a ponto (um potencial 1-Lipschitz)")\
  X(MapLow, "f = %.2f: says fake", "f = %.2f: diz falso")                                             \
  X(MapHigh, "f = %.2f: says real", "f = %.2f: diz real")                                             \
  X(MapLowW, "f = %.2f: lowest", "f = %.2f: menor")                                                   \
  X(MapHighW, "f = %.2f: highest", "f = %.2f: maior")                                                 \
  X(RunMain, "run 1 (%s)", "execução 1 (%s)")                                                         \
  X(RunShort, "run %d", "execução %d")                                                                \
  X(RunN, "run %d (%s)", "execução %d (%s)")                                                          \
  X(RunsNote, "D's curve and map: run 1's", "curva e mapa de D: os da execução 1")                    \
  /* minibatch */                                                                                     \
  X(MbDStep, "D-step %d of %d · iteration %lld", "passo D %d de %d · iteração %lld")                  \
  X(MbGStep, "G-step · iteration %lld", "passo G · iteração %lld")                                    \
  X(MbAfter, "after: %s", "depois de: %s")                                                            \
  X(MbEmpty, "No minibatch yet: step a phase (→).", "Ainda sem minilote: avance uma fase (→).")       \
  X(MbSet, "set", "tipo")                                                                         \
  X(MbLoss, "loss", "perda")                                                                          \
  X(MbNotYet, "—", "—")                                                                               \
  /* log loss */                                                                                      \
  X(LlId, "ID", "ID")                                                                                 \
  X(LlActual, "actual", "classe")                                                                       \
  X(LlPredicted, "predicted p", "p prevista")                                                   \
  X(LlCorrected, "corrected", "corrigida")                                                            \
  X(LlBase, "Log base:", "Base do log:")                                                              \
  X(LlNatural, "ln (= loss_d)", "ln (= loss_d)")                                    \
  X(LlTen, "log10 (course)", "log10 (curso)")                                                   \
  X(LlTwo, "log2", "log2")                                                                            \
  X(LlWorked, "Worked table", "Tabela do exercício")                                                  \
  X(LlMinibatch, "Minibatch", "Minilote")                                                             \
  X(LlSample, "sample", "amostra")                                                                    \
  X(LlWorkedNote, "Fill in the empty cells (a decimal point or comma).",                              \
    "Preencha as células vazias (vírgula ou ponto decimal).")                                         \
  X(LlMeanLabel, "negative mean −(1/n) ∑ %s(corrected) =", "média negativa −(1/n) ∑ %s(corrigida) =") \
  X(LlV, "V(D,G) = mean %s D(x) + mean %s(1 − D(G(z))) = %.5f",                                       \
    "V(D,G) = média %s D(x) + média %s(1 − D(G(z))) = %.5f")                                          \
  X(LlCellsRight, "%d of %d cells right", "%d de %d células certas")                                  \
  X(LlNegMean, "negative mean −(1/n) ∑ %s(corrected) = %.5f", "média negativa −(1/n) ∑ %s(corrigida) = %.5f") \
  X(LlEqualsLossD, "= loss_d shown in the charts (%.5f) ✓", "= loss_d mostrada nas curvas (%.5f) ✓")  \
  X(LlDiffers, "≠ loss_d (%.5f)", "≠ loss_d (%.5f)")                                                  \
  X(LlInNats, "in nats (ln): %.5f = loss_d %.5f", "em nats (ln): %.5f = loss_d %.5f")                 \
  X(LlWaitForward, "Step to “forward” (line 5) to fill the table: it needs D's outputs.",             \
    "Avance até a “propagação” (linha 5) para preencher a tabela: ela precisa das saídas de D.")      \
  X(LlCorrectedRule, "corrected = p for class 1, 1 − p for class 0",                                  \
    "corrigida = p para a classe 1, 1 − p para a classe 0")                                           \
  X(LlGStepNonSat, "G-step (non-saturating): G wants D(G(z)) → 1, so its loss is the log loss with the fakes labelled 1.", \
    "Passo G (não saturante): G quer D(G(z)) → 1, então sua perda é a perda logarítmica com as falsas rotuladas 1.") \
  X(LlGStepMinimax, "G-step (minimax): G minimises (1/m) ∑ log(1 − D(G(z))) = −(log loss with the fakes labelled 0).", \
    "Passo G (minimax): G minimiza (1/m) ∑ log(1 − D(G(z))) = −(perda log. com as falsas rotuladas 0).") \
  X(LlEqualsLossG, "loss_g = %.5f", "loss_g = %.5f")                                                  \
  X(LlNotLogLoss, "Objective %s: D's output is a critic score f, not a probability, so there is no log loss to tabulate. The minibatch panel lists each row's f and its %s loss.", "Objetivo %s: a saída de D é um escore de crítico f, não uma probabilidade, então não há perda logarítmica para tabular. O painel do minilote lista o f de cada linha e a perda %s dela.")\
  /* charts */                                                                                        \
  X(ChLosses, "Losses", "Perdas")                                                                     \
  X(ChOutputs, "D's mean outputs", "Saídas médias de D")                                              \
  X(ChJs, "JS(p_data ‖ p_g), nats", "JS(p_data ‖ p_g), nats")                                         \
  X(ChLossD, "D loss (mean BCE)", "perda D (BCE média)")                                              \
  X(ChLossG, "G loss", "perda G")                                                                     \
  X(ChV, "V(D,G) = −2·loss_d", "V(D,G) = −2·loss_d")                                                  \
  X(ChNote, "loss_d: mean BCE over D's 2m rows; ln 2 ≈ 0.693 when D = 1/2",                          \
    "loss_d: BCE média nas 2m linhas de D; ln 2 ≈ 0,693 quando D = 1/2")                               \
  X(ChNoteCritic, "loss_d, loss_g: the %s losses (Algorithm 1 panel); D's output is a score, not a probability", "loss_d, loss_g: as perdas %s (painel do Algoritmo 1); a saída de D é um escore, não uma probabilidade")\
  X(ChLossDObj, "D loss", "perda D")                                                                  \
  X(ChScores, "mean critic scores f", "escores médios f do crítico")                                  \
  X(ChDRealF, "mean f(x)", "média f(x)")                                                              \
  X(ChDFakeF, "mean f(G(z))", "média f(G(z))")                                                        \
  X(ChShowV, "show V(D,G)", "mostrar V(D,G)")                                                         \
  X(ChDReal, "mean D(x)", "média D(x)")                                                               \
  X(ChDFake, "mean D(G(z))", "média D(G(z))")                                                         \
  X(ChLn2, "ln 2 (equilibrium)", "ln 2 (equilíbrio)")                                                 \
  X(ChLn4, "−ln 4", "−ln 4")                                                                          \
  X(ChHalf, "1/2", "1/2")                                                                             \
  X(ChIteration, "iteration", "iteração")                                                             \
  X(ChNoData, "Run some iterations to see curves.", "Rode algumas iterações para ver as curvas.")     \
  X(ChModes, "Mode coverage (with JS)", "Cobertura de modos (com a JS)")                              \
  X(ChModesShare, "modes covered / %d", "modos cobertos / %d")                                         \
  X(ChHq, "hq: share within 3σ of a mode", "hq: fração a até 3σ de um modo")                           \
  X(ChAllModes, "all", "todos")                                                                       \
  X(ChJsNone, "JS is measured every N iterations.", "A JS é medida a cada N iterações.")              \
  /* help */                                                                                          \
  X(HelpIntro, "Step through Algorithm 1 of Goodfellow et al. (2014), one phase at a time, and back.", \
    "Percorra o Algoritmo 1 de Goodfellow et al. (2014), uma fase por vez, e volte.")                 \
  X(HelpKey, "Key", "Tecla")                                                                          \
  X(HelpAction, "Action", "Ação")                                                                     \
  X(KeySpace, "Space", "Espaço")                                                                      \
  X(HkSpace, "play / pause", "rodar / pausar")                                                        \
  X(HkRight, "step one phase", "avançar uma fase")                                                    \
  X(HkShiftRight, "step one iteration", "avançar uma iteração")                                       \
  X(HkD, "step to the end of the next D or G update", "avançar até o fim da próxima atualização de D ou G") \
  X(HkN, "step N iterations", "avançar N iterações")                                                  \
  X(HkLeft, "back one phase", "voltar uma fase")                                                      \
  X(HkShiftLeft, "back one iteration", "voltar uma iteração")                                         \
  X(HkUpDown, "speed × 2 / ÷ 2", "velocidade × 2 / ÷ 2")                                              \
  X(HkR, "reset to iteration 0", "reiniciar na iteração 0")                                           \
  X(HkL, "switch language (English / Português)", "trocar idioma (English / Português)")              \
  X(HkH, "show / hide this help", "mostrar / esconder esta ajuda")                                    \
  X(HkEsc, "close this help", "fechar esta ajuda")                                                    \
  X(HelpColours, "Colours (colour-blind safe): real data blue, generated data (G's fakes) orange, D green, JS purple.", \
    "Cores (seguras para daltônicos): dados reais em azul, dados gerados (as falsificações de G) em laranja, D em verde, JS em roxo.") \
  X(HelpLoss, "loss_d is the mean binary cross-entropy over D's 2m rows: ln 2 ≈ 0.693 at the equilibrium (D = 1/2); V(D,G) = −2·loss_d → −ln 4.", \
    "loss_d é a entropia cruzada binária média nas 2m linhas de D: ln 2 ≈ 0,693 no equilíbrio (D = 1/2); V(D,G) = −2·loss_d → −ln 4.") \
  X(WinNarration, "Lesson", "Lição")                                                                  \
  X(WinProblems, "Lesson problems", "Problemas na lição")                                             \
  X(WinWarnings, "Lesson warnings", "Avisos da lição")                                                \
  X(WarningsIntro, "The lesson is open and runs; the checker warns about its text:",                    \
    "A lição está aberta e roda; o verificador avisa sobre o texto dela:")                              \
  X(LockedByLesson, "This lesson locks this setting", "Esta lição trava este ajuste")                 \
  X(BeatOf, "%d of %d", "%d de %d")                                                                   \
  X(BeatPrev, "◂ Previous", "◂ Anterior")                                                             \
  X(BeatNext, "Next ▸", "Próximo ▸")                                                                  \
  X(BeatLatest, "Latest ▸▸", "Mais recente ▸▸")                                                       \
  X(Answer, "Answer", "Responder")                                                                    \
  X(Right, "Right!", "Certo!")                                                                        \
  X(NotQuite, "Not quite.", "Não exatamente.")                                                        \
  X(YourAnswer, "Your answer: %s", "Sua resposta: %s")                                                \
  X(TypeNumber, "a number, e.g. 0.25", "um número, p. ex. 0,25")                                      \
  X(TypeText, "your answer", "sua resposta")                                                          \
  X(NotANumber, "Type a number (e.g. 0.25).", "Digite um número (p. ex. 0,25).")                     \
  X(RightNumberIs, "The answer is %.6g (within %.6g).", "A resposta é %.6g (com tolerância %.6g).")  \
  X(AnswerToGoOn, "Answer the question to go on.", "Responda à pergunta para continuar.")             \
  X(NoBeatYet, "Press ▶ Play or step: the lesson's text appears here as the run reaches it.",         \
    "Aperte ▶ Rodar ou avance passo a passo: o texto da lição aparece aqui quando o treino chegar lá.") \
  X(NextBeatWaits, "The next part appears when the run gets there.",                                  \
    "A próxima parte aparece quando o treino chegar lá.")                                             \
  X(LessonEnd, "End of the lesson's script: keep experimenting.",                                     \
    "Fim do roteiro da lição: continue experimentando.")                                              \
  X(ProblemsIntro, "This lesson could not be opened; the previous one keeps running:",                 \
    "Esta lição não pôde ser aberta; a anterior continua rodando:")                                   \
  X(OpenFile, "Open…", "Abrir…")                                                                      \
  X(TipOpenFile, "Open a lesson file (.toml); you can also drop one on the window",                    \
    "Abrir um arquivo de lição (.toml); também dá para soltá-lo na janela")                           \
  X(OpenPathPrompt, "Path of a lesson file (.toml):", "Caminho de um arquivo de lição (.toml):")       \
  X(Open, "Open", "Abrir")                                                                            \
  X(Share, "Share", "Compartilhar")                                                                   \
  X(TipShare, "A link that opens this lesson with the current settings",                              \
    "Um link que abre esta lição com os ajustes atuais")                                              \
  X(ShareIntro, "This link opens the lesson, with the current settings, in the web player:",          \
    "Este link abre a lição, com os ajustes atuais, no player da web:")                               \
  X(Copy, "Copy", "Copiar")                                                                           \
  X(Copied, "Link copied.", "Link copiado.")                                                          \
  X(Characters, "characters", "caracteres")                                                           \
  X(Reloaded, "Reloaded", "Recarregada:")                                                             \
  X(LockedTip, "This lesson keeps this setting fixed.", "Esta lição mantém este ajuste fixo.")         \
  X(Close, "Close", "Fechar")                                                                         \
  /* drawing 2-D data (the 2-D view's draw mode, draw_data.cpp) */                                  \
  X(Draw, "draw data", "desenhar dados")                                                              \
  X(TipDraw, "Draw the data with the mouse: each stroke becomes the run's data (the run restarts, same seed)", \
    "Desenhe os dados com o mouse: cada traço vira os dados do treino (ele recomeça, mesma semente)")  \
  X(DrawBrush, "brush", "pincel")                                                                     \
  X(DrawEraser, "eraser", "borracha")                                                                 \
  X(DrawClear, "Clear", "Limpar")                                                                     \
  X(TipDrawClear, "Back to the lesson's own data", "De volta aos dados da própria lição")             \
  X(DrawSave, "Save CSV…", "Salvar CSV…")                                                             \
  X(TipDrawSave, "The data points as a CSV file (x,y rows), for [data] set = \"csv:FILE\"",          \
    "Os pontos dos dados como arquivo CSV (linhas x,y), para [data] set = \"csv:ARQUIVO\"")          \
  X(DrawSavePrompt, "Save the data points (x,y rows) as:", "Salvar os pontos dos dados (linhas x,y) como:") \
  X(Save, "Save", "Salvar")                                                                           \
  X(DrawSaved, "Saved %s", "Salvo: %s")                                                               \
  X(DrawCount, "%d points (at most %d)", "%d pontos (no máximo %d)")                                  \
  X(DrawApplied, "The run restarted on %d drawn points (same seed).",                                 \
    "O treino recomeçou com %d pontos desenhados (mesma semente).")                                   \
  X(DrawCleared, "Back to the lesson's data: %s.", "De volta aos dados da lição: %s.")                \
  X(DrawFull, "At most %d points: the brush stops there.", "No máximo %d pontos: o pincel para aí.")  \
  X(DrawLocked, "This lesson keeps its data fixed.", "Esta lição mantém seus dados fixos.")           \
  X(DrawNot2d, "Only a 2-D lesson's data can be drawn.", "Só dá para desenhar os dados de uma lição 2-D.") \
  X(DrawNoPoints, "The data are not drawn points: draw some first.",                                  \
    "Os dados não são pontos desenhados: desenhe alguns antes.")                                      \
  X(DrawBad, "point %d: %s", "ponto %d: %s")                                                          \
  X(DrawTooMany, "%d points: at most %d can be drawn.", "%d pontos: dá para desenhar no máximo %d.")  \
  /* narrow screens: the tabs (one panel at a time) and the control bar's menu */                   \
  X(TabNarration, "Lesson", "Lição")                                                                  \
  X(TabAlgorithm, "Algorithm", "Algoritmo")                                                           \
  X(TabSettings, "Settings", "Ajustes")                                                               \
  X(TabView, "Plot", "Gráfico")                                                                       \
  X(TabCharts, "Curves", "Curvas")                                                                    \
  X(TabMinibatch, "Minibatch", "Minilote")                                                            \
  X(TabLogloss, "Log loss", "Perda")                                                                  \
  X(TabSaddle, "Game", "Jogo")                                                                        \
  X(TabSamples, "Samples", "Amostras")                                                                \
  X(TabDOutputs, "D's verdicts", "Veredito de D")                                                     \
  X(TabLatent, "Latent", "Latente")                                                                   \
  X(TabStyles, "Styles", "Estilos")                                                                   \
  X(TabClasses, "Digits", "Dígitos")                                                                  \
  X(TabInversion, "Find z", "Achar z")                                                                \
  X(TabCodePath, "Path of z", "Caminho de z")                                                         \
  X(TabProjection, "Z and W", "Z e W")                                                                \
  X(TabInterpolation, "Z/W lines", "Retas Z/W")                                                       \
  X(Menu, "≡ More", "≡ Mais")                                                                         \
  X(TipMenu, "Lessons, step sizes, reset, seed, speed, timeline, language, help", "Lições, tamanhos de passo, reiniciar, semente, velocidade, linha do tempo, idioma, ajuda") \
  /* the find-latent panels (panel_inversion.cpp) */                                                  \
  X(WinInversion, "Finding z: the target and G(z)", "Achando z: o alvo e G(z)")                       \
  X(WinCodePath, "The path of z (2-D PCA of the codes visited)", "O caminho de z (PCA 2-D dos códigos visitados)") \
  X(InvStatusFmt, "update %lld/%lld · loss %.4f · %.0f updates/s", "atualização %lld/%lld · perda %.4f · %.0f atualizações/s") \
  X(InvTarget, "target x", "alvo x")                                                                  \
  X(InvRecon, "G(z)", "G(z)")                                                                         \
  X(InvCanvas, "your digit", "seu dígito")                                                            \
  X(InvLogLoss, "log₁₀ loss (dashed: loss_target)", "log₁₀ da perda (tracejado: loss_target)")       \
  X(InvUpdates, "updates of z", "atualizações de z")                                                  \
  X(InvLossFmt, "loss %.4f (pixels %.4f, features %.4f) after %lld updates", "perda %.4f (pixels %.4f, atributos %.4f) após %lld atualizações") \
  X(InvDigit, "Held-out digit", "Dígito reservado")                                                   \
  X(InvUseDigit, "Use digit", "Usar dígito")                                                          \
  X(InvUseDrawing, "Use drawing", "Usar desenho")                                                     \
  X(InvClear, "Clear", "Limpar")                                                                      \
  X(InvDrawTip, "Left button draws, right button erases", "O botão esquerdo desenha, o direito apaga") \
  X(InvRestart, "Restart (new random z)", "Reiniciar (novo z aleatório)")                             \
  X(InvEncoder, "Start from E(x)", "Começar de E(x)")                                                 \
  X(InvStarts, "starts", "inícios")                                                                   \
  X(InvFeatureWeight, "feature weight", "peso dos atributos")                                         \
  X(InvScratch, "Train G from scratch", "Treinar G do zero")                                          \
  X(InvScratchTip, "Train lesson 8's G now (about a minute natively) instead of the one trained at set-up", "Treina agora o G da lição 8 (cerca de um minuto, nativo) em vez do treinado na preparação") \
  X(InvPrior, "prior: 1 standard deviation", "prior: 1 desvio padrão")                                \
  X(InvPathStart, "start", "início")                                                                  \
  X(InvPathNow, "now", "agora")                                                                       \
  X(InvPathFew, "The path shows after a few updates.", "O caminho aparece depois de algumas atualizações.") \
  X(LatentLoading, "Loading the trained models…", "Carregando os modelos treinados…")                 \
  /* the detect-fakes panels (panel_detect.cpp) */                                                     \
  X(TabScores, "Scores", "Escores")                                                                   \
  X(TabRoc, "ROC", "ROC")                                                                             \
  X(WinScores, "Real vs fake: the detector's scores", "Reais vs falsos: os escores do detector")      \
  X(WinRoc, "ROC curves and AUC", "Curvas ROC e AUC")                                                 \
  X(DetStatusFmt, "batch %lld/%lld · %zu digits per group scored · AUC %.3f", "lote %lld/%lld · %zu dígitos por grupo avaliados · AUC %.3f") \
  X(DetResynthesis, "re-synthesis error", "erro de ressíntese")                                       \
  X(DetDiscriminator, "D's output", "saída de D")                                                     \
  X(DetClassifier, "classifier confidence", "confiança do classificador")                             \
  X(DetLogError, "log₁₀ re-synthesis error (pixel MSE)", "log₁₀ do erro de ressíntese (MSE dos pixels)") \
  X(DetDValue, "D's raw output (logit)", "saída bruta de D (logit)")                                  \
  X(DetConfidence, "top class probability", "probabilidade da classe mais provável")                  \
  X(DetShare, "share of the group", "fração do grupo")                                                \
  X(DetReal, "real (held-out)", "reais (reservados)")                                                 \
  X(DetSameFmt, "fakes of %s (the G inverted)", "falsos de %s (o G invertido)")                       \
  X(DetOtherFmt, "fakes of %s (another G)", "falsos de %s (outro G)")                                 \
  X(DetSeedFmt, "fakes of %s, seed %s (another seed)", "falsos de %s, semente %s (outra semente)")     \
  X(DetYours, "your digit", "seu dígito")                                                             \
  X(DetScore, "Score my digit", "Avaliar meu dígito")                                                 \
  X(DetScoring, "Scoring your digit…", "Avaliando seu dígito…")                                       \
  X(DetYoursFmt, "your digit: error %.4f · D %.2f · confidence %.2f", "seu dígito: erro %.4f · D %.2f · confiança %.2f") \
  X(DetRecon, "G(z) of it", "G(z) dele")                                                              \
  X(DetNone, "The histograms fill as the digits are scored: press play.", "Os histogramas se enchem à medida que os dígitos são avaliados: aperte play.") \
  X(DetFpr, "false positive rate (real digits flagged)", "taxa de falsos positivos (reais apontados)") \
  X(DetTpr, "true positive rate (fakes caught)", "taxa de verdadeiros positivos (falsos pegos)")     \
  /* the saddle-point panel (panel_saddle*.cpp) */                                                      \
  X(WinSaddle, "Parameter space: the game's vector field", "Espaço de parâmetros: o campo de vetores do jogo") \
  X(SaddleDistance, "distance to the equilibrium", "distância até o equilíbrio")                      \
  X(SaddleEigen, "eigenvalues (complex plane)", "autovalores (plano complexo)")                       \
  X(SaddleEigenJ, "J: the flow", "J: o fluxo")                                                        \
  X(SaddleEigenStep, "one step", "um passo")                                                          \
  X(SaddleUnitCircle, "unit circle", "círculo unitário")                                              \
  X(SaddleStart, "start (click to move)", "início (clique para mudar)")                               \
  X(SaddleEquilibrium, "equilibrium", "equilíbrio")                                                   \
  X(SaddleField, "arrows: the update direction", "setas: a direção da atualização")                   \
  X(SaddleCompare, "compare rules", "comparar regras")                                                \
  X(SaddleArrowsFmt, "%d arrows", "%d setas")                                                         \
  X(SaddleClickTip, "Click: start every run here", "Clique: começar todas as execuções aqui")         \
  X(SaddleAfterAnswer, "|μ| of one step shows once you have answered the question.",                  \
    "O |μ| de um passo aparece depois que você responder à pergunta.")                                 \
  X(SaddleEigenHelp,                                                                                  \
    "Dots: eigenvalues of the Jacobian J of the field at the blue run's point. Purely imaginary (on the " \
    "vertical axis) means pure rotation: the flow cycles, nothing pulls it in. Crosses: eigenvalues of one " \
    "update step; outside the unit circle the distance grows every step, inside it shrinks, on it it cycles.", \
    "Pontos: autovalores do jacobiano J do campo no ponto da execução azul. Puramente imaginários (no eixo " \
    "vertical) significa rotação pura: o fluxo gira e nada o puxa para dentro. Cruzes: autovalores de um " \
    "passo de atualização; fora do círculo unitário a distância cresce a cada passo, dentro ela diminui, " \
    "sobre ele a execução gira.")                                                                     \
  X(SaddleStatusFmt, "iteration %lld of %lld · distance %.4g · %.0f it/s",                             \
    "iteração %lld de %lld · distância %.4g · %.0f it/s")                                             \
  X(SaddleHoverFmt, "(%.3g, %.3g)  field (%.3g, %.3g)\nJ eigenvalues %.3g ± %.3gi · one step |μ| = %.4g", \
    "(%.3g; %.3g)  campo (%.3g; %.3g)\nautovalores de J %.3g ± %.3gi · um passo |μ| = %.4g")           \
  X(SaddleHoverNoStepFmt, "(%.3g, %.3g)  field (%.3g, %.3g)\nJ eigenvalues %.3g ± %.3gi", \
    "(%.3g; %.3g)  campo (%.3g; %.3g)\nautovalores de J %.3g ± %.3gi")                                \
  X(NarrationWaiting, "Step or press ▶ Play: the lesson continues as the run moves.",                   \
    "Avance ou aperte ▶ Rodar: a lição continua à medida que a execução anda.")                         \
  X(NarrationRight, "Right!", "Certo!")                                                               \
  X(NarrationWrong, "Not quite: the right answer is marked.", "Não exatamente: a resposta certa está marcada.") \
  X(NarrationAnswerFirst, "Answer the question to go on.", "Responda à pergunta para continuar.")     \
  /* image lessons (panel_image*.cpp) */  \
  X(WinSamples, "Samples: G(z) for 64 fixed noise vectors", "Amostras: G(z) para 64 vetores de ruído fixos")  \
  X(WinDOutputs, "D's verdicts on real and generated digits", "O veredito de D sobre dígitos reais e gerados")  \
  X(WinLatent, "Latent walk: G between two noise vectors", "Caminho latente: G entre dois vetores de ruído")  \
  X(WinClasses, "Which digits? A classifier looks at the samples", "Quais dígitos? Um classificador olha as amostras")  \
  X(ImgSamplesNote, "iteration %lld · the same 64 z after every update · batch norm in inference mode", "iteração %lld · os mesmos 64 z depois de cada atualização · batch norm em modo de inferência")  \
  X(ImgSamplesAverage, "drawn by the average of G's weights (ema_g %.3f, from iteration %d; before it by G itself)", "desenhadas pela média dos pesos de G (ema_g %.3f, a partir da iteração %d; antes, pelo próprio G)")  \
  X(ImgSampleTip, "sample %d of 64", "amostra %d de 64")  \
  X(ImgGrowthStable, "G and D at %d × %d (stage %d of %d)", "G e D em %d × %d (etapa %d de %d)")  \
  X(ImgGrowthFading, "G and D at %d × %d (stage %d of %d) · new block fading in: α = %.2f", \
    "G e D em %d × %d (etapa %d de %d) · bloco novo entrando: α = %.2f")  \
  X(ImgGrowthShown, "drawn at %d × %d, shown at %d × %d", "desenhado em %d × %d, mostrado em %d × %d")  \
  X(ImgRealRow, "real digits x, and D(x) under each", "dígitos reais x, e D(x) embaixo de cada um")  \
  X(ImgFakeRow, "generated G(z), and D(G(z)) under each", "gerados G(z), e D(G(z)) embaixo de cada um")  \
  X(ImgOtherReal, "Other digits", "Outros dígitos")  \
  X(ImgMinibatchFmt, "last minibatch: mean D(x) = %.3f · mean D(G(z)) = %.3f", "último minilote: D(x) médio = %.3f · D(G(z)) médio = %.3f")  \
  X(ImgNewZ, "New z₀, z₁", "Novos z₀, z₁")  \
  X(WinStyles, "Style mixing: rows A, columns B", "Mistura de estilos: linhas A, colunas B")  \
  X(StyFromB, "B gives:", "B dá:")  \
  X(StyCoarse, "coarse 7×7", "grosso 7×7")  \
  X(StyMiddle, "middle 14×14", "médio 14×14")  \
  X(StyFine, "fine 28×28", "fino 28×28")  \
  X(StyPsi, "truncation ψ", "truncamento ψ")  \
  X(StyPsiTip, "w = w_mean + ψ (w − w_mean) for every image drawn (samples grid too); training is not affected", "w = w_médio + ψ (w − w_médio) em toda imagem desenhada (também na grade de amostras); o treino não muda")  \
  X(StyNewCodes, "New A, B", "Novos A, B")  \
  X(StyNote, "Each cell: A's styles, except the levels B gives", "Cada célula: os estilos de A, exceto os níveis que B dá")  \
  X(StyNotStyle, "This lesson's G has no styles (a \"style\" layer).", "O G desta lição não tem estilos (uma camada \"style\").")  \
  /* the latent spaces Z and W (panel_disentangle.cpp) */  \
  X(WinProjection, "Z and W: 2,000 codes by digit (2-D PCA)", "Z e W: 2.000 códigos por dígito (PCA 2-D)")  \
  X(WinInterpolation, "Z and W: a line between two codes", "Z e W: uma reta entre dois códigos")  \
  X(DisMeasuring, "Measuring Z and W at iteration %lld (2,000 codes through G and the classifier)…", "Medindo Z e W na iteração %lld (2.000 códigos por G e pelo classificador)…")  \
  X(DisPaused, "Measured once the run is paused (it takes a moment).", "Medido quando a execução estiver pausada (leva um instante).")  \
  X(DisWaitJudge, "Waiting for the digit classifier (it trains beside the run)…", "Esperando o classificador de dígitos (ele treina ao lado da execução)…")  \
  X(DisAtFmt, "measured at iteration %lld", "medido na iteração %lld")  \
  X(DisOldFmt, "measured at iteration %lld; measured again when paused", "medido na iteração %lld; medido de novo ao pausar")  \
  X(DisSpaceFmt, "%s: the 2 axes hold %.0f%% of the variance", "%s: os 2 eixos têm %.0f%% da variância")  \
  X(DisSeparabilityFmt, "linear separability: Z %.1f%% · W %.1f%% (the commonest digit alone: %.1f%%)", "separabilidade linear: Z %.1f%% · W %.1f%% (só o dígito mais comum: %.1f%%)")  \
  X(DisSeparabilityTip, "The held-out accuracy of a linear classifier from the code (z, or w) to the digit the classifier sees in G(z): trained on 1,000 codes, scored on the other 1,000. Higher: the digits lie in regions a straight cut can tell apart.", "O acerto, em códigos separados, de um classificador linear do código (z, ou w) ao dígito que o classificador vê em G(z): treinado em 1.000 códigos, avaliado nos outros 1.000. Maior: os dígitos ficam em regiões que um corte reto separa.")  \
  X(DisPplFmt, "perceptual path length: Z %.0f · W %.0f", "comprimento de caminho perceptual: Z %.0f · W %.0f")  \
  X(DisPplTip, "How much the classifier's features change for a small step along a line between two codes, averaged over 256 lines in each space (top row: Z, along a great circle; bottom row: W, straight). Lower: smoother lines, fewer jumps through other digits on the way.", "Quanto as características do classificador mudam num passo pequeno ao longo de uma reta entre dois códigos, na média de 256 retas em cada espaço (linha de cima: Z, por um grande círculo; de baixo: W, reta). Menor: retas mais suaves, menos saltos por outros dígitos no caminho.")  \
  X(DisRowZ, "Z", "Z")  \
  X(DisRowW, "W", "W")  \
  X(DisPointTip, "digit %d (the classifier's label for G of this code)", "dígito %d (o rótulo do classificador para G deste código)")  \
  X(ImgLatentNote, "G((1 − t) z₀ + t z₁) for t = 0, 0.1, …, 1", "G((1 − t) z₀ + t z₁) para t = 0; 0,1; …; 1")  \
  X(ImgNoJudge, "No digit classifier for these images: it reads 1 × 28 × 28 digits.", "Não há classificador de dígitos para estas imagens: ele lê dígitos 1 × 28 × 28.")  \
  X(ImgTrainingJudge, "Training the digit classifier on the lesson's real digits (%.0f%%)…", "Treinando o classificador de dígitos com os dígitos reais da lição (%.0f%%)…")  \
  X(ImgFrechetFmt, "Fréchet distance to real digits: %.1f (64 other real digits: %.1f)", "Distância de Fréchet até dígitos reais: %.1f (64 outros dígitos reais: %.1f)")  \
  X(ImgFrechetTip, "The distance between Gaussians fitted to the classifier's features of the 64 samples and of 1000 real digits. Lower is better; from 64 samples it is biased upwards, so compare it over time and with 64 real digits' figure: the best G could reach.", "A distância entre gaussianas ajustadas às características do classificador nas 64 amostras e em 1000 dígitos reais. Menor é melhor; com 64 amostras ela fica enviesada para cima, então compare-a ao longo do tempo e com a de 64 dígitos reais: o melhor que G poderia alcançar.")  \
  X(ImgConfidentFmt, "mean confidence %.2f (real digits: %.2f)\n≥ 0.9 for %.0f%% of samples (real: %.0f%%)", "confiança média %.2f (dígitos reais: %.2f)\n≥ 0,9 em %.0f%% das amostras (reais: %.0f%%)")  \
  X(ImgDigit, "predicted digit", "dígito previsto")  \
  X(ImgJudgeCached, "classifier: the quality metric's (ganstep run, cached)", "classificador: o da métrica de qualidade (ganstep run, em cache)")  \
  X(ImgJudgeTrained, "classifier: trained here, 2 epochs on the lesson's digits", "classificador: treinado aqui, 2 épocas com os dígitos da lição")  \
  X(ImgFraction, "fraction", "fração")  \
  X(ImgSamplesLegend, "samples", "amostras")  \
  X(ImgRealLegend, "real digits", "dígitos reais")  \
  X(ImgClassTip, "digit %d: %.0f%% of samples, %.0f%% of real digits", "dígito %d: %.0f%% das amostras, %.0f%% dos dígitos reais")  \
  X(ImgTipStepUpdate, "Run the next D-step or G-step (D)", "Executa o próximo passo de D ou de G (D)")  \
  X(ImgCheckpoint, "Checkpoint…", "Checkpoint…")  \
  X(ImgTipCheckpoint, "Continue from a checkpoint of this lesson (ganstep run writes OUT/checkpoint.gsck), or just look at its samples", "Continua de um checkpoint desta lição (ganstep run grava OUT/checkpoint.gsck), ou só mostra as amostras dele")  \
  X(ImgCheckpointPath, "checkpoint file (checkpoint.gsck)", "arquivo de checkpoint (checkpoint.gsck)")  \
  X(ImgLoad, "Load", "Carregar")  \
  X(ImgCheckpointLoadedFmt, "Loaded %s: iteration %lld.", "Carregado %s: iteração %lld.")  \
  X(ImgStatusFmt, "iteration %lld of %lld · next: %s · %.1f it/s · frame %.1f ms", "iteração %lld de %lld · próximo: %s · %.1f it/s · quadro %.1f ms")  \
  X(FastForward, "Fast-forward", "Avanço rápido")  \
  X(FastForwardFmt, "iteration %lld of %lld", "iteração %lld de %lld")  \
  X(Cancel, "Cancel", "Cancelar")  \
  X(NativeOnlyFmt, "“%s” runs only in the desktop program: %s. Run it natively: ganstep-player %s (or ganstep run %s --steps N).", "“%s” roda só no programa para computador: %s. Rode nativamente: ganstep-player %s (ou ganstep run %s --steps N).")  \
  X(NativeOnlyData, "this page does not hold its images (%s)", "esta página não tem as imagens dela (%s)")  \
  X(NativeOnlyWork, "one iteration costs %.0f GFLOP, too slow for the page", "uma iteração custa %.0f GFLOP, lento demais para a página")  \
  X(NativeOnlyMark, "desktop only", "só no computador")  \
  X(Error, "Error", "Erro")

enum class S {
#define GANSTEP_TEXT_ID(id, en, pt) id,
  GANSTEP_TEXTS(GANSTEP_TEXT_ID)
#undef GANSTEP_TEXT_ID
      Count
};

const char* tr(Lang lang, S id);
// The phase names above, by engine phase index 0..8.
const char* phase_text(Lang lang, int phase);

// What a beat text's {button:NAME} and {panel:NAME} show: the label of the
// control as panel_controls draws it and the panel's window title. Unknown names show as written.
std::string control_label(Lang lang, lessons::Control c);
std::string panel_title(Lang lang, lessons::Panel panel);

// printf for numbers shown in panels: the one number style of the lesson's
// language (decimal comma in pt, through engine/core's decimal_comma).
std::string fmt_num(Lang lang, const char* format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

}  // namespace ganstep::ui
