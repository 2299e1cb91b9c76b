"""`leadarch.core.records` makes the classes `dataclasses` makes: compared feature by
feature on classes written for it, then class by class over the whole package (each
module made again with the standard library's `dataclasses`)."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
import sys
import types
import typing
from collections.abc import Callable
from typing import Any

import pytest
from leadarch.core import records

from tests.conftest import REPO

SOURCES = {
    "plain": """
@dataclass
class A:
    x: int
    y: str = "y"
    z: list = field(default_factory=list)
    c: ClassVar[int] = 3
""",
    "frozen-slots": """
@dataclass(frozen=True, slots=True)
class A:
    x: int
    y: tuple = ()
    m: Any = field(default_factory=lambda: {"k": 1}, compare=False, repr=False)
""",
    "frozen-order": """
@dataclass(frozen=True, order=True)
class A:
    x: int
    y: str = ""
    hidden: str = field(default="", compare=False)
""",
    "inherited-slots": """
@dataclass(frozen=True, slots=True)
class Base:
    where: str
    c: ClassVar[dict] = {}
    def at(self) -> str:
        return self.where

@dataclass(frozen=True, slots=True)
class A(Base):
    x: int = 0
    y: str = "y"

@dataclass(frozen=True, slots=True)
class B(A):
    y: str = "again"
    z: float = 1.5
""",
    "post-init": """
@dataclass(frozen=True)
class A:
    items: tuple
    by_name: dict = field(init=False, repr=False, compare=False)
    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {i: i for i in self.items})
""",
    "metadata": """
@dataclass(frozen=True)
class A:
    threshold: float = field(default=100.0, metadata={"help": "percent"})
    roles: Optional[tuple] = None
""",
    "explicit-hash-and-repr": """
@dataclass
class A:
    x: int = 0
    def __hash__(self) -> int:
        return 7
    def __repr__(self) -> str:
        return "mine"
