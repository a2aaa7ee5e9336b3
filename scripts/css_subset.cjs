// The CSS subset that is served: only the rules of the NL Design System
// component library and the design tokens that the templates, the scripts and
// the Python that writes class names (form widgets) use. Run by
// scripts/vendor_static.sh; needs `npm ci` (purgecss from package.json).
//
//   node scripts/css_subset.cjs design-tokens.css component-library.css out.css
"use strict";

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { PurgeCSS } = require("purgecss");

const root = path.resolve(__dirname, "..");
const [tokens, components, out] = process.argv.slice(2);
const appCss = path.join(root, "static/css/app.css");

// Every file that can write a class name, straight from git.
const content = execFileSync("git", ["ls-files", "--", "*.html", "*.js", "*.py"], { cwd: root, encoding: "utf8" })
  .split("\n")
  .filter((file) => file && !file.startsWith("tests/") && !file.startsWith("static/vendor/") && !file.startsWith("scripts/"))
  .map((file) => path.join(root, file));

(async () => {
  const results = await new PurgeCSS().purge({
    content,
    // app.css goes in as well, so the token variables it uses are kept; only
    // the two vendored files are written out.
    css: [tokens, components, appCss],
    safelist: {
      // Class names that templates build from a variable.
      standard: [/^utrecht-alert--/, /^utrecht-form-label--/],
    },
    variables: true,
    keyframes: true,
    fontFace: true,
  });
  const css = (file) => results.find((result) => result.file === file).css;
  const before = fs.statSync(tokens).size + fs.statSync(components).size;
  const subset = [
    "/* Subset of @nl-design-system-unstable/voorbeeld-design-tokens and",
    "   @utrecht/component-library-css (EUPL-1.2, see the LICENSE files here),",
    "   made by scripts/vendor_static.sh with scripts/css_subset.cjs. Do not edit. */",
    css(tokens),
    css(components),
    "",
  ].join("\n");
  fs.writeFileSync(out, subset);
  console.log(`CSS subset: ${before} bytes -> ${Buffer.byteLength(subset)} bytes`);
})();
