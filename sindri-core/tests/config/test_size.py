from __future__ import annotations

import pytest

from sindri.config import Size


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("512MB", 512 * 1024**2),
        ("4GB", 4 * 1024**3),
        ("4GiB", 4 * 1024**3),
        ("1TB", 1024**4),
        ("64KB", 64 * 1024),
        ("0MB", 0),
    ],
)
def test_binary_units(text: str, expected: int) -> None:
    size = Size.parse(text)
    assert size.bytes == expected
    assert str(size) == text


@pytest.mark.parametrize("text", ["4 GB", "4gb", "4G", "4.5GB", "-1GB", "GB", "", "4GBs"])
def test_rejected(text: str) -> None:
    with pytest.raises(ValueError, match="is not a size like 4GB or 512MB"):
        Size.parse(text)


def test_equal_by_bytes_whatever_the_spelling() -> None:
    assert Size.parse("1GB") == Size.parse("1024MB") == Size.parse("1GiB")
    assert Size.parse("512MB") < Size.parse("1GB")


def test_conversions() -> None:
    assert Size.parse("4GB").to_mebibytes() == 4096
    assert Size.parse("1536MB").to_gibibytes() == 2  # rounded up
    assert Size.parse("4GB").to_kubernetes() == "4Gi"
    assert Size.parse("1536MB").to_kubernetes() == "1536Mi"
    assert Size.parse("3KB").to_kubernetes() == "3Ki"


def test_json_form_is_the_written_form() -> None:
    from sindri.models import to_jsonable

    assert to_jsonable({"memory": Size.parse("4GB")}) == {"memory": "4GB"}
