"""The ethics rule for gifts received while hosting: 公務員廉政倫理規範 (行政院), the one
place Envoy keeps it.

- 第4點: a gift from someone whose business touches the official's duties may be accepted
  only when it is occasional and cannot sway any particular right or duty, and one of its
  cases holds — among them official courtesy (第1款, 公務禮儀, which 第2點 defines to include
  receiving foreign guests) and, 第3款: 「受贈之財物市價在新臺幣五百元以下；或對本機關（構）
  內多數人為餽贈，其市價總額在新臺幣一千元以下。」 — worth no more than NT$500 at market
  value, or, given to many people of the agency, NT$1,000 in all.
- 第5點第1款: any other such gift is refused or returned, reported to the official's superior
  and the ethics unit (簽報其長官及知會政風機構); what cannot be returned is handed to the
  ethics unit within three days of its receipt, which proposes paying for it (付費收受),
  handing it to the city (歸公) or giving it to a charity (轉贈慈善機構).

The wording of 第4點第3款 is quoted from the Ministry of Justice's database of its
regulations (法務部主管法規查詢系統, 公務員廉政倫理規範, FL046407), which shows the text of
2008-06-26, marked there as no longer the current text (非現行):
https://mojlaw.moj.gov.tw/LawRelaShow.aspx?id=FE211605&type=e&ecode=I00100&edate=20081110&eno=0971115873&tbl=ferela&lsid=FL046407&ldate=20080626
The amounts are those agencies' ethics units still give in their rules of 2023 (NT$500 to
a person; NT$1,000 in all for a gift to many), e.g. Taichung Veterans General Hospital's
「公務員廉政倫理規範」知會報備登錄作業規定. Check the current text when the rule changes.

Envoy therefore flags every gift received that is worth more than its limit — NT$500 for a
gift to a person, NT$1,000 in all for one to many people of the office (a box of sweets for
the whole division: ``GiftRecipient.AGENCY``) — or whose worth nobody has estimated yet, as
needing a report to the ethics unit within three days of its receipt (the day of receipt
not counted, 行政程序法第48條), and refuses to record such a gift as simply kept.
"""

import datetime as dt

from .enums import GiftDirection, GiftHandling, GiftRecipient

# 第4點第3款: the market value one person may accept (NT$)…
COURTESY_LIMIT_NTD = 500
# …and the total market value of a gift to many people of the agency.
AGENCY_LIMIT_NTD = 1000
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


def limit(recipient: str = GiftRecipient.PERSON) -> int:
    """The most a gift received by ``recipient`` may be worth to be accepted (第4點第3款)."""
    return AGENCY_LIMIT_NTD if recipient == GiftRecipient.AGENCY else COURTESY_LIMIT_NTD


def needs_report(
    direction: str, value_ntd: int | None, recipient: str = GiftRecipient.PERSON
) -> bool:
    """Whether a gift must be reported to the ethics unit: received, and worth more than
    the limit for its recipient or not valued yet."""
    if direction != GiftDirection.RECEIVED:
        return False
    return value_ntd is None or value_ntd > limit(recipient)


def report_due(received_on: dt.date | None) -> dt.date | None:
    """The last day to report a gift received on ``received_on``."""
    if received_on is None:
        return None
    return received_on + dt.timedelta(days=REPORT_WITHIN_DAYS)


def may_keep(direction: str, value_ntd: int | None, recipient: str = GiftRecipient.PERSON) -> bool:
    """Whether a gift may be recorded as kept without a report."""
    return not needs_report(direction, value_ntd, recipient)
