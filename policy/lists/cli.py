"""python -m policy lists IN -o OUT.xlsx|OUT.csv, python -m policy template -o FILE.xlsx|FILE.csv."""
from __future__ import annotations

import sys
import time
from pathlib import Path

from ..engine.county import read_county_files
from ..engine.validate import ValidationError
from .output import CSV_SUFFIXES

COMMANDS = ("lists", "template")
EXIT_ROWS_REPORTED = 1
EXIT_INVALID = 2


def add_commands(commands) -> None:
    lists = commands.add_parser(
        "lists", help="由设施清单（.xlsx、.xls、.xlsb、.ods 或 .csv）生成各县错峰生产企业清单和豁免清单（二、8）")
    lists.add_argument("input", help="输入文件：按模板填写的 .xlsx（或 .xls、.xlsb、.ods），或 .csv（UTF-8、GBK/GB18030 均可）")
    lists.add_argument("-o", "--output", required=True,
                       help="输出文件：.xlsx；或 .csv（另写 _企业汇总、_汇总、_问题 三个 .csv）")
    add_county_figures_option(lists)
    lists.add_argument("--quiet", action="store_true", help="只输出问题，不输出汇总")
    template = commands.add_parser("template", help="输出设施清单模板（.xlsx 含说明工作表；或 .csv 表头）")
    template.add_argument("-o", "--output", required=True, help="模板文件：.xlsx 或 .csv")


def run(args, plan) -> int:
    from . import ListError, finish, start, template

    if args.command == "template":
        fmt = _format(args.output)
        if fmt is None:
            return EXIT_INVALID
        if not _write(Path(args.output), template(fmt, plan)):
            return EXIT_INVALID
        print(f"模板已写入 {args.output}", file=sys.stderr)
        return 0

    fmt = _format(args.output)
    if fmt is None:
        return EXIT_INVALID
    figures = county_figures_of(args, plan)
    if figures is False:
        return EXIT_INVALID
    began = time.perf_counter()
    try:
        data = Path(args.input).read_bytes()
    except OSError as error:
        print(f"无法读取输入文件「{args.input}」：{error.strerror or error}", file=sys.stderr)
        return EXIT_INVALID
    try:
        job = start(Path(args.input).name, data, plan, figures)
    except ListError as error:
        print(f"无法读取「{args.input}」：{error}", file=sys.stderr)
        return EXIT_INVALID
    output = Path(args.output)
    source = Path(args.input)
    paths = {suffix: output.with_name(output.stem + suffix + output.suffix)
             for suffix in ("",) + (CSV_SUFFIXES if fmt == "csv" else ())}
    for path in paths.values():  # before the work: nothing written when one output is refused
        reason = _refused(path, source)
        if reason:
            print(f"无法写入输出文件「{path}」：{reason}。", file=sys.stderr)
            return EXIT_INVALID
    result = finish(job, fmt)
    written = []
    for suffix, content in result.files.items():
        path = paths.get(suffix) or output.with_name(output.stem + suffix + output.suffix)
        if not _write(path, content, source):
            return EXIT_INVALID
        written.append(str(path))
    seconds = time.perf_counter() - began
    summary = result.summary
    for problem in result.problems:
        print(("问题 " if problem.blocking else "提示 ") + problem.text(), file=sys.stderr)
    if not args.quiet:
        print(f"读入 {summary['rows_in']} 行：已评估 {summary['rows_out']} 行，有问题未评估 {summary['rows_reported']} 行；"
              f"企业 {summary['enterprises']} 个。", file=sys.stderr)
        print(f"错峰生产企业清单 {summary['curtailment']} 个设施，错峰生产豁免清单 {summary['exemption']} 个设施，"
              f"待县级核定 {summary['review']} 个设施。", file=sys.stderr)
        print(f"已写入 {'、'.join(written)}（{seconds:.2f} 秒，每秒 {summary['rows_in'] / max(seconds, 1e-9):.0f} 行）",
              file=sys.stderr)
    return EXIT_ROWS_REPORTED if summary["rows_reported"] else 0


def add_county_figures_option(parser) -> None:
    """--county-figures FILE…, as `lists` and `assess` take it."""
    parser.add_argument("--county-figures", action="append", default=None, metavar="FILE",
                        help="县级比例文件（JSON，可多次指定），代替包内的县级文件（二、6，二、12）")


def county_figures_of(args, plan):
    """The county files named by --county-figures → {county: CountyFigures}; None when the
    option is absent (the package's own files apply); False after printing every problem
    (a file unreadable or not JSON, a ratio lowered below the city's, two files for a county)."""
    if args.county_figures is None:
        return None
    try:
        return read_county_files(plan, [(name, Path(name)) for name in args.county_figures])
    except ValidationError as error:
        for item in error.errors:
            print(item["message"], file=sys.stderr)
        return False


def _refused(path: Path, source: Path | None) -> str | None:
    """Why PATH may not be written (never an input, never through a symlink), or None."""
    if path.is_symlink():
        return "该路径是一个符号链接，为免覆盖其指向的文件，拒绝写入；请换一个输出文件名"
    if source is not None:
        try:
            same = path.exists() and path.samefile(source)
        except OSError:
            same = False
        if same or path.resolve() == source.resolve():
            return "输出文件就是输入文件，拒绝覆盖；请换一个输出文件名"
    return None


def _write(path: Path, content: bytes, source: Path | None = None) -> bool:
    """CONTENT into PATH through a temporary file in the same folder, renamed at the end: an
    interrupted run leaves the old file whole; an input or a symlink is never written."""
    import os
    import tempfile

    reason = _refused(path, source)
    if reason:
        print(f"无法写入输出文件「{path}」：{reason}。", file=sys.stderr)
        return False
    temp = None
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or Path("."))
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, path)
    except OSError as error:
        if temp is not None and os.path.exists(temp):
            os.unlink(temp)
        print(f"无法写入输出文件「{path}」：{error.strerror or error}", file=sys.stderr)
        return False
    return True


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def _format(name: str):
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".csv"):
        return suffix[1:]
    print(f"输出文件须以 .xlsx 或 .csv 结尾：{name}", file=sys.stderr)
    return None
