#include "engine/nn/modulated_conv.h"

#include "engine/core/detmath.h"
#include "engine/nn/conv_common.h"

namespace ganstep {
namespace {
constexpr double kDemodEps = 1e-8;  // the paper's epsilon
}

ModulatedConv2d::ModulatedConv2d(int in_c, int h, int w, int out_c, int k, int w_dim, bool demodulate)
    : affine(w_dim, in_c), conv_(in_c, h, w, out_c, k, 1, k / 2), demod_(demodulate), k2_(k * k) {
  bias = xt::zeros<float>({std::size_t{1}, static_cast<std::size_t>(out_c)});
  dbias = xt::zeros<float>(bias.shape());
}

void ModulatedConv2d::init(Rng& rng) {
  conv_.init(rng);
  conv_.b.fill(0.0f);
  affine.init(rng);
  affine.b.fill(1.0f);  // styles start at 1: the plain convolution
  bias.fill(0.0f);
}

void ModulatedConv2d::equalize(Rng& rng) {
  eq_affine_.init(rng, affine.W, affine.in(), 1.0f);
  eq_conv_.init(rng, conv_.W, in_image().c * k2_, demod_ ? kHeGain : 1.0f);
}

void ModulatedConv2d::forward(const Tensor2& x, const Tensor2& w, Tensor2& y) {
  eq_affine_.load(affine.W);  // no-ops unless equalized
  eq_conv_.load(conv_.W);
  const ImageShape in = in_image(), out = out_image();
  const std::size_t B = x.shape()[0], Cin = in.c, Cout = out.c;
  const std::size_t Si = static_cast<std::size_t>(in.h) * in.w, So = static_cast<std::size_t>(out.h) * out.w;
  x_ = x;
  affine.forward(w, s_);
  ensure_shape(xs_, B, Cin * Si);
  for (std::size_t b = 0; b < B; ++b)
    for (std::size_t i = 0; i < Cin; ++i) {
      const float s = s_(b, i);
      const float* xp = x.data() + (b * Cin + i) * Si;
      float* o = xs_.data() + (b * Cin + i) * Si;
      for (std::size_t p = 0; p < Si; ++p) o[p] = xp[p] * s;
    }
  conv_.forward(xs_, c_);
  ensure_shape(d_, B, Cout);
  const float* W = conv_.W.data();
  for (std::size_t b = 0; b < B; ++b)
    for (std::size_t o = 0; o < Cout; ++o) {
      if (!demod_) {
        d_(b, o) = 1.0f;
        continue;
      }
      double sum = 0;
      for (std::size_t i = 0; i < Cin; ++i) {
        const double s = s_(b, i);
        double q = 0;  // sum over the kernel of W(o, i, k)^2
        for (int k = 0; k < k2_; ++k) {
          const double v = W[(o * Cin + i) * k2_ + k];
          q += v * v;
        }
        sum += q * s * s;
      }
      d_(b, o) = static_cast<float>(1.0 / det_sqrt(sum + kDemodEps));
    }
  ensure_shape(y, B, Cout * So);
  for (std::size_t b = 0; b < B; ++b)
    for (std::size_t o = 0; o < Cout; ++o) {
      const float d = d_(b, o), bo = bias(0, o);
      const float* cp = c_.data() + (b * Cout + o) * So;
      float* yp = y.data() + (b * Cout + o) * So;
      for (std::size_t p = 0; p < So; ++p) yp[p] = cp[p] * d + bo;
    }
}

// dc = dy * d;  dd(b, o) = sum_p dy c;  dxs, dW from the convolution;
// dx = dxs * s;  ds = sum_p dxs x  +  (demodulation) sum_o dD(b, o) 2 s Q(o, i)
// with D = sum_i s^2 Q + eps, d = D^-1/2, dD = -dd d^3 / 2, Q(o, i) = sum_k W^2;
// dW += 2 W(o, i, k) sum_b dD(b, o) s(b, i)^2;  then the affine layer: dw = ds A^T.
void ModulatedConv2d::backward(const Tensor2& dy, Tensor2& dx, Tensor2& dw, bool param_grads) {
  const ImageShape in = in_image(), out = out_image();
  const std::size_t B = x_.shape()[0], Cin = in.c, Cout = out.c;
  const std::size_t Si = static_cast<std::size_t>(in.h) * in.w, So = static_cast<std::size_t>(out.h) * out.w;
  Tensor2 dc = Tensor2::from_shape({B, Cout * So});
  Tensor2 dD = xt::zeros<float>({B, Cout});
  std::vector<double> db(Cout, 0.0);
  for (std::size_t b = 0; b < B; ++b)
    for (std::size_t o = 0; o < Cout; ++o) {
      const float d = d_(b, o);
      const float* dyp = dy.data() + (b * Cout + o) * So;
      const float* cp = c_.data() + (b * Cout + o) * So;
      float* dcp = dc.data() + (b * Cout + o) * So;
      double dd = 0, sb = 0;
      for (std::size_t p = 0; p < So; ++p) {
        dcp[p] = dyp[p] * d;
        dd += static_cast<double>(dyp[p]) * cp[p];
        sb += dyp[p];
      }
      db[o] += sb;
      if (demod_) dD(b, o) = static_cast<float>(-0.5 * dd * double(d) * d * d);
    }
  Tensor2 dxs;
  conv_.backward(dc, dxs, param_grads);
  Tensor2 ds = xt::zeros<float>({B, Cin});
  ensure_shape(dx, B, Cin * Si);
  const float* W = conv_.W.data();
  for (std::size_t b = 0; b < B; ++b)
    for (std::size_t i = 0; i < Cin; ++i) {
      const float s = s_(b, i);
      const float* g = dxs.data() + (b * Cin + i) * Si;
      const float* xp = x_.data() + (b * Cin + i) * Si;
      float* o = dx.data() + (b * Cin + i) * Si;
      double acc = 0;
      for (std::size_t p = 0; p < Si; ++p) {
        o[p] = g[p] * s;
        acc += static_cast<double>(g[p]) * xp[p];
      }
      if (demod_)
        for (std::size_t oc = 0; oc < Cout; ++oc) {
          double q = 0;
          for (int k = 0; k < k2_; ++k) {
            const double v = W[(oc * Cin + i) * k2_ + k];
            q += v * v;
          }
          acc += 2.0 * double(dD(b, oc)) * s * q;
        }
      ds(b, i) = static_cast<float>(acc);
    }
  if (param_grads) {
    for (std::size_t o = 0; o < Cout; ++o) dbias(0, o) = static_cast<float>(db[o]);
    if (demod_) {
      float* dW = conv_.dW.data();
      for (std::size_t o = 0; o < Cout; ++o)
        for (std::size_t i = 0; i < Cin; ++i) {
          double g = 0;
          for (std::size_t b = 0; b < B; ++b) g += double(dD(b, o)) * s_(b, i) * s_(b, i);
          for (int k = 0; k < k2_; ++k) {
            const std::size_t at = (o * Cin + i) * k2_ + k;
            dW[at] = static_cast<float>(dW[at] + 2.0 * g * W[at]);
          }
        }
    }
  }
  affine.backward(ds, dw, param_grads);
  if (param_grads) {
    eq_conv_.take_grad(conv_.dW);  // no-ops unless equalized
    eq_affine_.take_grad(affine.dW);
  }
}

std::vector<Param> ModulatedConv2d::params() {
  if (eq_conv_.on)
    return {{&eq_affine_.v, &eq_affine_.dv, "affine.W"}, {&affine.b, &affine.db, "affine.b"},
            {&eq_conv_.v, &eq_conv_.dv, "W"}, {&bias, &dbias, "bias"}};
  return {{&affine.W, &affine.dW, "affine.W"}, {&affine.b, &affine.db, "affine.b"}, {&conv_.W, &conv_.dW, "W"},
          {&bias, &dbias, "bias"}};
}

void ModulatedConv2d::set_math_mode(MathMode mode) {
  affine.set_math_mode(mode);
  conv_.set_math_mode(mode);
}

std::string ModulatedConv2d::describe() const {
  const ImageShape in = in_image(), out = out_image();
  return std::string("ModulatedConv2d(") + chw(in.c, in.h, in.w) + " -> " + chw(out.c, out.h, out.w) + ", k" +
         std::to_string(conv_.geom().k) + ", w " + std::to_string(affine.in()) +
         (demod_ ? ", demodulated)" : ", not demodulated)");
}

}  // namespace ganstep
