"""Builders for test data: users with roles, and generated plans of any size."""

from django.contrib.auth import get_user_model

from components.models import (
    ActionStep,
    Cell,
    Component,
    ComponentKind,
    Framework,
    Indicator,
    Membership,
    Plan,
    Requirement,
    Satker,
)

PASSWORD = "test-password-123"


def make_user(username, satker=None, role=None, **extra):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
    if satker is not None:
        Membership.objects.create(user=user, satker=satker, role=role)
    return user


def make_satker(slug, name=None, parent=None):
    return Satker.objects.create(slug=slug, name=name or f"Pengadilan Negeri {slug}", parent=parent)


def make_plan(satker, year, scale=1):
    """A plan shaped like the seed (7 components, 23 indicators) times `scale`.

    Each indicator gets two steps and, scale for scale, about the seed's 55 requirements
    and 111 planned months, with every fourth planned month realized.
    """
    framework, _ = Framework.objects.get_or_create(
        code="52/2014", defaults={"name": "PermenPANRB 52/2014 jo. 10/2019", "year": 2014}
    )
    plan = Plan.objects.create(
        satker=satker, year=year, title=f"Rencana {year}", framework=framework
    )
    components = Component.objects.bulk_create(
        Component(
            plan=plan,
            number=n,
            name=f"Komponen {n}",
            kind=ComponentKind.HASIL if n == 7 else ComponentKind.PENGUNGKIT,
        )
        for n in range(1, 8)
    )
    per_component = round(23 * scale / 7) or 1
    indicators = Indicator.objects.bulk_create(
        Indicator(component=c, number=i, name=f"Indikator {c.number}.{i}")
        for c in components
        for i in range(1, per_component + 1)
    )
    steps = ActionStep.objects.bulk_create(
        ActionStep(indicator=ind, position=p, number=p, text=f"Langkah {p} dari {ind.name}")
        for ind in indicators
        for p in (1, 2)
    )
    requirements = Requirement.objects.bulk_create(
        Requirement(
            indicator=step.indicator,
            step=step,
            position=step.position * 2 - 1 + k,
            number=step.position * 2 - 1 + k,
            text=f"Bukti {k} untuk {step.text}",
        )
        for i, step in enumerate(steps)
        for k in range(1 + (i % 3 == 0))  # about 2.4 requirements per indicator, like the seed
    )
    cells = []
    for i, req in enumerate(requirements):
        months = range(1, 13) if i % 20 == 0 else [1 + i % 12, 1 + (i * 5) % 12]
        for m in sorted(set(months)):
            cells.append(Cell(requirement=req, month=m, planned=True, realized=(m + i) % 4 == 0))
    Cell.objects.bulk_create(cells)
    return plan


def make_files(cell, user, count, status="pending"):
    """Evidence rows without stored bytes, for query counts (bulk, no storage)."""
    import uuid

    from evidence.models import Activity, EvidenceFile

    plan = cell.requirement.indicator.component.plan
    token = uuid.uuid4()
    files = EvidenceFile.objects.bulk_create(
        EvidenceFile(
            cell=cell,
            file=f"evidence/test/{uuid.uuid4().hex}.pdf",
            original_name=f"bukti-{i}.pdf",
            size=100,
            content_type="application/pdf",
            sha256="0" * 64,
            description="Bukti",
            activity_date="2021-01-20",
            uploaded_by=user,
            submission=token,
            submission_index=i,
            status=status,
        )
        for i in range(count)
    )
    Activity.objects.bulk_create(
        Activity(
            plan=plan,
            requirement=cell.requirement,
            month=cell.month,
            file=f,
            user=user,
            action="upload",
        )
        for f in files
    )
    return files


def replicate_plan(source, satker, year, copies):
    """A plan made of `copies` copies of `source`'s indicators, with their real texts.

    The seed times ten is the "plan ten times larger" the benches and size tests use: its
    rows have the seed's text lengths, so page layout costs what a real plan's would.
    """
    plan = Plan.objects.create(
        satker=satker,
        year=year,
        title=source.title,
        framework=source.framework,
        adopted_place=source.adopted_place,
        adopted_on=source.adopted_on,
        signatory_name=source.signatory_name,
        signatory_title=source.signatory_title,
        signatory_nip=source.signatory_nip,
    )
    for component in source.components.order_by("number"):
        copy = Component.objects.create(
            plan=plan,
            number=component.number,
            name=component.name,
            kind=component.kind,
            weight=component.weight,
        )
        number = 0
        for _ in range(copies):
            for indicator in component.indicators.order_by("number"):
                number += 1
                new = Indicator.objects.create(
                    component=copy,
                    number=number,
                    name=indicator.name,
                    description=indicator.description,
                    weight=indicator.weight,
                    target=indicator.target,
                )
                steps = {
                    step.pk: ActionStep.objects.create(
                        indicator=new, position=step.position, number=step.number, text=step.text
                    )
                    for step in indicator.steps.all()
                }
                for requirement in indicator.requirements.all():
                    row = Requirement.objects.create(
                        indicator=new,
                        step=steps.get(requirement.step_id),
                        position=requirement.position,
                        number=requirement.number,
                        text=requirement.text,
                    )
                    Cell.objects.bulk_create(
                        Cell(requirement=row, month=cell.month, planned=cell.planned)
                        for cell in requirement.cells.all()
                    )
    return plan
