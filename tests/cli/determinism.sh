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

# find-latent: the search through the starting models made at set-up (ganstep models).
a=$(hash_of find-latent --steps 30 --compare-digits 0 --seed 3) || failures=$((failures + 1))
b=$(hash_of find-latent --steps 30 --compare-digits 0 --seed 3) || failures=$((failures + 1))
c=$(hash_of find-latent --steps 30 --compare-digits 0 --seed 4) || failures=$((failures + 1))
d=$(hash_of find-latent --steps 30 --compare-digits 0 --seed 3 --set encoder=true) || failures=$((failures + 1))
check "find-latent: seed 3 twice gives the same hash ($a, $b)" '[[ -n $a && $a == "$b" ]]'
check "find-latent: seed 4 differs ($c)" '[[ -n $c && $c != "$a" ]]'
check "find-latent: from E(x) differs ($d)" '[[ -n $d && $d != "$a" ]]'

if [[ $failures -ne 0 ]]; then
  echo "$failures determinism check(s) failed"
  exit 1
fi
echo "all determinism checks passed"
