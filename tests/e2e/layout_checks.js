// The layout guard's checks, run in the page as it is displayed now (see
// test_layout_guard.py). Returns a list of findings, each {check, detail}.
(englishWords) => {
  const findings = [];
  const add = (check, detail) => findings.push({ check, detail: String(detail).slice(0, 160) });
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    const cls = [...el.classList].slice(0, 2).join(".");
    if (cls) name += "." + cls;
    return name;
  };
  const SKIP_TEXT = "script, style, textarea, select, option, pre, code, template, .app-secret";

  // 1. The page itself never scrolls sideways.
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    const wide = [...document.body.querySelectorAll("*")]
      .filter((el) => shown(el) && el.getBoundingClientRect().right > root.clientWidth + 1)
      .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= root.clientWidth + 1)
      .slice(0, 3).map(describe);
    add("horizontal-scroll", `page is ${root.scrollWidth}px wide in a ${root.clientWidth}px window: ${wide.join(", ")}`);
  }

  // 2. No word is broken across lines: each word's own line boxes are
  //    measured, so a cell narrower than its longest word shows up as that
  //    word on two lines. A break after a hyphen or slash is a normal break.
  const range = document.createRange();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const broken = new Map();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest(SKIP_TEXT) || !shown(el)) continue;
    const words = /[^\s\u00a0\u200b\-\/]+[\-\/]?/g;
    for (let m = words.exec(node.data); m; m = words.exec(node.data)) {
      if (m[0].length < 2) continue;
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0.5).map((r) => Math.round(r.top)));
      if (tops.size > 1) {
        const cell = el.closest("td, th, li, dd, dt, a, button, label, p, h1, h2, h3") || el;
        const box = cell.getBoundingClientRect();
        broken.set(`${describe(cell)} "${m[0]}"`, Math.round(box.width));
      }
    }
  }
  for (const [what, width] of [...broken].slice(0, 10)) add("word-broken", `${what} in a box ${width}px wide`);

  // 3. Sibling boxes do not overlap (in-flow boxes only: absolutely placed
  //    menus and visually hidden text sit on top by design).
  const boxes = (parent) => [...parent.children].filter((el) => {
    if (!shown(el)) return false;
    const style = getComputedStyle(el);
    if (["absolute", "fixed"].includes(style.position) || style.display.startsWith("inline") && style.display !== "inline-block" && style.display !== "inline-flex" && style.display !== "inline-grid") return false;
    if (["contents", "none"].includes(style.display) || style.float !== "none") return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  });
  let overlaps = 0;
  for (const parent of document.body.querySelectorAll("*")) {
    if (parent.closest("select, svg, template") || parent.children.length < 2) continue;
    const kids = boxes(parent);
    if (kids.length < 2 || kids.length > 400) continue;
    const rects = kids.map((el) => el.getBoundingClientRect());
    for (let i = 0; i < kids.length; i++) {
      for (let j = i + 1; j < kids.length; j++) {
        const a = rects[i], b = rects[j];
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 2 && h > 2 && overlaps++ < 5) add("overlap", `${describe(kids[i])} and ${describe(kids[j])} overlap by ${Math.round(w)}x${Math.round(h)}px`);
      }
    }
  }

  // 4. No English word on a Dutch page (text in another language is marked with lang).
  const english = new Set(englishWords);
  const seen = new Set();
  const textWalker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = textWalker.nextNode(); node; node = textWalker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest(SKIP_TEXT) || !shown(el)) continue;
    const lang = (el.closest("[lang]") || root).getAttribute("lang") || "";
    if (!lang.startsWith("nl")) continue;
    for (const word of node.data.split(/[^A-Za-z_]+/)) {
      if (word.includes("_")) continue; // an identifier, such as a field name in the audit log
      const lower = word.toLowerCase();
      if (english.has(lower) && !seen.has(lower)) {
        seen.add(lower);
        add("english", `"${word}" in ${describe(el)}: "${node.data.trim().slice(0, 60)}"`);
      }
    }
  }

  // 5. Every page has a visible <h1>.
  if (![...document.querySelectorAll("h1")].some(shown)) add("no-h1", "no visible <h1>");
  return findings;
}
