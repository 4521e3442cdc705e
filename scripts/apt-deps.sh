#!/usr/bin/env bash
# Install the named Debian packages with apt (as root, or with passwordless sudo), or say how.
# Usage: scripts/apt-deps.sh "what needs them" PACKAGE...
set -euo pipefail
why="$1"; shift
[ $# -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
else
  echo "${why}に必要なパッケージがありません: $*" >&2
  echo "root で次を実行してください: apt-get install -y $*" >&2
  exit 1
fi
