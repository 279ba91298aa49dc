"""Service surveys of a satker: the IKM (PermenPANRB 14/2017), IPKP and IPAK.

A survey belongs to a satker and a period (2021-Q4, 2021-S1, 2021) and is open between two
dates. Its items are the nine IKM elements (fixed by the regulation) and the court's IPKP
and IPAK items, editable until the first response arrives. Responses and their answers are
append-only records: nothing a visitor answered is changed or removed.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from components.models import Satker

from . import defaults
from .periods import period_label


class Kind(models.TextChoices):
    IKM = "ikm", "IKM"
    IPKP = "ipkp", "IPKP"
    IPAK = "ipak", "IPAK"


class Survey(models.Model):
    satker = models.ForeignKey(
        Satker, verbose_name=_("satker"), on_delete=models.PROTECT, related_name="surveys"
    )
    period = models.CharField(_("period"), max_length=7, help_text=_("2021-Q4, 2021-S1 or 2021"))
    year = models.PositiveIntegerField(_("year"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    population = models.PositiveIntegerField(
        _("service users in the period"),
        null=True,
        blank=True,
        help_text=_("For the minimum sample (Krejcie and Morgan), for example 1200."),
    )
    services = models.TextField(
        _("services asked about"),
        blank=True,
        default="\n".join(defaults.SERVICES),
        help_text=_("One per line; the respondent picks the service they used."),
    )
    import_mapping = models.JSONField(default=dict, blank=True)  # header -> field, last import
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-year", "-opens_on"]
        constraints = [
            models.UniqueConstraint(fields=["satker", "period"], name="survey_one_per_period"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="survey_closes_after_opens"
            ),
        ]

    def __str__(self):
        return f"{self.satker} {self.period}"

    def get_absolute_url(self):
        return reverse("survey_results", args=[self.satker.slug, self.period])

    @property
    def period_label(self):
        return period_label(self.period)

    def public_url(self):
        return reverse("survey_public", args=[self.satker.slug, self.period])

    def is_open(self, today=None):
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    def has_responses(self):
        """Items freeze with the first response. One query."""
        return self.responses.exists()

    def service_choices(self):
        return [line.strip() for line in self.services.splitlines() if line.strip()]

    @classmethod
    @transaction.atomic
    def create_with_defaults(cls, **fields):
        """A new survey with the nine IKM elements and the default IPKP and IPAK items."""
        survey = cls.objects.create(**fields)
        items = [
            Item(survey=survey, kind=Kind.IKM, number=number, name=name, text=text,
                 text_en=text_en, labels=labels, labels_en=labels_en)
            for number, name, text, text_en, labels, labels_en in defaults.IKM_ELEMENTS
        ]  # fmt: skip
        for kind, texts in ((Kind.IPKP, defaults.IPKP_ITEMS), (Kind.IPAK, defaults.IPAK_ITEMS)):
            items += [
                Item(survey=survey, kind=kind, number=number, text=text, text_en=text_en,
                     labels=defaults.AGREE_ID, labels_en=defaults.AGREE_EN)
                for number, (text, text_en) in enumerate(texts, 1)
            ]  # fmt: skip
        Item.objects.bulk_create(items)
        return survey

    @transaction.atomic
    def replace_items(self, kind, texts):
        """Set the IPKP or IPAK items to `texts`, while no response has arrived: after the
        first, the questions are frozen so every answer means what it meant. An item whose
        text is kept keeps its English text."""
        if kind == Kind.IKM:
            raise ValueError("The IKM elements are fixed by the regulation.")
        Survey.objects.select_for_update().filter(pk=self.pk).first()
        if self.has_responses():
            raise ValidationError(_("The questions are frozen: responses have arrived."))
        english = dict(self.items.filter(kind=kind).values_list("text", "text_en"))
        self.items.filter(kind=kind).delete()
        Item.objects.bulk_create(
            Item(survey=self, kind=kind, number=number, text=text, text_en=english.get(text, ""),
                 labels=defaults.AGREE_ID, labels_en=defaults.AGREE_EN)
            for number, text in enumerate(texts, 1)
        )  # fmt: skip


class Item(models.Model):
    """One question, answered 1-4. IKM items are the regulation's elements, never edited."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    number = models.PositiveSmallIntegerField()
    name = models.CharField(_("element"), max_length=100, blank=True)
    text = models.TextField(_("question"))
    text_en = models.TextField(_("question in English"), blank=True)
    labels = models.JSONField(default=list)  # four answer labels, 1 to 4
    labels_en = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["survey", "kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "kind", "number"], name="item_unique_number")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    @property
    def code(self):
        """U1..U9 for the IKM elements (the regulation's column names), else IPKP1, IPAK2..."""
        return f"U{self.number}" if self.kind == Kind.IKM else f"{self.kind.upper()}{self.number}"

    def localized(self):
        """The question and its four labels in the interface language."""
        if get_language() == "en" and self.text_en:
            return self.text_en, self.labels_en or self.labels
        return self.text, self.labels


class AgeBand(models.TextChoices):
    UNDER_20 = "<20", _("under 20")
    FROM_20 = "20-29", _("20 to 29")
    FROM_30 = "30-39", _("30 to 39")
    FROM_40 = "40-49", _("40 to 49")
    FROM_50 = "50+", _("50 or over")


class Sex(models.TextChoices):
    MALE = "l", _("male")
    FEMALE = "p", _("female")


class Education(models.TextChoices):
    SD = "sd", _("primary school or less")
    SMP = "smp", _("junior high school")
    SMA = "sma", _("senior high school")
    DIPLOMA = "d1-d3", _("diploma (D1-D3)")
    S1 = "d4-s1", _("bachelor (D4/S1)")
    S2 = "s2+", _("master or doctorate (S2/S3)")


class Occupation(models.TextChoices):
    CIVIL = "pns", _("civil servant, military or police")
    PRIVATE = "swasta", _("private employee")
    SELF = "wirausaha", _("self-employed")
    STUDENT = "pelajar", _("student")
    OTHER = "lainnya", _("other")


class Source(models.TextChoices):
    FORM = "form", _("questionnaire")
    KIOSK = "kiosk", _("service desk kiosk")
    IMPORT = "import", _("imported")


class AppendOnly(models.Model):
    """A record that is written once: saving it again or deleting it raises."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError("Survey responses are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Survey responses are append-only.")


class Response(AppendOnly):
    """One respondent's answers. Addresses and devices are kept only as keyed hashes, for
    the hourly limits."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    source = models.CharField(max_length=6, choices=Source.choices, default=Source.FORM)
    address_hash = models.CharField(max_length=64, blank=True, db_index=True)
    device_hash = models.CharField(max_length=64, blank=True, db_index=True)
    import_batch = models.UUIDField(null=True, blank=True)
    age_band = models.CharField(_("age"), max_length=5, choices=AgeBand.choices, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    education = models.CharField(
        _("education"), max_length=5, choices=Education.choices, blank=True
    )
    occupation = models.CharField(
        _("occupation"), max_length=10, choices=Occupation.choices, blank=True
    )
    service = models.CharField(_("service used"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self):
        return f"{self.survey} #{self.pk}"


class Answer(AppendOnly):
    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=4), name="answer_1_to_4"),
            models.UniqueConstraint(fields=["response", "item"], name="answer_once_per_item"),
        ]

    def __str__(self):
        return f"{self.response_id} {self.item_id}: {self.value}"


PROFILE_FIELDS = ["age_band", "sex", "education", "occupation", "service"]


@transaction.atomic
def record_responses(survey, rows, **fields):
    """Store responses, each row a (profile dict, {item: value}) pair: two inserts in all
    (batched). Callers have checked every value; the database refuses values outside 1-4."""
    responses = Response.objects.bulk_create(
        Response(survey=survey, **fields, **profile) for profile, _values in rows
    )
    Answer.objects.bulk_create(
        Answer(response=response, item=item, value=value)
        for response, (_profile, values) in zip(responses, rows, strict=True)
        for item, value in values.items()
    )
    return responses


class SurveyImport(models.Model):
    """A spreadsheet read and waiting for the team lead to check its column mapping. Only
    the table's text is kept; it goes once imported."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    file_name = models.CharField(max_length=200)
    table = models.JSONField()  # [header, row, row, ...] as strings
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.survey} {self.file_name}"
