"""``okr init``: placeholder until the templates land."""


def add_parser(sub) -> None:
    pass
