#!/bin/bash
# The engine's layering, checked on the sources:
#   - engine/ below io (core, nn, optim, gan, game) opens no files and reads no
#     environment: file access lives in engine/io, the environment in the shells;
#   - engine/io never includes engine/gan (io serialises bytes and tensors);
#   - engine/ never includes lessons/, native/ or web/.
#   usage: layers.sh SOURCE_DIR
set -u
cd "$1" || exit 2
fail=0
hits=$(grep -nE "fopen|ifstream|ofstream|stat\(|mkdir|getenv|opendir|remove\(|rename\(" \
         -r engine/gan engine/nn engine/core engine/optim engine/game)
if [[ -n $hits ]]; then
  echo "file or environment access outside engine/io:"; echo "$hits"; fail=1
fi
hits=$(grep -nE '#include "engine/gan/' -r engine/io)
if [[ -n $hits ]]; then
  echo "engine/io includes engine/gan:"; echo "$hits"; fail=1
fi
hits=$(grep -nE '#include "(lessons|native|web)/' -r engine)
if [[ -n $hits ]]; then
  echo "engine/ includes a higher folder:"; echo "$hits"; fail=1
fi
[[ $fail == 0 ]] && echo "layers: ok"
exit $fail
