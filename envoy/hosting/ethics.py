"""The ethics rule for gifts received while hosting: 公務員廉政倫理規範 (行政院), the one
place Envoy keeps it.

- 第4點: a gift from someone whose business touches the official's duties may be kept only
  when it is occasional and either official courtesy (公務禮儀, which 第2點 defines to include
  receiving foreign guests) or worth no more than NT$500 at market value to one person
  (NT$1,000 in all when given to many people of the agency).
- 第5點: any other gift is refused or returned, reported to the official's superior and the
  ethics unit (簽報長官並知會政風單位); what cannot be returned is handed to the ethics unit
  within three days of its receipt, which proposes paying for it (付費收受), handing it to
  the city (歸公) or giving it to a charity (轉贈慈善機構).

Envoy therefore flags every gift received that is worth more than NT$500 — or whose worth
nobody has estimated yet — as needing a report to the ethics unit within three days of its
receipt (the day of receipt not counted, 行政程序法第48條), and refuses to record such a
gift as simply kept.
"""

import datetime as dt

from .enums import GiftDirection, GiftHandling

# 第4點第3款: the market value one person may accept (NT$).
COURTESY_LIMIT_NTD = 500
# 第5點: days after its receipt within which a gift is reported and handed over.
REPORT_WITHIN_DAYS = 3
# What may be done with a gift over the limit (第5點).
HANDLINGS_OVER_LIMIT = (
    GiftHandling.RETURNED,
    GiftHandling.PAID,
    GiftHandling.PUBLIC,
    GiftHandling.DONATED,
    GiftHandling.ETHICS_UNIT,
)


def needs_report(direction: str, value_ntd: int | None) -> bool:
    """Whether a gift must be reported to the ethics unit: received, and worth more than
    the courtesy limit or not valued yet."""
    if direction != GiftDirection.RECEIVED:
        return False
    return value_ntd is None or value_ntd > COURTESY_LIMIT_NTD


def report_due(received_on: dt.date | None) -> dt.date | None:
    """The last day to report a gift received on ``received_on``."""
    if received_on is None:
        return None
    return received_on + dt.timedelta(days=REPORT_WITHIN_DAYS)


def may_keep(direction: str, value_ntd: int | None) -> bool:
    """Whether a gift may be recorded as kept without a report."""
    return not needs_report(direction, value_ntd)
