#!/usr/bin/env bash
# The browser tests need Debian's Chromium and a Japanese font (without one, Japanese is drawn
# as empty boxes), and HAProxy for the tests of ./serve.sh. Install them when missing, or say how.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)  # PDF export tests render pages
[ -x /usr/sbin/haproxy ] || missing+=(haproxy)                   # ./serve.sh's balancer
[ ${#missing[@]} -eq 0 ] && exit 0
exec "$(dirname "$0")/apt-deps.sh" "ブラウザテスト" "${missing[@]}"
