"""A YAML reader that remembers line numbers, and field checks that report them.

Every check appends a Problem to `problems` and returns a usable value (or None), so one run
reports every mistake in a file instead of stopping at the first."""
from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from awareness.content.schema import LANGUAGES, OptionSpec, Problem, Text


class Mapping(dict[str, Any]):
    """A dict that knows the line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    result = Mapping()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            # `? [a, b]: c` would otherwise crash the check with a TypeError.
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain word, not a list or mapping", key_node.start_mark
            )
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class FileChecker:
    """Checks the fields of one YAML file, collecting problems with their lines."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def read(self, path: Path) -> str | None:
        """The file's text, or None (with a problem) when it is not UTF-8."""
        raw = path.read_bytes()
        try:
            return raw.decode("utf-8-sig")  # Notepad may add a byte-order mark
        except UnicodeDecodeError as exc:
            # Editors on Windows may save as ANSI; say so instead of crashing.
            line = raw[:exc.start].count(b"\n") + 1
            self.problem(line, "the file is not UTF-8 text (save it as UTF-8)")
            return None

    def load(self, text: str | None) -> Mapping | None:
        if text is None:  # unreadable; `read` has reported it
            return None
        try:
            data = yaml.load(text, Loader=_Loader)  # noqa: S506  # nosec B506  # _Loader is a SafeLoader
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else None
            reason = getattr(exc, "problem", None) or str(exc)
            self.problem(line, f"invalid YAML: {reason}")
            return None
        if not isinstance(data, Mapping):
            self.problem(1, "the file must hold a mapping of fields (key: value)")
            return None
        return data

    def fields(self, data: Mapping, required: set[str], optional: set[str]) -> bool:
        ok = True
        for key in data:
            if key not in required | optional:
                self.problem(data.key_lines.get(str(key)), f"unknown field {key!r}")
                ok = False
        for key in sorted(required - data.keys()):
            self.problem(data.line, f"missing field {key!r}")
            ok = False
        return ok

    def line_of(self, data: Mapping, key: str) -> int:
        return data.key_lines.get(key, data.line)

    def string(self, data: Mapping, key: str) -> str | None:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if key in data:
            self.problem(self.line_of(data, key), f"{key!r} must be a non-empty text")
        return None

    def text(self, data: Mapping, key: str) -> Text | None:
        """A user-visible text: a plain (Dutch) string or a {language: text} mapping."""
        value = data.get(key)
        line = self.line_of(data, key)
        if isinstance(value, str) and value.strip():
            return {"nl": value.strip()}
        if isinstance(value, Mapping):
            unknown = [lang for lang in value if lang not in LANGUAGES]
            for lang in unknown:
                self.problem(value.key_lines.get(str(lang), line), f"unknown language {lang!r}")
            if "nl" not in value:
                self.problem(line, f"{key!r} is missing the translation key 'nl'")
                return None
            if not all(isinstance(v, str) and v.strip() for v in value.values()):
                self.problem(line, f"every translation of {key!r} must be a non-empty text")
                return None
            return None if unknown else {k: v.strip() for k, v in value.items()}
        if key in data:
            self.problem(line, f"{key!r} must be a text or a mapping of translations")
        return None

    def integer(self, data: Mapping, key: str, low: int, high: int) -> int | None:
        value = data.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return value
        if key in data:
            self.problem(self.line_of(data, key), f"{key!r} must be a whole number {low}-{high}")
        return None

    def choice(self, data: Mapping, key: str, allowed: tuple[str, ...]) -> str | None:
        value = data.get(key)
        if value in allowed:
            return str(value)
        if key in data:
            self.problem(
                self.line_of(data, key), f"{key!r} must be one of {', '.join(allowed)}"
            )
        return None

    def mappings(self, data: Mapping, key: str) -> list[Mapping]:
        value = data.get(key)
        if isinstance(value, list) and all(isinstance(v, Mapping) for v in value):
            return value
        if key in data:
            self.problem(self.line_of(data, key), f"{key!r} must be a list of mappings")
        return []

    def options(self, entry: Mapping, limits: tuple[int, int]) -> list[OptionSpec]:
        raw = self.mappings(entry, "options")
        low, high = limits
        if "options" in entry and not low <= len(raw) <= high:
            self.problem(self.line_of(entry, "options"), f"give {low} to {high} options")
            return []
        options = []
        for index, option in enumerate(raw):
            self.fields(option, {"text"}, {"correct", "feedback"})
            correct = option.get("correct", False)
            if not isinstance(correct, bool):
                self.problem(self.line_of(option, "correct"), "'correct' must be true or false")
            text = self.text(option, "text")
            feedback = self.text(option, "feedback") if "feedback" in option else None
            if text is None:
                return []
            options.append(OptionSpec(chr(ord("a") + index), text, correct is True, feedback,
                                       line=option.line))
        return options
