"""samhandling.text.unique_slug on a real model (the text module itself imports no app)."""

from contacts.models import Region
from samhandling.text import unique_slug


def test_unique_slugs_count_up_and_avoid_reserved_words(db):
    Region.objects.create(name="Grenland")
    assert unique_slug(Region, "Grenland") == "grenland-2"
    assert unique_slug(Region, "Til revisjon", reserved={"til-revisjon"}) == "til-revisjon-2"
    assert unique_slug(Region, "!!!", default="region") == "region"
