"""Check the non-Python files of an Odoo 18.0 addon.

Usage: check_addon_files.py ADDON_DIR

Prints one line per problem (path[:line]: message) and exits 1 if any:

- __manifest__.py is a Python literal dict with name, version (matching
  18.0.x.y.z), license and depends; every file listed in data and demo
  exists, and every .xml/.csv file under security/, data/, views/, wizards/,
  demo/ and report/ is listed in data or demo;
- every .xml file is well-formed; outside static/ (where OWL templates live)
  its root is <odoo>;
- every view arch (ir.ui.view records) parses and follows Odoo 17+/18
  syntax: <list> instead of <tree>, no attrs= or states= attributes; window
  actions say "list" instead of "tree" in view_mode;
- security/ir.model.access.csv has Odoo's header, unique ids, permissions
  0 or 1, and an ACL row for every model the addon declares (_name = "..."
  in models/ and wizards/, read with the ast module; abstract models and
  extensions of an existing model need none);
- i18n/*.po and *.pot files parse with polib.

Standard library and lxml only (polib only when the addon has i18n files).
"""

import ast
import csv
import re
import sys
from pathlib import Path

from lxml import etree

VERSION_RE = re.compile(r"^18\.0\.\d+\.\d+\.\d+$")
REQUIRED_KEYS = {"name": str, "version": str, "license": str, "depends": list}
DATA_DIRS = ("security", "data", "views", "wizards", "demo", "report")
ACL_HEADER = (
    "id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink"
)
PERMS = ACL_HEADER.split(",")[4:]


class Problems(list):
    def add(self, path, message, line=None):
        self.append(f"{path}:{line}: {message}" if line else f"{path}: {message}")


def check_manifest(addon, problems):
    """Return the paths listed in data and demo, or None if unreadable."""
    path = addon / "__manifest__.py"
    try:
        manifest = ast.literal_eval(path.read_text(encoding="utf-8"))
    except (ValueError, SyntaxError) as error:
        problems.add(path, f"not a Python literal dict ({error})")
        return None
    if not isinstance(manifest, dict):
        problems.add(path, "not a dict")
        return None
    for key, kind in REQUIRED_KEYS.items():
        if not isinstance(manifest.get(key), kind) or not manifest[key]:
            problems.add(path, f"key {key!r} missing or not a {kind.__name__}")
    version = manifest.get("version")
    if isinstance(version, str) and not VERSION_RE.match(version):
        problems.add(path, f"version {version!r} does not match 18.0.x.y.z")
    listed = []
    for key in ("data", "demo"):
        for name in manifest.get(key, []):
            listed.append(name)
            if not (addon / name).is_file():
                problems.add(path, f"{key} file {name} does not exist")
    return listed


def check_unlisted(addon, listed, problems):
    for folder in DATA_DIRS:
        for path in sorted((addon / folder).rglob("*")):
            if path.suffix in (".xml", ".csv"):
                if path.relative_to(addon).as_posix() not in listed:
                    problems.add(path, "not listed in the manifest's data or demo")


def check_arch(arch, path, problems):
    """arch: the <field name="arch"> element of an ir.ui.view record."""
    if arch.get("type") == "xml":  # Odoo wraps several roots in <data>
        roots = [child for child in arch if isinstance(child.tag, str)]
    elif arch.get("file"):
        return
    else:
        try:
            roots = [etree.fromstring((arch.text or "").strip())]
        except etree.XMLSyntaxError as error:
            problems.add(path, f"arch does not parse: {error}", arch.sourceline)
            return
    if not roots:
        problems.add(path, "arch has no element", arch.sourceline)
    for root in roots:
        for node in root.iter(etree.Element):
            line = node.sourceline or arch.sourceline
            if node.tag == "tree":
                problems.add(path, "<tree> is <list> since Odoo 18", line)
            for attribute in sorted({"attrs", "states"} & set(node.attrib)):
                message = f"{attribute}= is gone since Odoo 17: use invisible="
                problems.add(path, f"{message}, readonly=, required=", line)


