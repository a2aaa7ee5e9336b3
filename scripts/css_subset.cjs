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

// The design tokens are custom properties: keep those that the kept rules, the
// app's own CSS or another kept token use, transitively. (purgecss's own
// `variables` option drops tokens only used through other tokens.)
function usedTokens(tokenCss, sources) {
  const declarations = new Map();
  for (const match of tokenCss.matchAll(/^\s*(--[\w-]+)\s*:([^;]*);/gm)) {
    declarations.set(match[1], (declarations.get(match[1]) || "") + match[2]);
  }
  const used = new Set();
  const pending = [];
  const use = (text) => {
    for (const match of text.matchAll(/var\(\s*(--[\w-]+)/g)) {
      if (!used.has(match[1])) { used.add(match[1]); pending.push(match[1]); }
    }
  };
  sources.forEach(use);
  while (pending.length) use(declarations.get(pending.pop()) || "");
  return tokenCss
    .split("\n")
    .filter((line) => { const match = line.match(/^\s*(--[\w-]+)\s*:/); return !match || used.has(match[1]); })
    .join("\n");
}

(async () => {
  const results = await new PurgeCSS().purge({
    content,
    css: [components],
    safelist: {
      // Class names that templates build from a variable.
      standard: [/^utrecht-alert--/, /^utrecht-form-label--/],
    },
    keyframes: true,
    fontFace: true,
  });
  // One @charset, at the very start of the file (it is ignored anywhere else).
  const kept = results[0].css.replace(/@charset "UTF-8";\n?/g, "");
  const templatesAndScripts = content.filter((file) => !file.endsWith(".py")).map((file) => fs.readFileSync(file, "utf8"));
  const tokenCss = usedTokens(fs.readFileSync(tokens, "utf8"), [kept, fs.readFileSync(appCss, "utf8"), ...templatesAndScripts]);
  const before = fs.statSync(tokens).size + fs.statSync(components).size;
  const subset = [
    '@charset "UTF-8";',
    "/* Subset of @nl-design-system-unstable/voorbeeld-design-tokens and",
    "   @utrecht/component-library-css (EUPL-1.2, see the LICENSE files here),",
    "   made by scripts/vendor_static.sh with scripts/css_subset.cjs. Do not edit. */",
    tokenCss,
    kept,
    "",
  ].join("\n");
  fs.writeFileSync(out, subset);
  console.log(`CSS subset: ${before} bytes -> ${Buffer.byteLength(subset)} bytes`);
})();
