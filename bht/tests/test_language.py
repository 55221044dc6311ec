def test_it_speaks_norwegian_to_an_english_browser(client, avdelingsleder):
    client.force_login(avdelingsleder)

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response["Content-Language"] == "nb"
    assert "Din hovedkontakt" in response.content.decode()


def test_it_speaks_english_once_the_user_chose_it(client, avdelingsleder):
    client.force_login(avdelingsleder)

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")

    assert response["Content-Language"] == "en"
    assert "Din hovedkontakt" not in response.content.decode()


def test_it_ignores_an_unknown_language_cookie(client, avdelingsleder):
    client.force_login(avdelingsleder)
    client.cookies["django_language"] = "xx"

    assert client.get("/")["Content-Language"] == "nb"
