"""The direction of a deviation between the levels of care: from the kinds of its two organisations."""

from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from contacts.models import Organisation

# The two levels of care, from the organisations' kinds. A GP office (fastlegekontor) is
# part of the municipal health service; a hospital or clinic is on the specialist side.
HF_KINDS = (Organisation.Kind.HOSPITAL_TRUST, Organisation.Kind.HOSPITAL)
MUNICIPAL_KINDS = (Organisation.Kind.MUNICIPALITY, Organisation.Kind.GP_OFFICE)


class Direction(models.TextChoices):
    MUNICIPALITY_TO_HF = "kommune-hf", _("Fra kommune til helseforetak")
    HF_TO_MUNICIPALITY = "hf-kommune", _("Fra helseforetak til kommune")
    BETWEEN_MUNICIPALITIES = "kommune-kommune", _("Mellom kommuner")
    OTHER = "annet", _("Andre (innad i helseforetak, eller andre parter)")


# direction -> (kinds of the reporting organisation, kinds of the concerned organisation)
DIRECTION_SIDES = {
    Direction.MUNICIPALITY_TO_HF: (MUNICIPAL_KINDS, HF_KINDS),
    Direction.HF_TO_MUNICIPALITY: (HF_KINDS, MUNICIPAL_KINDS),
    Direction.BETWEEN_MUNICIPALITIES: (MUNICIPAL_KINDS, MUNICIPAL_KINDS),
}


def direction_condition(direction: str) -> Q:
    """The deviations that go in `direction`, by the kinds of their two organisations."""
    if direction == Direction.OTHER:
        known = Q()
        for named in DIRECTION_SIDES:
            known |= direction_condition(named)
        return ~known
    reporting, concerned = DIRECTION_SIDES[Direction(direction)]
    return Q(reporter_organisation__kind__in=reporting, concerned_organisation__kind__in=concerned)


def direction_expression() -> Case:
    """The direction of each deviation, for grouping (two joins on the small organisation table)."""
    return Case(
        *[When(direction_condition(direction), then=Value(direction.value)) for direction in DIRECTION_SIDES],
        default=Value(Direction.OTHER.value),
        output_field=models.CharField(),
    )
