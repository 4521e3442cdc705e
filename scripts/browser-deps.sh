#!/usr/bin/env bash
# The browser tests need Debian's Chromium and a Japanese font (without one, Japanese is drawn
# as empty boxes). Install them when missing, or say how to.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)  # PDF export tests render pages
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "ブラウザテストに必要なパッケージがありません: ${missing[*]}" >&2
  echo "root で次を実行してください: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
