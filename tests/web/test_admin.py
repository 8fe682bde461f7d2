"""An administrator adds users and sets their roles; nobody else can."""

from tests.web.conftest import Browser


async def test_an_administrator_adds_a_user_who_can_then_sign_in(browser) -> None:
    admin = await browser("admin")
    response = await admin.post(
        "/admin/users",
        {
            "name": "Sam Lee",
            "email": "sam.lee@test.example",
            "staff_id": "s.lee",
            "password": "a long enough password",
            "roles": ["handler"],
        },
    )
    assert response.status_code == 303, response.text
    assert "s.lee" in (await admin.get("/admin/users")).text
    sam: Browser = await browser()
    signed_in = await sam.post(
        "/sign-in", {"email": "sam.lee@test.example", "password": "a long enough password"}
    )
    assert signed_in.status_code == 303
    me = (await sam.get("/api/session")).json()["user"]
    assert (me["staff_id"], me["roles"]) == ("s.lee", ["handler"])

    again = await admin.post(
        "/admin/users",
        {
            "name": "Sam",
            "email": "SAM.LEE@test.example",
            "staff_id": "s.lee2",
            "password": "x" * 12,
            "roles": ["officer"],
        },
    )
    assert again.status_code == 422 and "already a user" in again.text


async def test_an_administrator_changes_roles_and_a_short_password_is_refused(browser) -> None:
    admin = await browser("admin")
    short = await admin.post(
        "/admin/users",
        {
            "name": "Kit",
            "email": "kit@test.example",
            "staff_id": "k.it",
            "password": "short",
            "roles": [],
        },
    )
    assert short.status_code == 422
    assert 'id="password-error"' in short.text and 'id="roles-error"' in short.text
    await admin.post(
        "/admin/users",
        {
            "name": "Kit",
            "email": "kit@test.example",
            "staff_id": "k.it",
            "password": "x" * 16,
            "roles": ["officer"],
        },
    )
    page = (await admin.get("/admin/users")).text
    user_id = page.split('action="/admin/users/')[1].split("/")[0]  # the first user listed
    assert user_id.isdigit()


async def test_only_an_administrator_manages_users(browser) -> None:
    for who in ("officer", "manager", "governance"):
        someone = await browser(who)
        assert (await someone.get("/admin/users")).status_code == 403
        response = await someone.post(
            "/admin/users",
            {
                "name": "Eve",
                "email": "eve@test.example",
                "staff_id": "eve",
                "password": "x" * 16,
                "roles": ["admin"],
            },
        )
        assert response.status_code == 403
    admin = await browser("admin")
    assert "eve@test.example" not in (await admin.get("/admin/users")).text
