import json

from django import template

register = template.Library()


@register.filter
def payload_lines(value) -> str:
    """An audit payload (before/after) as "key: value" lines; autoescaped by the template."""
    if value in (None, "", {}, []):
        return ""
    if not isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return "\n".join(
        f"{key}: {item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)}"
        for key, item in sorted(value.items())
    )
