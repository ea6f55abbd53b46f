"""Purchases in one line, and the purchase bounds, through the public services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from baketracker.domain.purchases import Implausible
from baketracker.errors import Invalid
from baketracker.services import catalog, inventory
from tests.support.counts import row_counts

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
def pantry(db: str) -> None:
    """Butter by the pound (with a barcode), two King Arthur flours and a Gold Medal one."""
    catalog.create_ingredient("Butter", density_g_per_ml="0.911")
    catalog.create_ingredient("All-purpose flour")
    catalog.create_ingredient("Bread flour")
    catalog.create_ingredient("Vanilla extract")
    catalog.create_product("butter", brand="Kerrygold", package_quantity=1, package_unit="lb",
                           slug="kerrygold-butter", gtin="5011038133241")
    catalog.create_product("all-purpose-flour", brand="King Arthur", package_quantity=5,
                           package_unit="lb", slug="ka-ap-flour")
    catalog.create_product("bread-flour", brand="King Arthur", package_quantity=5,
                           package_unit="lb", slug="ka-bread-flour")
    catalog.create_product("all-purpose-flour", brand="Gold Medal", package_quantity=10,
                           package_unit="lb", slug="gm-ap-flour")


def refused(text: str, **kwargs: object) -> Invalid:
    """Run a quick purchase that must be refused; prove it wrote nothing."""
    before = row_counts()
    with pytest.raises(Invalid) as caught:
        inventory.quick_purchase(text, **kwargs)  # type: ignore[arg-type]
    assert row_counts() == before
    return caught.value


@pytest.mark.usefixtures("pantry")
def test_two_pounds_of_butter_for_a_total_records_two_packages_today() -> None:
    result = inventory.quick_purchase("2 lb butter $8.49")
    assert result["product_slug"] == "kerrygold-butter"
    assert (result["packages"], result["total_price"]) == (Decimal(2), Decimal("8.49"))
    assert result["purchased_on"] == date.today()
    assert inventory.on_hand("butter", "lb") == pytest.approx(Decimal(2), abs=Decimal("1e-6"))
    [lot] = inventory.list_lots("butter")
    assert lot["lot_id"] == result["lot_id"]


@pytest.mark.usefixtures("pantry")
def test_n_x_a_named_package_at_a_price_each_records_n_packages() -> None:
    result = inventory.quick_purchase("3 x King Arthur all-purpose flour 5 lb @ 4.99")
    assert (result["product_slug"], result["packages"]) == ("ka-ap-flour", Decimal(3))
    assert result["total_price"] == Decimal("14.97")


@pytest.mark.usefixtures("pantry")
def test_a_scanned_barcode_with_packages_and_price_each_records_that_product() -> None:
    result = inventory.quick_purchase("5011038133241 2 4.50")
    assert (result["product_slug"], result["total_price"]) == ("kerrygold-butter", Decimal(9))


@pytest.mark.usefixtures("pantry")
def test_no_price_takes_the_price_paid_last_time() -> None:
    inventory.record_purchase("kerrygold-butter", packages=1, price_per_package="4.25")
    result = inventory.quick_purchase("2 x buter")
    assert (result["price_per_package"], result["total_price"]) == (Decimal("4.25"),
                                                                    Decimal("8.50"))


@pytest.mark.usefixtures("pantry")
def test_a_dry_run_says_what_it_would_record_and_writes_nothing() -> None:
    before = row_counts()
    preview = inventory.quick_purchase("10 lb bread flour $12", dry_run=True)
    assert row_counts() == before
    assert (preview["lot_id"], preview["packages"], preview["product_slug"]) == (
        None, Decimal(2), "ka-bread-flour")
    assert preview["price_per_package"] == Decimal(6)


@pytest.mark.usefixtures("pantry")
def test_the_amount_tells_apart_products_the_words_cannot() -> None:
    # "all-purpose flour" is King Arthur's 5 lb or Gold Medal's 10 lb; 15 lb is only 3 × 5 lb.
    assert inventory.quick_purchase("15 lb all purpose flour $15")["product_slug"] == "ka-ap-flour"


@pytest.mark.usefixtures("pantry")
def test_words_matching_several_products_are_refused_listing_every_candidate() -> None:
    error = refused("3 x King Arthur flour 5 lb @ 4.99")
    assert error.field == "product"
    assert "ka-ap-flour" in error.message and "ka-bread-flour" in error.message


@pytest.mark.usefixtures("pantry")
def test_words_matching_no_product_say_which_product_to_create() -> None:
    error = refused("vanilla extract $7")
    assert error.field == "product"
    assert "Vanilla extract has no product matching 'vanilla extract'" in error.message
    assert "create one" in error.message
    assert "no product matches 'sprinkles'" in refused("sprinkles $2").message


@pytest.mark.usefixtures("pantry")
def test_an_unknown_barcode_is_refused_on_the_barcode_field() -> None:
    error = refused("4006381333931 1 2.00")
    assert error.field == "barcode"
    assert "no product has the barcode 4006381333931" in error.message


@pytest.mark.usefixtures("pantry")
@pytest.mark.parametrize(
    ("text", "field", "said"),
    [
        ("2.5 lb butter $10", "quantity", "comes in 1 lb packages: 2.5 lb is 2.5 packages"),
        ("3 x gold medal flour 5 lb $3", "quantity", "comes in 10 lb packages, not 5 lb"),
        ("2 dozen butter $3", "unit", "comes in 1 lb packages"),
        ("2 bags butter $3", "unit", "'bags' is not a unit we know"),
        ("20 bags butter $3", "unit", "for packages write '20 x butter'"),
        ("-2 lb butter $3", "quantity", "greater than 0"),
        ("butter $-3", "price", "must not be negative"),
        ("butter $abc", "price", "cannot read the price '$abc'"),
        ("butter", "price", "never been bought"),
        ("1000000000000 x butter @ 4.50", "packages", "more than any kitchen buys"),
    ],
)
def test_a_line_that_cannot_be_a_purchase_is_refused_naming_its_field_and_writes_nothing(
    text: str, field: str, said: str
) -> None:
    error = refused(text)
    assert error.field == field
    assert said in error.message


@pytest.mark.usefixtures("pantry")
def test_an_implausible_quick_line_needs_a_confirmation() -> None:
    error = refused("2000 x butter @ 4.50")
    assert isinstance(error, Implausible) and error.field == "packages"
    assert isinstance(refused("butter $12000"), Implausible)
    result = inventory.quick_purchase("2000 x butter @ 4.50", confirm=True)
    assert result["total_price"] == Decimal(9000)


@pytest.mark.usefixtures("pantry")
def test_record_purchase_refuses_the_implausible_unless_confirmed_and_the_absurd_always() -> None:
    before = row_counts()
    with pytest.raises(Implausible) as caught:
        inventory.record_purchase("kerrygold-butter", packages=1001, price_per_package="4.50")
    assert caught.value.field == "packages"
    with pytest.raises(Invalid) as absurd:
        inventory.record_purchase("kerrygold-butter", packages=10**12, price_per_package="4.50",
                                  confirm=True)
    assert absurd.value.field == "packages"
    with pytest.raises(Invalid) as price:
        inventory.record_purchase("kerrygold-butter", packages=1, price_per_package="abc")
    assert price.value.field == "price_per_package"
    assert "cannot read the price per package 'abc'" in price.value.message
    assert row_counts() == before
    confirmed = inventory.record_purchase("kerrygold-butter", packages=1001,
                                          price_per_package="4.50", confirm=True)
    assert confirmed["total_price"] == Decimal("4504.50")
