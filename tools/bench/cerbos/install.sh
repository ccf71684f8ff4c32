#!/usr/bin/env bash
# Installs the Cerbos PDP the benchmarks compare with: the cerbos binary the npm package @cerbos/cerbos-linux-x64
# ships, at a pinned version, into a cache outside the build tree (a `mvn clean` keeps it). Does nothing when that
# version is already there, so it needs the npm registry only the first time (npm's own cache serves a reinstall).
# Prints the binary's path.
#
#   tools/bench/cerbos/install.sh
#
#   CERBOS_VERSION=0.55.0                         the version (CerbosServer.VERSION names the same)
#   CERBOS_HOME=~/.cache/iamsuite/cerbos          installs into $CERBOS_HOME/$CERBOS_VERSION (CerbosServer looks there)
set -euo pipefail
VERSION="${CERBOS_VERSION:-0.55.0}"
ROOT="${CERBOS_HOME:-$HOME/.cache/iamsuite/cerbos}"
DIR="$ROOT/$VERSION"
BIN="$DIR/node_modules/@cerbos/cerbos-linux-x64/cerbos-linux-x64"

installed() { [[ -x "$BIN" ]] && [[ "$("$BIN" --version 2>/dev/null | head -n1)" == "$VERSION" ]]; }

if ! installed; then
  [[ "$(uname -s)/$(uname -m)" == Linux/x86_64 ]] || { echo "install.sh: the npm package ships linux-x64 only" >&2; exit 1; }
  command -v npm >/dev/null || { echo "install.sh: npm is needed (apt-get install -y npm)" >&2; exit 1; }
  mkdir -p "$DIR"
  echo "install.sh: npm install @cerbos/cerbos-linux-x64@$VERSION into $DIR" >&2
  npm install --prefix "$DIR" --no-save --no-audit --no-fund --prefer-offline --loglevel=error \
    "@cerbos/cerbos-linux-x64@$VERSION" >&2
  installed || { echo "install.sh: $BIN is not cerbos $VERSION after npm install" >&2; exit 1; }
fi
echo "$BIN"
