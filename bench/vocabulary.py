"""The words the generator builds a bakery from: ingredients, products, recipes, boxes, people.

Plain data only. Densities are grams per millilitre; `None` means no density (ground
cinnamon: measured in tsp by every recipe, bought by weight, so a plan flags it).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BaseIngredient:
    name: str
    family: str
    density: str | None
    # (brand, package quantity, package unit, usual price per package)
    products: tuple[tuple[str, str, str, str], ...]


FLOUR = "All-purpose flour"
BREAD_FLOUR = "Bread flour"
CAKE_FLOUR = "Cake flour"
ALMOND_FLOUR = "Almond flour"
SUGAR = "Granulated sugar"
BROWN_SUGAR = "Light brown sugar"
POWDERED_SUGAR = "Powdered sugar"
BUTTER = "Unsalted butter"
MILK = "Whole milk"
CREAM = "Heavy cream"
CREAM_CHEESE = "Cream cheese"
EGGS = "Large eggs"
VANILLA = "Pure vanilla extract"
SODA = "Baking soda"
POWDER = "Baking powder"
YEAST = "Instant yeast"
SALT = "Fine sea salt"
CINNAMON = "Ground cinnamon"
GINGER = "Ground ginger"
COCOA = "Unsweetened cocoa powder"
CHIPS = "Semisweet chocolate chips"
BITTERSWEET = "Bittersweet chocolate"
PECANS = "Chopped pecans"
ALMONDS = "Sliced almonds"
OATS = "Old-fashioned rolled oats"
CRANBERRIES = "Dried cranberries"
MOLASSES = "Unsulphured molasses"
HONEY = "Clover honey"
COCONUT = "Sweetened shredded coconut"
PEANUT_BUTTER = "Creamy peanut butter"
PUMPKIN = "Pumpkin purée"
CORNSTARCH = "Cornstarch"
WHOLE_WHEAT = "Whole wheat flour"

BASE_INGREDIENTS: tuple[BaseIngredient, ...] = (
    BaseIngredient(FLOUR, "Flour", "0.5283",
                   (("King Arthur", "5", "lb", "6.49"), ("Gold Medal", "10", "lb", "7.99"))),
    BaseIngredient(BREAD_FLOUR, "Flour", "0.55", (("King Arthur", "5", "lb", "6.99"),)),
    BaseIngredient(CAKE_FLOUR, "Flour", "0.48", (("Swans Down", "2", "lb", "4.99"),)),
    BaseIngredient(WHOLE_WHEAT, "Flour", "0.5071", (("Bob's Red Mill", "5", "lb", "7.49"),)),
    BaseIngredient(ALMOND_FLOUR, "Flour", "0.40", (("Blue Diamond", "1", "lb", "9.99"),)),
    BaseIngredient(SUGAR, "Sugar", "0.845",
                   (("Domino", "4", "lb", "3.79"), ("C&H", "10", "lb", "8.49"))),
    BaseIngredient(BROWN_SUGAR, "Sugar", "0.93", (("Domino", "2", "lb", "2.99"),)),
    BaseIngredient(POWDERED_SUGAR, "Sugar", "0.507", (("C&H", "2", "lb", "2.79"),)),
    BaseIngredient(BUTTER, "Dairy", "0.911",
                   (("Kerrygold", "8", "oz", "4.49"), ("Land O'Lakes", "1", "lb", "5.29"))),
    BaseIngredient(MILK, "Dairy", "1.03",
                   (("Horizon", "0.5", "gal", "4.59"), ("Organic Valley", "1", "gal", "6.99"))),
    BaseIngredient(CREAM, "Dairy", "0.994",
                   (("Organic Valley", "1", "pt", "4.49"), ("Horizon", "1", "qt", "7.49"))),
    BaseIngredient(CREAM_CHEESE, "Dairy", "0.98", (("Philadelphia", "8", "oz", "2.79"),)),
    BaseIngredient(EGGS, "Eggs", None,
                   (("Vital Farms", "12", "each", "6.49"), ("Pete and Gerry's", "18", "each",
                                                            "7.99"))),
    BaseIngredient(VANILLA, "Flavorings", "0.879", (("Nielsen-Massey", "4", "fl oz", "13.99"),)),
    BaseIngredient(SODA, "Leaveners", "0.97", (("Arm & Hammer", "1", "lb", "1.29"),)),
    BaseIngredient(POWDER, "Leaveners", "0.90", (("Clabber Girl", "8.1", "oz", "2.79"),)),
    BaseIngredient(YEAST, "Leaveners", "0.60", (("SAF", "1", "lb", "8.99"),)),
    BaseIngredient(SALT, "Spices", "1.22", (("Morton", "26", "oz", "1.99"),)),
    BaseIngredient(CINNAMON, "Spices", None, (("McCormick", "2.37", "oz", "3.49"),)),
    BaseIngredient(GINGER, "Spices", "0.40", (("McCormick", "1.5", "oz", "4.29"),)),
    BaseIngredient(COCOA, "Chocolate", "0.42", (("Hershey's", "8", "oz", "4.29"),)),
    BaseIngredient(CHIPS, "Chocolate", "0.72",
                   (("Nestlé Toll House", "12", "oz", "3.99"), ("Ghirardelli", "10", "oz",
                                                                "4.49"))),
    BaseIngredient(BITTERSWEET, "Chocolate", "0.60", (("Guittard", "6", "oz", "4.99"),)),
    BaseIngredient(PECANS, "Nuts", "0.46", (("Diamond of California", "1", "lb", "9.99"),)),
    BaseIngredient(ALMONDS, "Nuts", "0.37", (("Blue Diamond", "6", "oz", "4.49"),)),
    BaseIngredient(OATS, "Grains", "0.34", (("Quaker", "42", "oz", "5.49"),)),
    BaseIngredient(CRANBERRIES, "Dried fruit", "0.50", (("Ocean Spray", "6", "oz", "2.99"),)),
    BaseIngredient(MOLASSES, "Sweeteners", "1.40", (("Grandma's", "12", "fl oz", "4.49"),)),
    BaseIngredient(HONEY, "Sweeteners", "1.42", (("Sue Bee", "12", "oz", "5.99"),)),
    BaseIngredient(COCONUT, "Dried fruit", "0.33", (("Baker's", "14", "oz", "3.49"),)),
    BaseIngredient(PEANUT_BUTTER, "Nut butters", "1.09", (("Jif", "16", "oz", "3.29"),)),
    BaseIngredient(PUMPKIN, "Produce", "1.01", (("Libby's", "15", "oz", "2.49"),)),
    BaseIngredient(CORNSTARCH, "Starches", "0.54", (("Argo", "1", "lb", "2.29"),)),
)  # fmt: skip

# Stress variants of every base ingredient: (prefix, price factor).
QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("", "1"), ("Organic", "1.45"), ("Store-brand", "0.8"), ("Bulk", "0.9"),
    ("Premium", "1.3"), ("Local", "1.2"),
)  # fmt: skip

# A line: (base ingredient, low, high, unit, step). Quantities are multiples of `step`.
Line = tuple[str, str, str, str, str]

# archetype → (core lines, optional lines)
ARCHETYPES: dict[str, tuple[tuple[Line, ...], tuple[Line, ...]]] = {
    "drop": (
        ((FLOUR, "2", "3", "cup", "0.25"), (BUTTER, "170", "230", "g", "5"),
         (BROWN_SUGAR, "0.5", "1", "cup", "0.25")),
        ((SUGAR, "0.5", "1", "cup", "0.25"), (EGGS, "1", "2", "each", "1"),
         (VANILLA, "1", "2", "tsp", "0.5"), (SODA, "0.5", "1", "tsp", "0.25"),
         (SALT, "0.5", "1", "tsp", "0.25")),
    ),
    "cutout": (
        ((FLOUR, "2.5", "3.5", "cup", "0.25"), (BUTTER, "0.5", "0.5", "lb", "0.25"),
         (SUGAR, "0.75", "1", "cup", "0.25")),
        ((EGGS, "1", "1", "each", "1"), (VANILLA, "1", "2", "tsp", "0.5"),
         (POWDER, "1", "2", "tsp", "0.5"), (SALT, "0.5", "1", "tsp", "0.25")),
    ),
    "brownie": (
        ((BUTTER, "0.5", "0.5", "lb", "0.25"), (SUGAR, "1.5", "2", "cup", "0.25"),
         (COCOA, "0.5", "0.75", "cup", "0.25")),
        ((EGGS, "3", "4", "each", "1"), (FLOUR, "0.75", "1", "cup", "0.25"),
         (VANILLA, "1", "2", "tsp", "0.5"), (SALT, "0.5", "0.5", "tsp", "0.25")),
    ),
    "bar": (
        ((FLOUR, "1.5", "2", "cup", "0.25"), (BUTTER, "200", "250", "g", "5"),
         (BROWN_SUGAR, "1", "1.5", "cup", "0.25")),
        ((EGGS, "1", "2", "each", "1"), (VANILLA, "1", "1", "tsp", "0.5"),
         (SALT, "0.5", "1", "tsp", "0.25"), (POWDER, "0.5", "1", "tsp", "0.25")),
    ),
    "cupcake": (
        ((CAKE_FLOUR, "2", "2.5", "cup", "0.25"), (SUGAR, "1", "1.5", "cup", "0.25"),
         (BUTTER, "115", "170", "g", "5")),
        ((EGGS, "2", "3", "each", "1"), (MILK, "0.75", "1", "cup", "0.25"),
         (POWDER, "1.5", "2", "tsp", "0.5"), (SALT, "0.5", "0.5", "tsp", "0.25"),
         (VANILLA, "1", "2", "tsp", "0.5")),
    ),
    "cake": (
        ((FLOUR, "2", "3", "cup", "0.25"), (SUGAR, "1", "1.25", "cup", "0.25"),
         (BUTTER, "0.25", "0.5", "lb", "0.25")),
        ((EGGS, "2", "3", "each", "1"), (MILK, "1", "1", "cup", "0.25"),
         (POWDER, "2", "2", "tsp", "0.5"), (SALT, "0.5", "1", "tsp", "0.25"),
         (VANILLA, "1", "2", "tsp", "0.5")),
    ),
    "quickbread": (
        ((FLOUR, "1.5", "2", "cup", "0.25"), (SUGAR, "1", "1.5", "cup", "0.25"),
         (EGGS, "2", "2", "each", "1")),
        ((BUTTER, "115", "115", "g", "5"), (SODA, "1", "1", "tsp", "0.25"),
         (SALT, "0.5", "1", "tsp", "0.25"), (WHOLE_WHEAT, "0.5", "0.5", "cup", "0.25")),
    ),
    "yeast": (
        ((BREAD_FLOUR, "1", "1.5", "lb", "0.25"), (MILK, "1", "1", "cup", "0.25"),
         (YEAST, "2", "2.25", "tsp", "0.25")),
        ((BUTTER, "60", "115", "g", "5"), (SUGAR, "2", "4", "tbsp", "1"),
         (EGGS, "1", "2", "each", "1"), (SALT, "1", "1.5", "tsp", "0.5")),
    ),
    "pie": (
        ((EGGS, "3", "3", "each", "1"), (BROWN_SUGAR, "0.75", "1", "cup", "0.25"),
         (CREAM, "0.5", "1", "cup", "0.25")),
        ((SALT, "0.5", "0.5", "tsp", "0.25"), (VANILLA, "1", "1", "tsp", "0.5"),
         (BUTTER, "30", "60", "g", "5"), (CORNSTARCH, "1", "2", "tbsp", "1")),
    ),
    "macaroon": (
        ((COCONUT, "2", "3", "cup", "0.25"), (SUGAR, "0.5", "0.75", "cup", "0.25"),
         (EGGS, "2", "3", "each", "1")),
        ((VANILLA, "1", "1", "tsp", "0.5"), (SALT, "0.25", "0.25", "tsp", "0.25"),
         (ALMOND_FLOUR, "0.25", "0.5", "cup", "0.25")),
    ),
    "frosting": (
        ((BUTTER, "225", "340", "g", "5"), (POWDERED_SUGAR, "1", "2", "lb", "0.25"),
         (CREAM, "2", "4", "tbsp", "1")),
        ((VANILLA, "1", "2", "tsp", "0.5"), (SALT, "0.25", "0.25", "tsp", "0.25")),
    ),
    "cc_frosting": (
        ((CREAM_CHEESE, "225", "340", "g", "5"), (BUTTER, "115", "115", "g", "5"),
         (POWDERED_SUGAR, "2", "4", "cup", "0.5")),
        ((VANILLA, "1", "1", "tsp", "0.5"), (SALT, "0.25", "0.25", "tsp", "0.25")),
    ),
    "ganache": (
        ((BITTERSWEET, "225", "340", "g", "5"), (CREAM, "1", "1", "cup", "0.25"),
         (SALT, "0.25", "0.25", "tsp", "0.25")),
        ((BUTTER, "30", "30", "g", "5"), (VANILLA, "1", "1", "tsp", "0.5"),
         (HONEY, "1", "2", "tbsp", "1")),
    ),
    "crust": (
        ((FLOUR, "2.5", "2.5", "cup", "0.25"), (BUTTER, "225", "225", "g", "5"),
         (SALT, "1", "1", "tsp", "0.5")),
        ((SUGAR, "1", "2", "tbsp", "1"), (MILK, "2", "4", "tbsp", "1")),
    ),
    "caramel": (
        ((SUGAR, "1", "1", "cup", "0.25"), (BUTTER, "85", "85", "g", "5"),
         (CREAM, "0.5", "0.75", "cup", "0.25")),
        ((SALT, "1", "1", "tsp", "0.5"), (VANILLA, "1", "1", "tsp", "0.5")),
    ),
    "streusel": (
        ((FLOUR, "0.75", "1", "cup", "0.25"), (BROWN_SUGAR, "0.5", "0.75", "cup", "0.25"),
         (BUTTER, "85", "115", "g", "5")),
        ((OATS, "0.5", "0.5", "cup", "0.25"), (CINNAMON, "1", "1", "tsp", "0.5"),
         (PECANS, "0.5", "0.5", "cup", "0.25")),
    ),
    "glaze": (
        ((POWDERED_SUGAR, "2", "2", "cup", "0.5"), (MILK, "3", "3", "tbsp", "1"),
         (VANILLA, "1", "1", "tsp", "0.5")),
        ((SALT, "0.25", "0.25", "tsp", "0.25"), (CORNSTARCH, "1", "1", "tsp", "0.5")),
    ),
    "assembled": (
        ((CREAM, "1", "2", "cup", "0.25"), (POWDERED_SUGAR, "0.5", "1", "cup", "0.25"),
         (VANILLA, "1", "2", "tsp", "0.5")),
        ((COCOA, "2", "3", "tbsp", "1"), (SALT, "0.25", "0.25", "tsp", "0.25"),
         (CORNSTARCH, "1", "2", "tbsp", "1")),
    ),
}  # fmt: skip

ADDINS: dict[str, Line] = {
    "chips": (CHIPS, "255", "340", "g", "5"),
    "oats": (OATS, "1.5", "3", "cup", "0.25"),
    "cranberries": (CRANBERRIES, "0.75", "1", "cup", "0.25"),
    "molasses": (MOLASSES, "2", "4", "tbsp", "1"),
    "ginger": (GINGER, "1", "2", "tsp", "0.5"),
    "cinnamon": (CINNAMON, "1", "2", "tsp", "0.5"),
    "peanut butter": (PEANUT_BUTTER, "0.75", "1", "cup", "0.25"),
    "pecans": (PECANS, "1", "1.5", "cup", "0.25"),
    "pumpkin": (PUMPKIN, "425", "425", "g", "5"),
    "cocoa": (COCOA, "0.5", "0.75", "cup", "0.25"),
    "almonds": (ALMONDS, "0.5", "1", "cup", "0.25"),
    "coconut": (COCONUT, "0.5", "1", "cup", "0.25"),
    "honey": (HONEY, "2", "3", "tbsp", "1"),
}


@dataclass(frozen=True)
class Dish:
    """A kind of recipe: its name, how it is made, and what one batch yields."""

    noun: str
    archetype: str
    addins: tuple[str, ...] = ()
    unit: str | None = None  # singular name of the finished unit; None: a sub-recipe
    items_per_batch: int | None = None
    batch_portion: str | None = None
    # the sub-recipe archetypes it is usually made with, and how likely it uses one
    subs: tuple[str, ...] = ()
    sub_chance: float = 0.0


# Level 0: sub-recipes (no finished units of their own).
SUB_DISHES: tuple[Dish, ...] = (
    Dish("buttercream", "frosting"),
    Dish("cream cheese frosting", "cc_frosting"),
    Dish("ganache", "ganache"),
    Dish("pie crust", "crust"),
    Dish("caramel sauce", "caramel"),
    Dish("streusel", "streusel"),
    Dish("shortbread base", "crust"),
    Dish("glaze", "glaze"),
)

# Level 1: what bakers give away.
DISHES: tuple[Dish, ...] = (
    Dish("sugar cookies", "cutout", (), "sugar cookie", 24, None, ("glaze", "frosting"), 0.3),
    Dish("chocolate chip cookies", "drop", ("chips",), "chocolate chip cookie", 36),
    Dish("oatmeal cookies", "drop", ("oats", "cranberries"), "oatmeal cookie", 30),
    Dish("gingerbread people", "cutout", ("molasses", "ginger", "cinnamon"),
         "gingerbread person", 20, None, ("glaze",), 0.5),
    Dish("snickerdoodles", "drop", ("cinnamon",), "snickerdoodle", 32),
    Dish("peanut butter cookies", "drop", ("peanut butter",), "peanut butter cookie", 36),
    Dish("brownies", "brownie", (), "brownie", 16, None, ("ganache",), 0.5),
    Dish("blondies", "bar", ("chips",), "blondie", 16, None, ("caramel",), 0.4),
    Dish("pecan bars", "bar", ("pecans",), "pecan bar", 24, None, ("crust", "caramel"), 0.9),
    Dish("cupcakes", "cupcake", (), "cupcake", 24, None,
         ("frosting", "cc_frosting", "ganache"), 0.9),
    Dish("quick bread", "quickbread", ("pumpkin", "cinnamon"), "loaf", None, "0.5",
         ("glaze", "streusel"), 0.4),
    Dish("cinnamon rolls", "yeast", ("cinnamon",), "cinnamon roll", 12, None,
         ("cc_frosting", "glaze"), 0.8),
    Dish("pie", "pie", ("pecans",), "pie", None, "1", ("crust",), 1.0),
    Dish("coffee cake", "cake", (), "coffee cake", None, "1", ("streusel", "glaze"), 0.8),
    Dish("shortbread", "cutout", (), "shortbread wedge", 16),
    Dish("biscotti", "bar", ("almonds",), "biscotto", 30, None, ("ganache",), 0.3),
    Dish("thumbprint cookies", "cutout", ("almonds",), "thumbprint cookie", 30),
    Dish("crinkle cookies", "drop", ("cocoa",), "crinkle cookie", 30),
    Dish("macaroons", "macaroon", ("coconut",), "macaroon", 24, None, ("ganache",), 0.4),
    Dish("muffins", "quickbread", ("honey",), "muffin", 12, None, ("streusel",), 0.5),
)  # fmt: skip

# Levels 2, 3, 4: desserts built from other recipes.
TIERED_DISHES: tuple[tuple[Dish, ...], ...] = (
    (
        Dish("layer cake", "assembled", (), "layer cake", None, "1"),
        Dish("trifle", "assembled", (), "trifle", None, "1"),
        Dish("cookie sandwiches", "assembled", (), "cookie sandwich", 18),
        Dish("ice-box cake", "assembled", (), "ice-box cake", None, "1"),
        Dish("dessert bars", "assembled", ("pecans",), "dessert bar", 24),
    ),
    (
        Dish("celebration cake", "assembled", (), "celebration cake", None, "1"),
        Dish("dessert tower", "assembled", (), "dessert tower", None, "1"),
        Dish("yule log", "assembled", ("cocoa",), "yule log", None, "1"),
    ),
    (
        Dish("grand dessert platter", "assembled", (), "grand dessert platter", None, "1"),
        Dish("croquembouche", "assembled", (), "croquembouche", None, "1"),
        Dish("gingerbread house", "assembled", ("molasses",), "gingerbread house", None, "1"),
    ),
)

FLAVORS: tuple[str, ...] = (
    "Classic", "Brown butter", "Maple", "Salted caramel", "Espresso", "Cardamom", "Orange",
    "Lemon", "Raspberry", "Cranberry", "Pistachio", "Hazelnut", "Almond", "Cinnamon",
    "Chai", "Peppermint", "Gingerbread", "Eggnog", "Pumpkin spice", "Honey", "Vanilla bean",
    "Dark chocolate", "White chocolate", "Mocha", "Coconut", "Toffee", "Butterscotch",
    "Cherry", "Apricot", "Fig", "Black sesame", "Matcha", "Earl Grey", "Lavender",
    "Rosemary", "Molasses", "Brown sugar", "Pecan", "Walnut", "Blood orange",
    "Spiced apple", "Grandma's",
)  # fmt: skip

CATEGORY_OF_ARCHETYPE = {
    "drop": "Cookies", "cutout": "Cookies", "macaroon": "Cookies", "brownie": "Bars",
    "bar": "Bars", "cupcake": "Cakes", "cake": "Cakes", "quickbread": "Breads",
    "yeast": "Breads", "pie": "Pies", "assembled": "Showpieces",
}  # fmt: skip


@dataclass(frozen=True)
class MaterialKind:
    name: str
    kind: str  # box | tin | bag | plate | ribbon | tag | liner
    base_unit: str  # each | cm
    # (brand, package quantity, package unit, price)
    product: tuple[str, str, str, str]


MATERIALS: tuple[MaterialKind, ...] = (
    MaterialKind("Kraft cookie box, 8 in", "box", "each", ("Bakery Boxes Co.", "12", "each",
                                                           "14.99")),
    MaterialKind("Round holiday tin, red", "tin", "each", ("Wilton", "6", "each", "17.99")),
    MaterialKind("Cellophane treat bag, small", "bag", "each", ("Wilton", "100", "each",
                                                                "8.99")),
    MaterialKind("Red satin ribbon", "ribbon", "cm", ("Offray", "10", "yd", "4.99")),
    MaterialKind("Gift tag, kraft", "tag", "each", ("Paper Source", "50", "each", "6.99")),
    MaterialKind("Gold paper plate, 9 in", "plate", "each", ("Party City", "20", "each",
                                                            "7.99")),
    MaterialKind("White cookie box, 8 in", "box", "each", ("Bakery Boxes Co.", "25", "each",
                                                           "24.99")),
    MaterialKind("Window cupcake box, 4-count", "box", "each", ("Wilton", "10", "each",
                                                                "12.99")),
    MaterialKind("Pie box, 10 in", "box", "each", ("Bakery Boxes Co.", "10", "each", "15.99")),
    MaterialKind("Bread loaf box", "box", "each", ("Bakery Boxes Co.", "12", "each", "13.49")),
    MaterialKind("Round holiday tin, green", "tin", "each", ("Wilton", "6", "each", "17.99")),
    MaterialKind("Square cookie tin, silver", "tin", "each", ("Kingsford", "4", "each",
                                                              "15.99")),
    MaterialKind("Cellophane treat bag, large", "bag", "each", ("Wilton", "50", "each",
                                                                "9.99")),
    MaterialKind("Green grosgrain ribbon", "ribbon", "cm", ("Offray", "25", "m", "9.99")),
    MaterialKind("Baker's twine, red and white", "ribbon", "cm", ("Divine Twine", "240", "yd",
                                                                  "12.99")),
    MaterialKind("Gold curling ribbon", "ribbon", "cm", ("Berwick", "50", "m", "3.99")),
    MaterialKind("Gift tag, snowflake", "tag", "each", ("Paper Source", "24", "each", "5.99")),
    MaterialKind("Red paper plate, 10 in", "plate", "each", ("Party City", "16", "each",
                                                            "6.99")),
    MaterialKind("Parchment liner sheet", "liner", "each", ("If You Care", "24", "each",
                                                            "5.49")),
    MaterialKind("Tissue paper sheet, white", "liner", "each", ("Hallmark", "40", "each",
                                                                "4.99")),
)  # fmt: skip

OCCASIONS: tuple[str, ...] = (
    "Holiday", "Winter", "Festive", "Neighborly", "Cozy", "Merry", "Snowy", "Jolly",
    "Family", "Thank-you", "Teacher", "Office", "Hostess", "Stocking", "Fireside", "New Year",
)  # fmt: skip
STYLES: tuple[str, ...] = (
    "cookie", "treat", "sweets", "sampler", "dessert", "bake sale", "chocolate lover's",
    "spice", "nutty", "classic", "deluxe", "petite", "grand", "mixed", "bakery",
)  # fmt: skip
# (container word, material kind it is packed in, or None)
CONTAINERS: tuple[tuple[str, str | None], ...] = (
    ("tin", "tin"), ("box", "box"), ("bag", "bag"), ("plate", "plate"), ("platter", None),
    ("basket", None), ("crate", "box"), ("sampler box", "box"), ("gift box", "box"),
    ("jar", None), ("tray", "plate"),
)  # fmt: skip

PACKAGE_FOR: tuple[str, ...] = (
    "Family", "Neighbor", "Teacher", "Office", "Grandparents'", "Church", "Book club",
    "Mail carrier", "Coach", "Nurse station",
)  # fmt: skip
PACKAGE_KIND: tuple[str, ...] = ("box", "plate", "basket", "tin")

FIRST_NAMES: tuple[str, ...] = (
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella",
    "William", "Mia", "Benjamin", "Charlotte", "Lucas", "Amelia", "Henry", "Harper",
    "Theodore", "Evelyn", "Jack", "Abigail", "Levi", "Emily", "Alexander", "Ella",
    "Jackson", "Elizabeth", "Mateo", "Camila", "Daniel", "Luna", "Michael", "Sofia",
    "Mason", "Avery", "Sebastian", "Mila", "Ethan", "Aria", "Logan", "Scarlett", "Owen",
    "Penelope", "Samuel", "Layla", "Jacob", "Chloe", "Asher", "Victoria", "Aiden",
)  # fmt: skip
LAST_NAMES: tuple[str, ...] = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
    "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
    "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White",
    "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young",
    "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green",
    "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter",
    "Roberts",
)  # fmt: skip
STREETS: tuple[str, ...] = (
    "Maple Street", "Oak Avenue", "Cedar Lane", "Elm Street", "Pine Road", "Birch Court",
    "Willow Way", "Chestnut Drive", "Walnut Street", "Spruce Lane",
)  # fmt: skip
DIETARY: tuple[str, ...] = ("nut allergy", "no dairy", "gluten-free please", "vegetarian")

SUPPLIERS: tuple[tuple[str, str, str | None], ...] = (
    ("Costco", "physical", "Route 9"),
    ("Whole Foods Market", "physical", "Main Street"),
    ("Trader Joe's", "physical", "Market Square"),
    ("King Arthur Baking", "online", None),
    ("WebstaurantStore", "online", None),
    ("Riverside Food Co-op", "physical", "Riverside Drive"),
)
LOCATIONS: tuple[str | None, ...] = (None, None, "Pantry", "Basement shelf", "Fridge", "Freezer")
