"""Draw the home-screen icons (PNG) from static/img/icon.svg, with the browser the tests use.

Run with `.venv/bin/python bin/icons.py` after changing the SVG, and commit the PNGs. Phones
that install Unsent want PNGs in set sizes; the SVG is the one drawing.
"""

from pathlib import Path

from playwright.sync_api import sync_playwright

IMG = Path(__file__).resolve().parent.parent / "static" / "img"
CHROMIUM = "/usr/bin/chromium"
ROUNDED = ' rx="112"'  # the SVG's rounded corners, on its first rect, the background
# name: (size, rounded corners). A maskable icon and Apple's fill the square: the phone cuts
# its own shape from it.
ICONS = {
    "icon-192.png": (192, True),
    "icon-512.png": (512, True),
    "icon-maskable-512.png": (512, False),
    "apple-touch-icon.png": (180, False),
}


def main() -> None:
    svg = (IMG / "icon.svg").read_text().strip()
    if ROUNDED not in svg:
        raise SystemExit(f"static/img/icon.svg: its background should have{ROUNDED}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        for name, (size, rounded) in ICONS.items():
            drawing = svg if rounded else svg.replace(ROUNDED, "", 1)
            drawing = drawing.replace("<svg ", f'<svg width="{size}" height="{size}" ', 1)
            page.set_viewport_size({"width": size, "height": size})
            page.set_content(f"<!doctype html><body style='margin:0'>{drawing}</body>")
            page.screenshot(path=IMG / name, omit_background=True)
            print(f"static/img/{name}: {size}x{size}")
        browser.close()


if __name__ == "__main__":
    main()
