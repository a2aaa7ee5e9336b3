"""axe-core in the browser tests: injected into each page visited (the test
browser context bypasses the app's CSP for this one script), serious and
critical violations fail the test; the counts per page are printed."""

from __future__ import annotations

from pathlib import Path

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
IMPACTS = ("serious", "critical")
RESULTS: dict[str, int] = {}


def violations(page, label: str) -> list[dict]:
    """Run axe on the page as it is now; remember and return the serious ones."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE)
    result = page.evaluate(
        """async () => {
            const r = await window.axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
            }));
        }"""
    )
    serious = [v for v in result if v["impact"] in IMPACTS]
    RESULTS[label] = len(serious)
    print(f"axe {label}: {len(serious)} serious or critical, {len(result)} in all")
    return serious


def assert_accessible(page, label: str) -> None:
    serious = violations(page, label)
    assert not serious, f"{label}: " + "; ".join(
        f"{v['id']} ({v['impact']}) {v['help']} at {v['nodes']}" for v in serious
    )
