"""The ethics rule's limits for gifts received (公務員廉政倫理規範 第4點第3款)."""

from envoy.hosting import ethics


def test_the_ethics_limits_by_recipient_at_their_edges():
    received = "received"
    assert [ethics.needs_report(received, v) for v in (500, 501, 1000, 1001, None)] == [
        False,
        True,
        True,
        True,
        True,
    ]
    assert [ethics.needs_report(received, v, "agency") for v in (500, 501, 1000, 1001, None)] == [
        False,
        False,
        False,
        True,
        True,
    ]
    assert not ethics.needs_report("given", None, "agency")
