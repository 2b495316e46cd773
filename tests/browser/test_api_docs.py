"""/api/docs in a real browser, offline: Swagger UI from the platform's own files, within the CSP."""


def test_api_docs_list_the_operations_without_the_internet(page):
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    outside = []
    page.route(
        "**/*",
        lambda route: (
            (outside.append(route.request.url) or route.abort())
            if not route.request.url.startswith(page.base_url)
            else route.continue_()
        ),
    )
    page.goto(page.base_url + "/api/docs")
    page.locator(".opblock-summary-path", has_text="/api/commitments").first.wait_for()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/commitments" in paths and "/api/proposals" in paths and "/api/plans/" in paths
    assert outside == []
    assert blocked == []
