from pathlib import Path

LOGO = Path("web/icons/icon_left_brand.png")
LOGO_DIST = Path("web/dist/assets/icons/icon_left_brand.png")
