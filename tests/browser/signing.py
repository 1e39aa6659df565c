"""Signing in through the sign-in form, as a person does (the cast's password is "x")."""

import re

from playwright.sync_api import expect


def sign_in(page, user, path: str | None = None) -> None:
    """Sign ``user`` in, any earlier session ended first: at ``path`` — a page that asks to
    sign in and is then shown — or, without one, at the sign-in page, after which the header
    names them."""
    page.context.clear_cookies()
    page.goto(path or "/accounts/login/")
    page.get_by_label("帳號").fill(user.username)
    page.get_by_label("密碼").fill("x")
    page.get_by_role("button", name="登入", exact=True).click()
    if path:
        expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    else:
        expect(page.locator(".usermenu .who")).to_contain_text(user.display_name)
