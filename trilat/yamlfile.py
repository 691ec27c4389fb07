"""YAML loading that remembers the line of every list item, for error messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from trilat.errors import InputError

# libyaml's parser when PyYAML was built with it: about 10x faster on large registries.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_list(path: Path, key: str, required: bool = True) -> list[tuple[int, Any]]:
    """Items of the top-level list ``key`` with their 1-based line numbers; an absent
    ``key`` is an error unless not ``required`` (then: no items)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    loader = _LOADER(text)
    try:  # one parse gives both the line numbers (nodes) and the data
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: invalid YAML", [str(exc)]) from None
    finally:
        loader.dispose()
    if not required and isinstance(data, dict) and key not in data:
        return []
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise InputError(f"{path}: expected a top-level '{key}:' list")
    item_nodes = next(v for k, v in node.value if k.value == key).value
    return [(n.start_mark.line + 1, item) for n, item in zip(item_nodes, data[key], strict=True)]
