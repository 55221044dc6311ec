#!/usr/bin/env bash
# Re-vendors the front-end assets from the npm registry into bht/static/vendor/.
# The results are committed, so `make run` and CI never need node or npm; run this
# (`make vendor`) only to upgrade, then look at the pages before committing.
set -euo pipefail

DESIGNSYSTEMET_PKG="${DESIGNSYSTEMET_PKG:-@digdir/designsystemet-css}"
HTMX_PKG="${HTMX_PKG:-htmx.org@2}"
# Designsystemet's theme sets font-family Inter; without the font the browser falls
# back to its default serif. Only the latin subset (covers æ, ø, å) and the weights
# the components use.
INTER_PKG="${INTER_PKG:-@fontsource/inter@5}"
INTER_WEIGHTS=(400 500 600)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/bht/static/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# npm pack prints the tarball's file name on its last line of stdout.
fetch() {
    local spec="$1" dest="$2"
    mkdir -p "$dest"
    local tarball
    tarball="$(cd "$dest" && npm pack --silent "$spec" | tail -n 1)"
    tar -xzf "$dest/$tarball" -C "$dest"
}

version_of() {
    node -p "require('$1/package/package.json').version"
}

fetch "$DESIGNSYSTEMET_PKG" "$WORK/ds"
fetch "$HTMX_PKG" "$WORK/htmx"
fetch "$INTER_PKG" "$WORK/inter"

ds_version="$(version_of "$WORK/ds")"
htmx_version="$(version_of "$WORK/htmx")"
inter_version="$(version_of "$WORK/inter")"

mkdir -p "$VENDOR/designsystemet" "$VENDOR/htmx" "$VENDOR/inter"
cp "$WORK/ds/package/dist/src/index.css" "$VENDOR/designsystemet/designsystemet.css"
cp "$WORK/ds/package/dist/theme/designsystemet.css" "$VENDOR/designsystemet/theme.css"
cp "$WORK/ds/package/LICENSE"* "$VENDOR/designsystemet/LICENSE" 2>/dev/null \
    || cp "$WORK/ds/package/LICENCE"* "$VENDOR/designsystemet/LICENSE"
cp "$WORK/htmx/package/dist/htmx.min.js" "$VENDOR/htmx/htmx.min.js"
cp "$WORK/htmx/package/LICENSE"* "$VENDOR/htmx/LICENSE"
cp "$WORK/inter/package/LICENSE" "$VENDOR/inter/LICENSE"
{
    echo "/* Inter $inter_version (SIL OFL 1.1), latin subset; written by scripts/vendor_static.sh. */"
    for weight in "${INTER_WEIGHTS[@]}"; do
        file="inter-latin-$weight-normal.woff2"
        cp "$WORK/inter/package/files/$file" "$VENDOR/inter/$file"
        printf '@font-face{font-family:"Inter";font-style:normal;font-display:swap;font-weight:%s;src:url("%s") format("woff2")}\n' "$weight" "$file"
    done
} > "$VENDOR/inter/inter.css"

cat > "$VENDOR/VERSIONS.txt" <<VERSIONS
# Vendored by scripts/vendor_static.sh from the npm registry; do not edit by hand.
@digdir/designsystemet-css $ds_version  (MIT)  designsystemet/designsystemet.css <- dist/src/index.css, designsystemet/theme.css <- dist/theme/designsystemet.css
htmx.org $htmx_version  (0BSD)  htmx/htmx.min.js <- dist/htmx.min.js
@fontsource/inter $inter_version  (OFL-1.1)  inter/inter-latin-{$(IFS=,; echo "${INTER_WEIGHTS[*]}")}-normal.woff2, inter/inter.css
VERSIONS

echo "Vendored designsystemet-css $ds_version, htmx.org $htmx_version, Inter $inter_version into $VENDOR"
