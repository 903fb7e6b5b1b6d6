#!/usr/bin/env bash
# Same seed twice gives the same state_hash in --json output; different seeds differ.
#   usage: determinism.sh PATH/TO/ganstep
set -u
bin=$1
failures=0

hash_of() {
  local json
  json=$("$bin" run "$@" --json) || { echo "FAIL  ganstep run $* exited $?" >&2; return 1; }
  local h=${json#*\"state_hash\":\"}
  h=${h%%\"*}
  [[ ${#h} -eq 16 ]] || { echo "FAIL  no state_hash in: $json" >&2; return 1; }
  echo "$h"
}

check() {  # check DESCRIPTION CONDITION
  if eval "$2"; then echo "ok    $1"; else echo "FAIL  $1"; failures=$((failures + 1)); fi
}

for lesson in gauss-1d tiny-2d; do
  a=$(hash_of "$lesson" --steps 50 --seed 7) || failures=$((failures + 1))
  b=$(hash_of "$lesson" --steps 50 --seed 7) || failures=$((failures + 1))
  c=$(hash_of "$lesson" --steps 50 --seed 8) || failures=$((failures + 1))
  d=$(hash_of "$lesson" --steps 50 --set seed=7) || failures=$((failures + 1))
  check "$lesson: seed 7 twice gives the same hash ($a, $b)" '[[ -n $a && $a == "$b" ]]'
  check "$lesson: seed 8 differs ($c)" '[[ -n $c && $c != "$a" ]]'
  check "$lesson: --set seed=7 equals --seed 7 ($d)" '[[ $d == "$a" ]]'
done

# An image lesson that grows (growing: 7x7 -> 14x14 -> 28x28, a stage every 2
# iterations): the same seed twice, and 1 or 2 threads, give the same hash.
scratch=$(mktemp -d)
tmp=$(mktemp -d)
trap 'rm -rf "$scratch" "$tmp"' EXIT
grow=(growing --steps 5 --batch 8 --set grow_stage=2 --set grow_fade=1 --no-compare --fd-every 0 --sample-every 0)
a=$(hash_of "${grow[@]}" --threads 2 --out "$scratch/a") || failures=$((failures + 1))
b=$(hash_of "${grow[@]}" --threads 2 --out "$scratch/b") || failures=$((failures + 1))
c=$(hash_of "${grow[@]}" --threads 1 --out "$scratch/c") || failures=$((failures + 1))
check "growing: the same run twice gives the same hash ($a, $b)" '[[ -n $a && $a == "$b" ]]'
check "growing: 1 thread gives the 2 threads' hash ($c)" '[[ $c == "$a" ]]'
# An image lesson with a style-based G (noise inputs, truncation's w_mean): two
# iterations of batch 8, twice (its end-of-run latent measures included).
a=$(hash_of style-mapping --steps 2 --batch 8 --seed 7 --out "$tmp/a") || failures=$((failures + 1))
b=$(hash_of style-mapping --steps 2 --batch 8 --seed 7 --out "$tmp/b") || failures=$((failures + 1))
check "style-mapping: seed 7 twice gives the same hash ($a, $b)" '[[ -n $a && $a == "$b" ]]'
check "style-mapping: the same interpolation images" \
  'cmp -s "$tmp/a/disentangle/interpolation.png" "$tmp/b/disentangle/interpolation.png"'
# Lesson 8 drawn from an average of G's weights: until ema_start the run's bits
# are the plain run's (the average equals G); after it the hash covers the
# average, the same on 1 and 2 threads.
eight=(dcgan-mnist --steps 3 --batch 8 --sample-every 0)
a=$(hash_of "${eight[@]}" --out "$tmp/e1") || failures=$((failures + 1))
b=$(hash_of "${eight[@]}" --set ema_g=0.998 --set ema_start=3 --out "$tmp/e2") || failures=$((failures + 1))
c=$(hash_of "${eight[@]}" --set ema_g=0.998 --set ema_start=1 --threads 1 --out "$tmp/e3") || failures=$((failures + 1))
d=$(hash_of "${eight[@]}" --set ema_g=0.998 --set ema_start=1 --threads 2 --out "$tmp/e4") || failures=$((failures + 1))
check "dcgan-mnist: the average before ema_start leaves the hash ($a, $b)" '[[ -n $a && $a == "$b" ]]'
check "dcgan-mnist: the average after ema_start is hashed ($c)" '[[ -n $c && $c != "$a" ]]'
check "dcgan-mnist: the average, 1 and 2 threads ($c, $d)" '[[ $c == "$d" ]]'
# Lesson 8 with a learning-rate decay: the iterations before lr_decay_start are
# the plain run's bits; a decay that starts earlier changes them, the same on 1 and 2 threads.
b=$(hash_of "${eight[@]}" --set lr_decay_start=3 --set lr_decay_end=10 --out "$tmp/d1") || failures=$((failures + 1))
c=$(hash_of "${eight[@]}" --set lr_decay_start=1 --set lr_decay_end=4 --threads 1 --out "$tmp/d2") || failures=$((failures + 1))
d=$(hash_of "${eight[@]}" --set lr_decay_start=1 --set lr_decay_end=4 --threads 2 --out "$tmp/d3") || failures=$((failures + 1))
check "dcgan-mnist: a decay from lr_decay_start leaves the iterations before it ($a, $b)" '[[ -n $a && $a == "$b" ]]'
check "dcgan-mnist: a decay from iteration 1 changes the run ($c)" '[[ -n $c && $c != "$a" ]]'
check "dcgan-mnist: the decay, 1 and 2 threads ($c, $d)" '[[ $c == "$d" ]]'
# find-latent: the search through the starting models made at set-up (ganstep models).
a=$(hash_of find-latent --steps 30 --compare-digits 0 --seed 3) || failures=$((failures + 1))
b=$(hash_of find-latent --steps 30 --compare-digits 0 --seed 3) || failures=$((failures + 1))
c=$(hash_of find-latent --steps 30 --compare-digits 0 --seed 4) || failures=$((failures + 1))
d=$(hash_of find-latent --steps 30 --compare-digits 0 --seed 3 --set encoder=true) || failures=$((failures + 1))
check "find-latent: seed 3 twice gives the same hash ($a, $b)" '[[ -n $a && $a == "$b" ]]'
check "find-latent: seed 4 differs ($c)" '[[ -n $c && $c != "$a" ]]'
check "find-latent: from E(x) differs ($d)" '[[ -n $d && $d != "$a" ]]'
# detect-fakes: two batches of scores through the same starting models.
a=$(hash_of detect-fakes --steps 2 --set detect=20 --seed 3) || failures=$((failures + 1))
b=$(hash_of detect-fakes --steps 2 --set detect=20 --seed 3) || failures=$((failures + 1))
c=$(hash_of detect-fakes --steps 2 --set detect=20 --seed 4) || failures=$((failures + 1))
check "detect-fakes: seed 3 twice gives the same hash ($a, $b)" '[[ -n $a && $a == "$b" ]]'
check "detect-fakes: seed 4 differs ($c)" '[[ -n $c && $c != "$a" ]]'

if [[ $failures -ne 0 ]]; then
  echo "$failures determinism check(s) failed"
  exit 1
fi
echo "all determinism checks passed"
