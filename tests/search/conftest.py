import pytest


@pytest.fixture(autouse=True)
def fresh_facet_columns():
    """Each test has a database of its own; facet columns cached by an earlier test (whose
    rows were rolled back) must not be taken for this one's."""
    from envoy.search import facets

    facets.forget()
    yield
    facets.forget()
