"""The accessibility check every browser test makes of a page: axe-core (npm,
``node_modules/axe-core``) injected into the page as it stands in Chromium, which must check
something and find no serious or critical violation."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

SERIOUS = ("serious", "critical")


def described(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']}\n    at "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        + f"\n    {v['helpUrl']}"
        for v in violations
    )


async def no_serious_violation(page: Any, axe_script: Path, findings: Path | None = None) -> None:
    """The page as it stands has no serious or critical violation; with `findings`, every
    finding, the minor and moderate ones too, is written there (beside the page's
    screenshots)."""
    await page.add_script_tag(path=str(axe_script))
    results = await page.evaluate("axe.run()")
    assert results["passes"], "axe checked nothing"
    if findings is not None:
        found = [
            {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": len(v["nodes"])}
            for v in results["violations"]
        ]
        await asyncio.to_thread(findings.write_text, json.dumps(found, indent=1))
    serious = [v for v in results["violations"] if v["impact"] in SERIOUS]
    assert not serious, f"{page.url}:\n{described(serious)}"
