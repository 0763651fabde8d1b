"""Regenerate docs/screenshot.svg: the reader on its demo vault, as the README shows it.

    python docs/make_screenshot.py [OUT.svg]

The state is a fresh one in a temporary folder (a few papers starred, read,
annotated and tagged, one collection), so the picture never shows yours.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

SIZE = (140, 40)


async def shoot(out: Path) -> None:
    home = Path(tempfile.mkdtemp(prefix="papertui-shot-"))
    os.environ["PAPERTUI_HOME"] = str(home)
    from papertui import paths
    from papertui.session import Session
    from papertui.tui.app import make_app

    session = Session.open(paths.demo_vault(), state_path=home / "state.json")
    app = make_app(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(1.0)
        await pilot.press("s", "j", "s", "space", "j")
        await pilot.press("t", *"to-cite", "enter")
        await pilot.press("c", *"Reading group", "enter")
        await pilot.pause(0.5)
        await pilot.press("g", "j", "j")
        await pilot.pause(1.0)
        app.save_screenshot(filename=out.name, path=str(out.parent))


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent / "screenshot.svg")
    asyncio.run(shoot(out.resolve()))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
