from django.test import Client


def test_every_page_denies_powerful_browser_features(db):
    for url in ("/", "/api/openapi.json", "/no-existe/"):
        policy = Client().get(url).headers.get("Permissions-Policy", "")
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
            assert feature in policy, (url, policy)
