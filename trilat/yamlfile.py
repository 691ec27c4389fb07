"""YAML loading that remembers the line of every list item, for error messages.

The loader differs from PyYAML's safe loader in two ways that contributors' files
need: a mapping that repeats a key is an error (PyYAML keeps the last value
silently), and unquoted dates stay strings (PyYAML turns ``2025-02-30`` into a
``ValueError`` with no file or line; the registry checks dates itself).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import yaml

from trilat.errors import InputError
from trilat.files import FileRefused, read_regular

# libyaml's parser when PyYAML was built with it: about 10x faster on large registries.
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TIMESTAMP = "tag:yaml.org,2002:timestamp"


class DuplicateKey(yaml.YAMLError):
    def __init__(self, key: object, line: int, first: int) -> None:
        super().__init__(f"duplicate key {key!r} (first at line {first})")
        self.line = line


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    """Safe loader: no timestamps, no repeated keys."""

    yaml_implicit_resolvers: ClassVar[dict] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP]
        for first, resolvers in _BASE.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict[object, int] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                key = self.construct_object(key_node, deep=deep)
                line = key_node.start_mark.line + 1
                if key in seen:
                    raise DuplicateKey(key, line, seen[key])
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


def load_list(path: Path, key: str, required: bool = True) -> list[tuple[int, Any]]:
    """Items of the top-level list ``key`` with their 1-based line numbers; an absent
    ``key`` is an error unless not ``required`` (then: no items)."""
    try:
        text = read_regular(path).decode("utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except FileRefused as exc:
        raise InputError(f"{path} {exc}; refused") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    loader = _Loader(text)
    try:  # one parse gives both the line numbers (nodes) and the data
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except DuplicateKey as exc:
        raise InputError(f"{path}:{exc.line}: {exc}; keep one") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: invalid YAML", [str(exc)]) from None
    except (ValueError, TypeError, OverflowError) as exc:  # a value the constructor rejects
        raise InputError(f"{path}: a value cannot be read ({exc})") from None
    finally:
        loader.dispose()
    if not required and isinstance(data, dict) and key not in data:
        return []
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise InputError(f"{path}: expected a top-level '{key}:' list")
    item_nodes = next(v for k, v in node.value if k.value == key).value
    return [(n.start_mark.line + 1, item) for n, item in zip(item_nodes, data[key], strict=True)]
