import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from components.models import (
    ActionStep,
    Cell,
    Component,
    Framework,
    Indicator,
    Membership,
    Plan,
    Requirement,
    Role,
    Satker,
    format_nip,
)
from tests.factories import make_plan, make_satker, make_user

pytestmark = pytest.mark.django_db


def refused(make):
    """True when the database refuses the row (and the test transaction survives)."""
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


def test_it_allows_one_plan_per_satker_and_year(plan):
    assert refused(
        lambda: Plan.objects.create(
            satker=plan.satker, year=2021, title="x", framework=plan.framework
        )
    )
    Plan.objects.create(satker=plan.satker, year=2022, title="x", framework=plan.framework)


def test_it_refuses_an_implausible_year(plan):
    assert refused(
        lambda: Plan.objects.create(
            satker=plan.satker, year=1999, title="x", framework=plan.framework
        )
    )


def test_it_keeps_numbers_unique_at_each_level(plan):
    component = plan.components.get(number=1)
    indicator = component.indicators.get(number=1)
    req = indicator.requirements.get(position=1)
    assert refused(lambda: Component.objects.create(plan=plan, number=1, name="dup"))
    assert refused(lambda: Indicator.objects.create(component=component, number=1, name="dup"))
    assert refused(lambda: ActionStep.objects.create(indicator=indicator, position=1, text="d"))
    assert refused(lambda: Requirement.objects.create(indicator=indicator, position=1, text="d"))
    Cell.objects.create(requirement=req, month=3, planned=True)
    assert refused(lambda: Cell.objects.create(requirement=req, month=3))
    assert refused(lambda: Cell.objects.create(requirement=req, month=13))
    assert refused(lambda: Cell.objects.create(requirement=req, month=0))


def test_it_refuses_an_unknown_kind_or_role(plan, users):
    assert refused(lambda: Component.objects.create(plan=plan, number=9, name="x", kind="other"))
    assert refused(
        lambda: Membership.objects.create(user=users["admin"], satker=plan.satker, role="boss")
    )


def test_it_allows_one_membership_per_user_and_satker(satker, users):
    assert refused(
        lambda: Membership.objects.create(user=users["staf"], satker=satker, role=Role.KETUA)
    )


def test_the_code_of_an_indicator_comes_from_its_component(plan):
    indicator = Indicator.objects.select_related("component").get(
        component__plan=plan, component__number=7, number=2
    )
    assert indicator.code == "7.2"
    assert str(indicator).startswith("7.2 Terwujudnya")


def test_a_requirement_cannot_pair_with_another_indicators_step(plan):
    req = Requirement.objects.get(
        indicator__component__plan=plan,
        indicator__component__number=1,
        indicator__number=2,
        position=1,
    )
    foreign_step = ActionStep.objects.filter(indicator__component__plan=plan).exclude(
        indicator=req.indicator
    )[0]
    req.step = foreign_step
    with pytest.raises(ValidationError):
        req.full_clean()


def test_a_nip_is_stored_as_digits_and_printed_with_spaces(satker):
    satker.chair_nip = "19801208 200312 2 001"
    satker.full_clean()
    assert satker.chair_nip == "198012082003122001"
    assert format_nip(satker.chair_nip) == "19801208 200312 2 001"
    satker.chair_nip = "1980"
    with pytest.raises(ValidationError):
        satker.full_clean()


def test_a_satker_cannot_be_its_own_parent_or_ancestor(satker):
    satker.parent = satker
    with pytest.raises(ValidationError):
        satker.full_clean()
    appeal_court = Satker.objects.get(slug="pt-jambi")
    appeal_court.parent = Satker.objects.get(slug="pn-sarolangun")  # PT -> PN -> PT
    with pytest.raises(ValidationError):
        appeal_court.full_clean()


def test_natural_keys_survive_a_dump_and_reload(plan):
    """A plan dumped with natural keys loads into a database that numbers rows differently."""
    objects = [plan.satker.parent, plan.satker, plan, *plan.components.all()]
    for component in plan.components.all():
        for indicator in component.indicators.all():
            objects += [indicator, *indicator.steps.all()]
            for req in indicator.requirements.all():
                objects += [req, *req.cells.all()]
    data = serializers.serialize(
        "json", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    Plan.objects.filter(pk=plan.pk).delete()
    assert not Requirement.objects.filter(indicator__component__plan__year=2021).exists()
    deferred = []  # the plan names its monev requirement, which comes later in the data
    for obj in serializers.deserialize("json", data, handle_forward_references=True):
        obj.save()
        if obj.deferred_fields:
            deferred.append(obj)
    for obj in deferred:
        obj.save_deferred_fields()
    reloaded = Plan.objects.get_by_natural_key("pn-sarolangun", 2021)
    assert reloaded.monev_requirement.text.startswith("Undangan, notula, daftar hadir")
    assert Requirement.objects.filter(indicator__component__plan=reloaded).count() == 55
    assert Cell.objects.filter(requirement__indicator__component__plan=reloaded).count() == 111


def test_visible_plans_follow_memberships(plan, users, other_satker):
    other_plan = make_plan(other_satker, 2021)
    assert list(Plan.objects.visible_to(users["staf"])) == [plan]
    assert list(Plan.objects.visible_to(users["outsider"])) == [other_plan]
    assert set(Plan.objects.visible_to(users["admin"])) == {plan, other_plan}
    assert not Plan.objects.visible_to(make_user("nobody")).exists()


def test_frameworks_carry_their_area_weights(db):
    old, new = Framework.objects.get(code="52/2014"), Framework.objects.get(code="90/2021")
    assert sum(a.weight for a in old.areas.all()) == 100
    assert sum(a.weight for a in new.areas.all()) == 100
    assert old.areas.get(number=3).weight == 15 and new.areas.get(number=1).weight == 8


def test_generated_plans_have_the_seeds_shape(db):
    satker = make_satker("pn-besar")
    small, large = make_plan(satker, 2030), make_plan(satker, 2031, scale=10)
    count = Requirement.objects.filter
    ratio = (
        count(indicator__component__plan=large).count()
        / count(indicator__component__plan=small).count()
    )
    assert 8 <= ratio <= 12
