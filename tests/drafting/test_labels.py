from drafting.labels import labels_for
from drafting.structure import parse_draft


def test_labels_follow_structure():
    parsed = parse_draft("The Ministerial Council,\n\nRecalling,\n\nNoting,\n\nDecides:\n\n"
                         "1. To act:\n(a) now;\n(i) fast;\n(ii) well;\n(b) later;\n2. To report.")
    assert labels_for(parsed.paragraphs) == [
        "PP1", "PP2", "Chapeau", "OP1", "OP1(a)", "OP1(a)(i)", "OP1(a)(ii)", "OP1(b)", "OP2"]
