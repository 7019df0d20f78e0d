from samhandling.text import norwegian_slugify, norwegian_sort_key


def test_slugs_transliterate_norwegian_letters():
    assert norwegian_slugify("Fagråd for øyeblikkelig hjelp – Æra") == "fagrad-for-oyeblikkelig-hjelp-aera"


def test_names_sort_the_norwegian_way_whatever_the_case():
    names = ["Åse", "bjørn", "Zorro", "Ørjan", "alf", "Ærlig", "Éva"]
    assert sorted(names, key=norwegian_sort_key) == ["alf", "bjørn", "Éva", "Zorro", "Ærlig", "Ørjan", "Åse"]
