from contacts.models import Region
from samhandling.text import fold, norwegian_slugify, norwegian_sort_key, unique_slug


def test_slugs_transliterate_norwegian_letters():
    assert norwegian_slugify("Fagråd for øyeblikkelig hjelp – Æra") == "fagrad-for-oyeblikkelig-hjelp-aera"


def test_names_sort_the_norwegian_way_whatever_the_case():
    names = ["Åse", "bjørn", "Zorro", "Ørjan", "alf", "Ærlig", "Éva"]
    assert sorted(names, key=norwegian_sort_key) == ["alf", "bjørn", "Éva", "Zorro", "Ærlig", "Ørjan", "Åse"]


def test_folding_spells_out_norwegian_letters_and_drops_accents_and_case():
    assert fold("  Bitustøyl ÅSE  Ærlig Müller-Crème ") == "bitustoyl ase aerlig muller-creme"


def test_folding_treats_a_decomposed_a_ring_like_the_letter():
    assert fold("A\u030asmund") == fold("Åsmund") == "asmund"


def test_unique_slugs_count_up_and_avoid_reserved_words(db):
    Region.objects.create(name="Grenland")
    assert unique_slug(Region, "Grenland") == "grenland-2"
    assert unique_slug(Region, "Til revisjon", reserved={"til-revisjon"}) == "til-revisjon-2"
    assert unique_slug(Region, "!!!", default="region") == "region"
