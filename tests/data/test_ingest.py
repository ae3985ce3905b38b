import pytest

from datelines.data.ingest import from_upload, from_url
from datelines.extract.article import ArticleError

HTML = (
    b"<html><head><title>Quake hits Norcia</title><script>window.__xss=1</script></head><body><article>"
    b"<h1>Quake hits Norcia</h1><p>A magnitude 6 earthquake struck Norcia in central Italy on Monday, officials "
    b"said, damaging the basilica and forcing hundreds of residents from their homes overnight.</p></article></body></html>"
)


def test_html_upload_is_cleaned_of_scripts_and_keeps_its_title() -> None:
    draft = from_upload("quake.html", HTML)
    assert "Norcia" in draft.text and "window.__xss" not in draft.text
    assert draft.title == "Quake hits Norcia"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        pytest.param("a.txt", b"\x00\x01binary", "binary", id="binary"),
        pytest.param("a.txt", "caf\xe9".encode("latin-1"), "not UTF-8", id="latin-1"),
        pytest.param("a.txt", b"x" * (5 * 1024 * 1024 + 1), "MB", id="too-big"),
        pytest.param("a.pdf", b"%PDF-1.4", "only .txt", id="wrong-kind"),
        pytest.param("a.html", b"<html><body></body></html>", "no article text", id="empty-html"),
    ],
)
def test_bad_uploads_give_clear_messages(name: str, data: bytes, message: str) -> None:
    with pytest.raises(ArticleError, match=message):
        from_upload(name, data)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "not a url"])
def test_only_web_addresses_are_fetched(url: str) -> None:
    with pytest.raises(ArticleError, match="not an http"):
        from_url(url)


def test_unreachable_address_says_so() -> None:
    with pytest.raises(ArticleError, match="could not fetch"):
        from_url("http://127.0.0.1:9/article", timeout=2)