def check_xml(addon, problems):
    for path in sorted(addon.rglob("*.xml")):
        try:
            root = etree.parse(str(path)).getroot()
        except etree.XMLSyntaxError as error:
            problems.add(path, f"not well-formed XML: {error}")
            continue
        if "static" in path.relative_to(addon).parts:
            continue
        if root.tag != "odoo":
            problems.add(path, f"root element is <{root.tag}>, not <odoo>")
        for arch in root.xpath("//record[@model='ir.ui.view']/field[@name='arch']"):
            check_arch(arch, path, problems)
        for mode in root.xpath("//record/field[@name='view_mode']"):
            if "tree" in (mode.text or "").replace(" ", "").split(","):
                problems.add(path, "view_mode says tree, not list", mode.sourceline)


def literal_names(node):
    """The model names in an _inherit value: "a.b" or ["a.b", ...]."""
    if isinstance(node, ast.Constant):
        return [node.value]
    if isinstance(node, ast.List | ast.Tuple):
        return [e.value for e in node.elts if isinstance(e, ast.Constant)]
    return []


def declared_models(addon):
    """Models the addon creates, as {model name: Python file}."""
    models = {}
    for folder in ("models", "wizards"):
        for path in sorted((addon / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
                bases = {ast.unparse(base).rsplit(".", 1)[-1] for base in cls.bases}
                attrs = {
                    target.id: stmt.value
                    for stmt in cls.body
                    if isinstance(stmt, ast.Assign)
                    for target in stmt.targets
                    if isinstance(target, ast.Name)
                }
                name = attrs.get("_name")
                if not isinstance(name, ast.Constant) or "AbstractModel" in bases:
                    continue
                if name.value not in literal_names(attrs.get("_inherit")):
                    models[name.value] = path
    return models


def check_acl(addon, problems):
    path = addon / "security" / "ir.model.access.csv"
    models = declared_models(addon)
    if not path.is_file():
        if models:
            problems.add(path, f"missing; models {', '.join(models)} need ACLs")
        return
    with path.open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    header = ACL_HEADER.split(",")
    if not rows or rows[0] != header:
        problems.add(path, f"header must be {ACL_HEADER}", 1)
        return
    seen, covered = set(), set()
    for line, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(header):
            problems.add(path, f"{len(row)} columns, expected {len(header)}", line)
            continue
        values = dict(zip(header, row, strict=True))
        if values["id"] in seen:
            problems.add(path, f"duplicate id {values['id']}", line)
        seen.add(values["id"])
        for perm in PERMS:
            if values[perm] not in ("0", "1"):
                problems.add(path, f"{perm} is {values[perm]!r}, not 0 or 1", line)
        covered.add(values["model_id:id"].removeprefix(f"{addon.name}."))
    for model, source in sorted(models.items()):
        if "model_" + model.replace(".", "_") not in covered:
            problems.add(path, f"no ACL row for model {model} (declared in {source})")


def check_po(addon, problems):
    files = sorted(addon.glob("i18n/*.po")) + sorted(addon.glob("i18n/*.pot"))
    if not files:
        return
    import polib  # only needed by addons that have translations

    for path in files:
        try:
            polib.pofile(str(path))
        except (OSError, ValueError) as error:
            problems.add(path, f"does not parse: {error}")


def main(argv):
    if len(argv) != 2 or not Path(argv[1], "__manifest__.py").is_file():
        print("usage: check_addon_files.py ADDON_DIR (a folder with __manifest__.py)")
        return 2
    addon = Path(argv[1])
    problems = Problems()
    listed = check_manifest(addon, problems)
    if listed is not None:
        check_unlisted(addon, listed, problems)
    check_xml(addon, problems)
    check_acl(addon, problems)
    check_po(addon, problems)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{addon}: {len(problems)} problem(s) in the addon's files")
        return 1
    print(f"{addon}: manifest, XML, views, ACLs and translations OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
