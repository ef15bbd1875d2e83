"""Builds fleet_customers/README.md from the OCA-style readme/ fragments.

Usage: gen_addon_readme.py ADDON_DIR [--check]
With --check, exits 1 when README.md is not what the fragments produce.
Odoo shows this README as the module description in the Apps menu.
"""

import ast
import sys
from pathlib import Path

SECTIONS = [
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known issues / Roadmap"),
    ("CONTRIBUTORS.md", "Contributors"),
]


def build(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    parts = [
        "<!-- Generated from readme/ by scripts/gen_addon_readme.py: "
        "edit the fragments. -->",
        f"# {manifest['name']}",
        f"Version {manifest['version']}, license {manifest['license']}, "
        f"status {manifest.get('development_status', 'Alpha')}.",
    ]
    for filename, title in SECTIONS:
        fragment = addon / "readme" / filename
        if fragment.is_file():
            if title:
                parts.append(f"## {title}")
            parts.append(fragment.read_text().strip())
    return "\n\n".join(parts) + "\n"


def main(addon_dir, *flags):
    addon = Path(addon_dir)
    readme = addon / "README.md"
    content = build(addon)
    if "--check" in flags:
        if not readme.is_file() or readme.read_text() != content:
            print(f"{readme}: out of date, run scripts/gen_addon_readme.py {addon_dir}")
            return 1
        return 0
    readme.write_text(content)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
