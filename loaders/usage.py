"""Usage errors of the command lines in Japanese: click writes them in English and has no setting
for their words, so each kind of click.UsageError is said again here (help text stays bilingual)."""
from __future__ import annotations

import sys

import click


def usage_error_text(error: click.UsageError, examples: dict[str, str], prog_name: str) -> str:
    """A usage error in Japanese: what was wrong, the usage line and where help is (click writes
    them in English). `examples` maps an option or argument to an example of it, and "" to an
    example of a whole command line."""
    param = getattr(error, "param", None)
    name = (param.human_readable_name if isinstance(param, click.Argument) else "・".join(param.opts)) if param else ""
    context = error.ctx
    if isinstance(error, click.MissingParameter) and param is not None:
        example = examples.get(name) if isinstance(param, click.Argument) else None
        what = f"{name} を指定してください（必須" + (f"。例: {example}）。" if example else "）。")
    elif isinstance(error, click.BadOptionUsage) and "requires an argument" in error.message:
        what = f"{error.option_name} には値を続けてください（例: {examples.get(error.option_name, error.option_name + ' 値')}）。"
    elif isinstance(error, click.BadOptionUsage) and "does not take a value" in error.message:
        what = f"{error.option_name} には値を付けられません（例: {error.option_name}）。"
    elif isinstance(error, click.NoSuchOption):
        near = f"（候補: {'、'.join(sorted(error.possibilities))}）" if error.possibilities else ""
        what = f"{error.option_name} というオプションはありません{near}。"
    elif isinstance(error, click.BadParameter) and param is not None and isinstance(param.type, click.types.IntParamType):
        what = f"{name} は整数で指定してください" + (f"（例: {examples[name]}）。" if name in examples else "。")
    elif isinstance(error, click.BadParameter) and param is not None and isinstance(param.type, click.Choice):
        what = f"{name} は {'、'.join(map(str, param.type.choices))} のどれかで指定してください。"
    elif isinstance(error, click.BadParameter) and param is not None and isinstance(param.type, click.Path):
        what = f"{name} にはファイルを指定してください（フォルダは指定できません）。"
    elif isinstance(error, click.BadParameter) and param is not None:
        what = f"{name} の値が正しくありません: {error.message}"
    elif error.message.startswith("No such command"):
        commands = getattr(context.command, "commands", {}) if context else {}
        what = (f"{error.message.split(chr(39))[1]} というコマンドはありません"
                f"（コマンド: {'、'.join(sorted(commands))}）。")
    elif error.message.startswith(("Missing command", "Missing argument", "Got unexpected extra argument")):
        what = f"コマンドまたは引数が足りないか多すぎます（例: {examples.get('', '--help')}）。"
    else:
        what = error.message   # the product's own messages are Japanese already
    path = context.command_path if context else prog_name
    usage = context.get_usage().removeprefix("Usage: ") if context else path
    return f"エラー: {what}\n使い方: {usage}\n詳しくは「{path} --help」を参照してください。"


def run_in_japanese(group: click.Group, prog_name: str, examples: dict[str, str]) -> None:
    """Run a command line with its usage errors said in Japanese (exit 2)."""
    try:
        group.main(prog_name=prog_name, standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help(), err=True)   # no command at all: the help (bilingual)
        sys.exit(2)
    except click.UsageError as error:
        click.echo(usage_error_text(error, examples, prog_name), err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("中断しました。", err=True)
        sys.exit(1)
