"""Run inside Pyodide (Python 3.14) by build_scripts/runtime/tool.mjs.

Rewrites a zip (the standard library, or a wheel) with every ``.py`` module replaced by
its ``.pyc`` compiled by *this* interpreter, so the bytecode matches the Python that
will load it. Output is deterministic: fixed timestamps, sorted entries, and
unchecked-hash pycs (no mtime inside).
"""

import base64
import csv
import hashlib
import importlib._bootstrap_external as _bext
import importlib.util
import io
import zipfile

FIXED_DATE = (2019, 11, 1, 0, 0, 0)  # season start; any fixed date makes the zip reproducible


def _pyc(source: bytes, filename: str) -> bytes:
    code = compile(source, filename, "exec", dont_inherit=True, optimize=0)
    return bytes(_bext._code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))


def compile_zip(src: str, dst: str, filename_prefix: str, is_wheel: bool) -> dict:
    zin = zipfile.ZipFile(src)
    entries: dict[str, bytes] = {}
    compiled = failed = 0
    for info in zin.infolist():
        if info.is_dir():
            continue
        data = zin.read(info)
        name = info.filename
        if name.endswith(".py") and not (is_wheel and ".dist-info/" in name):
            try:
                entries[name + "c"] = _pyc(data, filename_prefix + name)
                compiled += 1
                continue
            except SyntaxError:
                failed += 1  # e.g. test files with deliberate errors: keep as source
        entries[name] = data
    if is_wheel:
        record = next(n for n in entries if n.endswith(".dist-info/RECORD"))
        rows = []
        for n in sorted(entries):
            if n == record:
                continue
            digest = base64.urlsafe_b64encode(hashlib.sha256(entries[n]).digest()).rstrip(b"=")
            rows.append([n, "sha256=" + digest.decode(), str(len(entries[n]))])
        rows.append([record, "", ""])
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        entries[record] = buf.getvalue().encode()
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        names = sorted(entries)
        if is_wheel:  # dist-info last, as wheels usually have it
            names = [n for n in names if ".dist-info/" not in n] + [n for n in names if ".dist-info/" in n]
        for n in names:
            zi = zipfile.ZipInfo(n, FIXED_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, entries[n])
    return {"compiled": compiled, "kept_as_source": failed, "entries": len(entries)}