""",
}
ARGS: dict[str, list[tuple[tuple[Any, ...], dict[str, Any]]]] = {
    "plain": [((1,), {}), ((1, "b"), {"z": [1]}), ((2,), {})],
    "frozen-slots": [((1,), {}), ((1, (2,)), {}), ((1,), {"m": {}})],
    "frozen-order": [((1,), {}), ((1, "a"), {"hidden": "h"}), ((0, "z"), {})],
    "inherited-slots": [(("w",), {}), (("w", 1), {"y": "b"})],
    "post-init": [(((1, 2),), {}), (((3,),), {})],
    "metadata": [((), {}), ((5.0, ("sdr",)), {})],
    "explicit-hash-and-repr": [((), {}), ((2,), {})],
}


_MADE = iter(range(10**6))


def make(source: str, implementation: types.ModuleType) -> dict[str, Any]:
    """The classes of `source`, made by `implementation`, in a module of their own (where
    `dataclasses` and pickle look classes up)."""
    module = types.ModuleType(f"twin_{implementation.__name__.split('.')[-1]}_{next(_MADE)}")
    sys.modules[module.__name__] = module
    module.__dict__.update(
        dataclass=implementation.dataclass,
        field=implementation.field,
        ClassVar=typing.ClassVar,
        Any=Any,
        Optional=typing.Optional,
    )
    exec(
        compile("from __future__ import annotations\n" + source, "<classes>", "exec"),
        module.__dict__,
    )
    return {
        k: v
        for k, v in vars(module).items()
        if isinstance(v, type) and v.__module__ == module.__name__
    }


def field_table(cls: type, fields: Callable[[Any], Any]) -> list[tuple[Any, ...]]:
    return [
        (
            f.name,
            str(f.type),
            _default(f.default),
            f.default_factory is not dataclasses.MISSING
            and f.default_factory is not records.MISSING,
            f.init,
            f.repr,
            f.compare,
            dict(f.metadata),
        )
        for f in fields(cls)
    ]


def _default(value: Any) -> Any:
    return "MISSING" if value is dataclasses.MISSING or value is records.MISSING else value


def behaviour(cls: type, fields: Callable[[Any], Any], calls: list[Any]) -> list[Any]:
    """Everything observable of a class and of instances made with these arguments."""
    seen: list[Any] = [
        [(f.name, _default(f.default)) for f in fields(cls)],
        str(inspect.signature(cls.__init__)),
        getattr(cls, "__match_args__", None),
        hasattr(cls, "__slots__"),
        cls.__hash__ is None,
        [name for name in ("__lt__", "__le__", "__gt__", "__ge__") if name in cls.__dict__],
    ]
    made = [cls(*args, **kwargs) for args, kwargs in calls]
    for a in made:
        seen.append(repr(a))
        seen.append([a == b for b in made] + [a != b for b in made] + [a == "other"])
        seen.append(hash(a) if cls.__hash__ is not None else "unhashable")
        seen.append(hasattr(a, "__dict__"))
        try:
            object.__getattribute__(a, "__setattr__")("x", 99)
            seen.append(("assigned", getattr(a, "x", None)))
        except AttributeError as exc:
            seen.append(("frozen", type(exc).__mro__[1].__name__))
        seen.append(repr(copy.copy(a)) == repr(a))
        seen.append(repr(pickle.loads(pickle.dumps(a))) == repr(a))
    if "__lt__" in cls.__dict__:
        seen.append([[a < b, a <= b, a > b, a >= b] for a in made for b in made])
    return seen


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_each_feature_behaves_as_in_dataclasses(name: str) -> None:
    ours, theirs = make(SOURCES[name], records), make(SOURCES[name], dataclasses)
    assert sorted(ours) == sorted(theirs)
    last = "B" if name == "inherited-slots" else "A"
    for class_name in sorted(ours):
        calls = ARGS[name] if class_name == last else []
        assert field_table(ours[class_name], records.fields) == field_table(
            theirs[class_name], dataclasses.fields
        )
        assert behaviour(ours[class_name], records.fields, calls) == behaviour(
            theirs[class_name], dataclasses.fields, calls
        )


def test_replace_as_dataclasses_do() -> None:
    ours, theirs = (
        make(SOURCES["frozen-order"], records)["A"],
        make(SOURCES["frozen-order"], dataclasses)["A"],
    )
    assert repr(records.replace(ours(1, "a"), y="b")) == repr(
        dataclasses.replace(theirs(1, "a"), y="b")
    )
    post = make(SOURCES["post-init"], records)["A"]
    with pytest.raises(ValueError):
        records.replace(post((1,)), by_name={})


@pytest.mark.parametrize(
    "source",
    [
        "@dataclass\nclass A:\n    x: int = 0\n    y: int\n",  # a required field after a default
        "@dataclass\nclass A:\n    x: list = []\n",  # a mutable default
        "@dataclass(frozen=True)\nclass A:\n    x: int = 0\n@dataclass\nclass B(A):\n    y: int = 0\n",
        "@dataclass(order=True)\nclass A:\n    x: int = 0\n    def __lt__(self, o): return True\n",
        "@dataclass\nclass A:\n    x: int = field(default=1, default_factory=int)\n",
    ],
)
def test_the_same_definitions_are_refused(source: str) -> None:
    errors = []
    for implementation in (records, dataclasses):
        with pytest.raises((TypeError, ValueError)) as caught:
            make(source, implementation)
        errors.append(caught.type)
    assert errors[0] == errors[1]


def _package_modules_with_records() -> list[str]:
    found = []
    for path in sorted((REPO / "plugins" / "leadarch").rglob("*.py")):
        if "\n@dataclass" in path.read_text(encoding="utf-8"):
            parts = path.relative_to(REPO / "plugins").with_suffix("").parts
            found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


MODULES = _package_modules_with_records()


def test_the_package_uses_one_dataclass_implementation() -> None:
    """Every dataclass of the package comes from records (mixing the two would break
    `fields()`), and the standard module is never imported at run time."""
    assert len(MODULES) >= 20
    for path in sorted((REPO / "plugins" / "leadarch").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            if line.startswith(("import dataclasses", "from dataclasses import")):
                raise AssertionError(f"{path}: {line} outside TYPE_CHECKING")


@pytest.mark.parametrize("name", MODULES)
def test_every_class_of_the_package_is_the_dataclass_it_says(name: str) -> None:
    """Each module, made again with the standard library's dataclasses: every class has
    the same fields, defaults, signature and methods."""
    module = __import__(name, fromlist=["_"])
    path = REPO / "plugins" / (name.replace(".", "/") + ".py")
    if not path.exists():
        path = path.with_suffix("") / "__init__.py"
    source = path.read_text(encoding="utf-8").replace(
        "from leadarch.core.records import", "from dataclasses import"
    )
    twin = types.ModuleType(name + "_twin")
    twin.__dict__["__file__"] = str(path)
    sys.modules[twin.__name__] = twin
    try:
        exec(compile(source, str(path), "exec"), twin.__dict__)
    finally:
        del sys.modules[twin.__name__]
    compared = 0
    for attr, ours in vars(module).items():
        if (
            not isinstance(ours, type)
            or ours.__module__ != name
            or "__record_fields__" not in ours.__dict__
        ):
            continue
        theirs = twin.__dict__[attr]
        assert field_table(ours, records.fields) == field_table(theirs, dataclasses.fields), attr
        assert str(inspect.signature(ours.__init__)) == str(inspect.signature(theirs.__init__))
        assert hasattr(ours, "__slots__") == hasattr(theirs, "__slots__"), attr
        assert (ours.__hash__ is None) == (theirs.__hash__ is None), attr
        for method in ("__lt__", "__setattr__", "__eq__", "__repr__"):
            assert (method in ours.__dict__) == (method in theirs.__dict__), (attr, method)
        compared += 1
    assert compared > 0
