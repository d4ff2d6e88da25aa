"""The macro reference on the Contributing page, generated from the macros' own docstrings, with each
short example evaluated against the current data."""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Callable

# Macros whose example output is short enough to show, live, in the reference.
INLINE_MACROS = ("value", "change", "share", "ttm", "latest_period", "as_of", "cite", "download", "words")


class ReferenceMacros:
    NAMES = ("macro_reference",)

    def __init__(self, functions: dict[str, Callable]):
        # Every macro an author may call, by name; filled in by whoever registers the macros.
        self.functions = functions

    def macro_reference(self) -> str:
        """The reference of every macro, generated from the docstrings of these functions, with each
        short example evaluated against the current data.

        Example: `{{ macro_reference() }}`, used on the Contributing page.
        """
        blocks = []
        for name, function in self.functions.items():
            if name == "macro_reference":
                continue
            summary, arguments, example = parse_docstring(inspect.getdoc(function) or "")
            block = [f"### {name}", "", f"`{name}({plain_parameters(function)})`", "", summary, ""]
            if arguments:
                block += ["| Argument | Meaning |", "|---|---|"]
                block += [f"| `{arg}` | {meaning} |" for arg, meaning in arguments]
                block.append("")
            if example:
                call, shown = self._live_example(name, example)
                if shown:
                    example = example.replace(call, f"{call} gives {shown}", 1)
                block += [f"Example: {example}", ""]
            blocks.append("\n".join(block))
        return "\n".join(blocks)

    def _live_example(self, name: str, example: str) -> tuple[str, str]:
        """The example's first call (as written, in backticks) and its output, when the macro is short
        and its arguments are literals; otherwise an empty output."""
        match = re.search(r"`\{\{ (\w+)\((.*?)\) \}\}`", example)
        if name not in INLINE_MACROS or not match or match.group(1) != name:
            return "", ""
        try:
            call = ast.parse(f"f({match.group(2)})", mode="eval").body
            args = [ast.literal_eval(a) for a in call.args]
            kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
        except (SyntaxError, ValueError):
            return "", ""
        return match.group(0), self.functions[name](*args, **kwargs)


def plain_parameters(function: Callable) -> str:
    """Parameters as an author writes them: metric, period, base=None (no type annotations)."""
    parts = []
    for parameter in inspect.signature(function).parameters.values():
        text = ("*" if parameter.kind is parameter.VAR_POSITIONAL else "") + parameter.name
        if parameter.default is not parameter.empty:
            text += "=" + (f'"{parameter.default}"' if isinstance(parameter.default, str) else repr(parameter.default))
        parts.append(text)
    return ", ".join(parts)


def parse_docstring(doc: str) -> tuple[str, list[tuple[str, str]], str]:
    """Split a Google-style docstring into its summary, its arguments and its example."""
    summary_lines, arguments, example_lines, section = [], [], [], "summary"
    for line in doc.splitlines():
        stripped = line.strip()
        if stripped == "Args:":
            section = "args"
        elif stripped.startswith("Example:"):
            section = "example"
            example_lines.append(stripped.removeprefix("Example:").strip())
        elif section == "summary":
            summary_lines.append(stripped)
        elif section == "args" and stripped:
            if re.match(r"^\*{0,2}\w+: ", stripped) and line.startswith("    ") and not line.startswith("        "):
                arg, meaning = stripped.split(": ", 1)
                arguments.append((arg, meaning))
            elif arguments:
                arguments[-1] = (arguments[-1][0], arguments[-1][1] + " " + stripped)
        elif section == "example" and stripped:
            example_lines.append(stripped)
    return " ".join(summary_lines).strip(), arguments, " ".join(example_lines)
