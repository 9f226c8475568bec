"""MkDocs hooks (mkdocs.yml `hooks:`): the pages rendered from the policy package.

- on_config: the navigation, built from the package (one page per industry clause).
- on_files: the generated pages as virtual files (never written to docs/), every file
  under calculator/ as assets/calculator/…, and build/runtime/ (made by
  `python -m build_scripts.runtime build/runtime`) as runtime/…. Also the files that
  start the runtime (START_FILES from calculator/runtime/), once more side by side under
  runtime/start-<hash>/ (<hash>: the first 16 hex digits of the sha256 of their bytes, in
  that order): runtime/ is cached as immutable (deploy.CACHE_RULES), so a returning
  reader's browser starts them without asking the server. The head of a page that
  autostarts the runtime loads that copy (overrides/main.html, block site_meta: before the
  stylesheets).
- on_env: for that template, `policy_runtime_start_dir` (runtime/start-<hash>) and
  `policy_runtime_manifest` (build/runtime/manifest.json as compact JSON, or None without
  a runtime build), which the page carries in a <meta> so that the worker need not fetch
  runtime/manifest.json before the runtime files.
- on_page_content: the calculator page carries the package's form spec (an attribute).
- on_post_build: a .gz beside each text file (and .wasm) for gzip_static.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import sys
from pathlib import Path

from mkdocs.structure.files import File, InclusionLevel

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from build_scripts.website import deploy, render  # noqa: E402

_state: dict = {}

# The element of the calculator page that holds the form spec (calculator/app/calculator.js).
FORM_SPEC_ID = "policy-form-spec"

# The files that start the runtime (policy-runtime.js and what it imports, the worker and
# what it imports), in the order they are hashed.
START_FILES = ("policy-runtime.js", "worker.js", "early-start.js", "pages.js", "pyodide-start.js")


def _plan():
    if "plan" not in _state:
        import policy
        _state["plan"] = policy.load_plan()
    return _state["plan"]


def on_config(config, **kwargs):
    _state.clear()
    renderer = render.Renderer(_plan())
    _state["pages"] = renderer.pages()
    config["nav"] = renderer.nav(config["docs_dir"])
    return config


def _static_tree(config, files, source: Path, dest_prefix: str):
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith("."):
            uri = f"{dest_prefix}/{path.relative_to(source).as_posix()}"
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(path),
                                            inclusion=InclusionLevel.NOT_IN_NAV))


def _runtime_start() -> tuple[str, dict[str, bytes]]:
    """runtime/start-<hash>/ and the bytes of the start files (read once, so that the
    name always matches what is written)."""
    source = ROOT / "calculator" / "runtime"
    data = {name: (source / name).read_bytes() for name in START_FILES}
    digest = hashlib.sha256(b"".join(data[name] for name in START_FILES)).hexdigest()[:16]
    return f"runtime/start-{digest}", data


def _runtime_manifest() -> str | None:
    path = ROOT / "build" / "runtime" / "manifest.json"
    if not path.is_file():
        return None
    manifest = json.loads(path.read_text(encoding="utf-8"))
    return json.dumps(manifest, ensure_ascii=False, separators=(",", ":"))


def on_files(files, config, **kwargs):
    for src, content in _state["pages"].items():
        existing = files.get_file_from_path(src)
        if existing is not None:
            raise ValueError(f"docs/{src} exists but is generated from the policy package: remove it")
        files.append(File.generated(config, src, content=content))
    _static_tree(config, files, ROOT / "calculator", "assets/calculator")
    start_dir, start_files = _runtime_start()
    for name, data in start_files.items():
        files.append(File.generated(config, f"{start_dir}/{name}", content=data,
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    _state["start_dir"] = start_dir
    _state["manifest"] = _runtime_manifest()
    _static_tree(config, files, ROOT / "build" / "runtime", "runtime")
    return files


def on_env(env, config, files, **kwargs):
    env.globals["policy_runtime_start_dir"] = _state["start_dir"]
    env.globals["policy_runtime_manifest"] = _state["manifest"]
    return env


def on_page_content(html, page, config, files, **kwargs):
    """The calculator page carries the package's form spec (policy.api.form_spec(), the same
    text the runtime gives: tests/node), so that it can build a permalink's first
    assessment without first asking the runtime for it."""
    if 'id="policy-calculator"' not in html:
        return html
    import html as html_lib

    import policy.api
    # An attribute, not a JSON <script>: instant navigation re-creates the scripts of the
    # page it swaps in, without their type, and the CSP then refuses them.
    spec = html_lib.escape(policy.api.form_spec(), quote=True)
    return html + f'\n<div id="{FORM_SPEC_ID}" hidden data-spec="{spec}"></div>\n'


def on_post_build(config, **kwargs):
    site = Path(config["site_dir"])
    for path in site.rglob("*"):
        if not path.is_file() or not path.name.endswith(deploy.COMPRESS_SUFFIXES):
            continue
        if path.stat().st_size < deploy.COMPRESS_MIN_BYTES:
            continue
        gz = path.with_name(path.name + ".gz")
        if gz.exists() and gz.stat().st_mtime >= path.stat().st_mtime:
            continue
        data = path.read_bytes()
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        if len(packed) < len(data):
            gz.write_bytes(packed)
            os.utime(gz, (path.stat().st_mtime, path.stat().st_mtime))
