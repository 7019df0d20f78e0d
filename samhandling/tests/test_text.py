from samhandling.text import fold, norwegian_slugify, norwegian_sort_key


def test_slugs_transliterate_norwegian_letters():
    assert norwegian_slugify("Fagråd for øyeblikkelig hjelp – Æra") == "fagrad-for-oyeblikkelig-hjelp-aera"


def test_names_sort_the_norwegian_way_whatever_the_case():
    names = ["Åse", "bjørn", "Zorro", "Ørjan", "alf", "Ærlig", "Éva"]
    assert sorted(names, key=norwegian_sort_key) == ["alf", "bjørn", "Éva", "Zorro", "Ærlig", "Ørjan", "Åse"]


def test_folding_spells_out_norwegian_letters_and_drops_accents_and_case():
    assert fold("  Bitustøyl ÅSE  Ærlig Müller-Crème ") == "bitustoyl ase aerlig muller-creme"


def test_folding_treats_a_decomposed_a_ring_like_the_letter():
    assert fold("A\u030asmund") == fold("Åsmund") == "asmund"
