from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def css_string(value):
    """Escape text for a double-quoted CSS string (in @page margin boxes).

    Every character outside plain letters, digits and a few safe marks becomes a CSS hex
    escape, so a name or URL can neither end the string nor the style sheet.
    """
    out = []
    for char in str(value):
        if char.isalnum() or char in " .,:/-_·()":
            out.append(char)
        else:
            out.append(f"\\{ord(char):x} ")
    return mark_safe("".join(out))


@register.filter
def nip(value):
    """An 18-digit NIP as printed: 19801208 200312 2 001."""
    from components.models import format_nip

    return format_nip(value or "")
