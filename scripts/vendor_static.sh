#!/usr/bin/env bash
# Vendor the front-end assets into static/vendor/ from the npm registry.
# Run it to update a version, or after a template starts using another NL Design
# System component; commit the result. No build step at run time.
#
# Of the component library and the design tokens only a subset is served:
# scripts/css_subset.cjs (purgecss, from package.json: run `npm ci` first) keeps
# the rules and tokens that templates/, static/js/ and the Python code use, in
# one file static/vendor/utrecht/utrecht.css (126 KB instead of 615 KB; 11 KB compressed).
set -euo pipefail

UTRECHT_CSS_VERSION=9.0.4
# The open NL Design System example theme (EUPL-1.2); the Utrecht theme itself is
# proprietary to Gemeente Utrecht and must not be shipped by another municipality.
TOKENS_VERSION=7.4.1
HTMX_VERSION=2.0.11
# Drag and drop ordering of agenda items (the buttons beside it work without it).
SORTABLE_VERSION=1.15.7
# Accessibility checks in the browser tests only; never served by the app.
AXE_VERSION=4.14.1

root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/static/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent \
  "@utrecht/component-library-css@$UTRECHT_CSS_VERSION" \
  "@nl-design-system-unstable/voorbeeld-design-tokens@$TOKENS_VERSION" \
  "htmx.org@$HTMX_VERSION" \
  "sortablejs@$SORTABLE_VERSION" \
  "axe-core@$AXE_VERSION" >/dev/null
for tarball in *.tgz; do
  mkdir -p "${tarball%.tgz}"
  tar xzf "$tarball" -C "${tarball%.tgz}"
done

rm -rf "$dest"
mkdir -p "$dest/utrecht" "$dest/htmx" "$dest/sortable"
css="utrecht-component-library-css-$UTRECHT_CSS_VERSION/package"
tokens="nl-design-system-unstable-voorbeeld-design-tokens-$TOKENS_VERSION/package"
htmx="htmx.org-$HTMX_VERSION/package"
sortable="sortablejs-$SORTABLE_VERSION/package"

if [ ! -x "$root/node_modules/.bin/purgecss" ]; then
  echo "purgecss is missing: run npm ci in $root first" >&2
  exit 1
fi
node "$root/scripts/css_subset.cjs" "$work/$tokens/dist/theme.css" "$work/$css/dist/index.css" \
  "$dest/utrecht/utrecht.css"
cp "$css/LICENSE.md" "$dest/utrecht/LICENSE-component-library-css.md"
cp "$tokens/LICENSE.md" "$dest/utrecht/LICENSE-design-tokens.md"
cp "$htmx/dist/htmx.min.js" "$dest/htmx/htmx.min.js"
cp "$htmx/LICENSE" "$dest/htmx/LICENSE"
cp "$sortable/Sortable.min.js" "$dest/sortable/Sortable.min.js"
cp "$sortable/LICENSE" "$dest/sortable/LICENSE"

tests_vendor="$root/tests/e2e/vendor"
mkdir -p "$tests_vendor"
cp "axe-core-$AXE_VERSION/package/axe.min.js" "$tests_vendor/axe.min.js"
cp "axe-core-$AXE_VERSION/package/LICENSE" "$tests_vendor/LICENSE-axe-core"
echo "axe-core $AXE_VERSION (MPL-2.0), updated by scripts/vendor_static.sh" > "$tests_vendor/VERSIONS.txt"

cat > "$dest/VERSIONS.txt" <<VERSIONS
@utrecht/component-library-css $UTRECHT_CSS_VERSION (EUPL-1.2)
@nl-design-system-unstable/voorbeeld-design-tokens $TOKENS_VERSION (EUPL-1.2)
htmx.org $HTMX_VERSION (BSD-0-Clause)
sortablejs $SORTABLE_VERSION (MIT)
Updated by scripts/vendor_static.sh
VERSIONS
echo "Vendored into $dest"
