"""The front matter of a synthetic document, as YAML.

Block style, plain words left plain, every other string quoted, so that
yaml.safe_load reads back exactly the value written (tests/test_synth.py checks
this on generated documents). Written here rather than by yaml.safe_dump so
that the bytes depend on this code alone: the same seed must give the same corpus.
"""
from __future__ import annotations

import json
import re
from datetime import date

_PLAIN = re.compile(r"[^\W\d_][\w .,()’«»“”!?\-–—]*")
_RESERVED = {"y", "yes", "n", "no", "true", "false", "on", "off", "null", "~"}


def yaml_scalar(value) -> str:
    """`value` as a YAML scalar that yaml.safe_load reads back as the same value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, date)):
        return value.isoformat() if isinstance(value, date) else str(value)
    if (_PLAIN.fullmatch(value) and not value.endswith(" ") and "  " not in value
            and value.lower() not in _RESERVED):
        return value
    return json.dumps(value, ensure_ascii=False)


def _emit(value, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for key, v in value.items():
            if isinstance(v, (dict, list)):
                if not v:
                    out.append(f"{pad}{key}: {'{}' if isinstance(v, dict) else '[]'}")
                else:
                    out.append(f"{pad}{key}:")
                    _emit(v, indent + 2, out)
            elif v is not None:
                out.append(f"{pad}{key}: {yaml_scalar(v)}")
    else:
        for item in value:
            if isinstance(item, dict) and item:
                sub: list[str] = []
                _emit(item, indent + 2, sub)
                out.append(f"{pad}- {sub[0][indent + 2:]}")
                out.extend(sub[1:])
            elif isinstance(item, list):
                raise ValueError("nested lists are not used in front matter")
            else:
                out.append(f"{pad}- {yaml_scalar(item)}")


def front_matter(meta: dict) -> str:
    """The `---` block for `meta`, in block style with every string safely quoted."""
    out = ["---"]
    _emit(meta, 0, out)
    out.append("---")
    return "\n".join(out) + "\n"
