"""python -m policy: assess, schema, questions, clauses, cases, register, lists, template."""
from __future__ import annotations

import argparse
import json
import sys

from . import api
from .lists import cli as lists_cli
from .plans import load_plan

EXIT_INVALID = 2


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m policy", description="晋中市2019-2020年秋冬季工业企业错峰生产行动方案：评估与查询")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令")
    assess = commands.add_parser("assess", help="评估一个企业（JSON 输入，JSON 或中文文本输出）")
    assess.add_argument("file", help="输入 JSON 文件；- 表示标准输入")
    assess.add_argument("--format", choices=("json", "text"), default="json", help="输出格式（默认 json）")
    lists_cli.add_county_figures_option(assess)
    commands.add_parser("schema", help="输出输入数据的 JSON Schema")
    commands.add_parser("questions", help="输出表单问题的元数据（标签、说明、条款、适用行业）")
    commands.add_parser("clauses", help="输出方案全部条款（编号、标题、原文）")
    commands.add_parser("cases", help="输出各条款情形的编号和比例（县级比例文件使用）")
    commands.add_parser("register", help="输出解释登记")
    lists_cli.add_commands(commands)
    args = parser.parse_args(argv)
    plan = load_plan()
    if args.command in lists_cli.COMMANDS:
        return lists_cli.run(args, plan)

    if args.command == "assess":
        figures = lists_cli.county_figures_of(args, plan)
        if figures is False:
            return EXIT_INVALID
        try:
            raw = sys.stdin.buffer.read() if args.file == "-" else _read(args.file)
            text = api.decode_input(raw)
        except OSError as error:
            print(f"无法读取输入文件「{args.file}」：{error.strerror or error}", file=sys.stderr)
            return EXIT_INVALID
        except ValueError as error:
            print(f"无法读取输入「{args.file}」：{error}", file=sys.stderr)
            return EXIT_INVALID
        answer = api.answer(text, figures)
        if not answer["ok"]:
            print(f"输入有 {len(answer['errors'])} 处问题：", file=sys.stderr)
            for error in answer["errors"]:
                where = f"[{error['path']}] " if error["path"] else ""
                print(f"  {where}{error['message']}", file=sys.stderr)
            return EXIT_INVALID
        if args.format == "text":
            sys.stdout.write(answer["report"])  # rendered once, by api.evaluate
        else:
            _print(answer["result"])
        return 0
    if args.command == "schema":
        sys.stdout.write(api.schema() + "\n")
    elif args.command == "questions":
        _print(json.loads(api.form_spec()))
    elif args.command == "clauses":
        _print([{"id": c.id, "display": c.display, "heading": c.heading, "text": c.text} for c in plan.clauses])
    elif args.command == "cases":
        _print([{"case": case.key, "rule": rule.id, "clause": rule.clause, "title": rule.title,
                 "conditions": [c.text for c in case.when], "outcome": case.outcome,
                 "ratio": case.effective_ratio}
                for rule in plan.rules for case in rule.cases])
    elif args.command == "register":
        _print([{"id": e.id, "clauses": list(e.clauses), "question": e.question, "reading": e.reading,
                 "alternative": e.alternative, "source": e.source, "county_review": e.county_review}
                for e in plan.register])
    return 0


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(api.MAX_INPUT_CHARS * 4 + 1)  # what loads_input then bounds


def _print(value) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")
