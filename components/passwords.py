"""Password rules beyond Django's: not a court's name dressed up with digits."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Satker

# Words of every court's name; the units' own names, slugs and cities are added to them.
COURT_WORDS = {
    "pengadilan",
    "negeri",
    "agama",
    "tinggi",
    "militer",
    "mahkamah",
    "agung",
    "syariyah",
    "ptun",
}
# Letters people swap for look-alike digits and signs ("P3ngad1lan").
LOOK_ALIKES = {"a": "a4@", "e": "e3", "i": "i1!|", "l": "l1|", "o": "o0", "s": "s5$", "t": "t7+"}


def _pattern(word):
    return "".join(f"[{re.escape(LOOK_ALIKES.get(c, c))}]" for c in word)


class CourtNamePasswordValidator:
    """Refuse a password that is little more than court names ("PNSarolangun2024!").

    The court words are taken out (also when spelt with look-alike digits); what is left
    must be at least min_rest letters or digits, and not digits only.
    """

    def __init__(self, min_rest=8):
        self.min_rest = min_rest

    def court_words(self):
        words = set(COURT_WORDS)
        for values in Satker.objects.values_list("name", "slug", "city"):
            for value in values:
                words.update(w for w in re.split(r"[^a-z]+", value.lower()) if len(w) >= 3)
        return sorted(words, key=len, reverse=True)

    def validate(self, password, user=None):
        rest = password.lower()
        for word in self.court_words():
            rest = re.sub(_pattern(word), "", rest)
        rest = re.sub(r"[\W_]+", "", rest)
        if len(rest) < self.min_rest or rest.isdigit():
            raise ValidationError(
                _(
                    "This password is mostly a court's name. Choose words that have nothing "
                    "to do with the court."
                ),
                code="password_court_name",
            )

    def get_help_text(self):
        return _(
            "Your password cannot be mostly a court's name, such as “pengadilan” or the unit's."
        )
