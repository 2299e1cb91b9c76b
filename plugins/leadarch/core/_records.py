"""The implementation behind `leadarch.core.records` (which says why it exists)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

T = TypeVar("T")


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


class _Factory:
    def __repr__(self) -> str:
        return "<factory>"  # what a dataclass's signature shows for a default_factory


MISSING: Any = _Missing()
_FACTORY: Any = _Factory()
_EMPTY_METADATA: Mapping[Any, Any] = MappingProxyType({})


class FrozenInstanceError(AttributeError):
    pass


class Field:
    __slots__ = (
        "compare",
        "default",
        "default_factory",
        "init",
        "metadata",
        "name",
        "repr",
        "type",
    )

    def __init__(
        self,
        default: Any,
        default_factory: Any,
        init: bool,
        repr: bool,
        compare: bool,
        metadata: Mapping[Any, Any] | None,
    ) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name = ""
        self.type: Any = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.compare = compare
        self.metadata = _EMPTY_METADATA if metadata is None else MappingProxyType(dict(metadata))

    def __repr__(self) -> str:
        return f"Field(name={self.name!r}, default={self.default!r}, default_factory={self.default_factory!r})"


def field(
    *,
    default: Any = MISSING,
    default_factory: Any = MISSING,
    init: bool = True,
    repr: bool = True,
    compare: bool = True,
    metadata: Mapping[Any, Any] | None = None,
) -> Any:
    return Field(default, default_factory, init, repr, compare, metadata)


def fields(class_or_instance: Any) -> tuple[Field, ...]:
    try:
        found: tuple[Field, ...] = class_or_instance.__record_fields__
    except AttributeError:
        raise TypeError("must be called with a dataclass type or instance") from None
    return found


def replace(obj: T, /, **changes: Any) -> T:
    for f in fields(obj):
        if f.init and f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
        elif not f.init and f.name in changes:
            raise ValueError(f"field {f.name} is declared with init=False, it cannot be specified")
    return obj.__class__(**changes)


def dataclass(
    cls: type[T] | None = None,
    /,
    *,
    frozen: bool = False,
    slots: bool = False,
    order: bool = False,
) -> Any:
    def wrap(cls: type[T]) -> type[T]:
        return _make(cls, frozen, slots, order)

    return wrap if cls is None else wrap(cls)


def _is_class_var(annotation: Any) -> bool:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar", "t.ClassVar"))


def _own_annotations(cls: type) -> dict[str, Any]:
    """The class's own annotations, not its bases' (`inspect` would cost its import)."""
    found = cls.__dict__.get("__annotations__")  # noqa: RUF063
    if found is None and "__annotate__" in cls.__dict__:  # Python 3.14+: made when first read
        found = cls.__annotations__
    return dict(found or {})


def _make(cls: type[T], frozen: bool, slots: bool, order: bool) -> type[T]:
    inherited: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for f in base.__dict__.get("__record_fields__", ()):
            inherited[f.name] = f
    for base in cls.__mro__[1:]:
        flag = base.__dict__.get("__record_frozen__")
        if flag is not None and flag != frozen:
            raise TypeError("cannot inherit frozen dataclass from a non-frozen one, or the reverse")
    own: dict[str, Field] = {}
    for name, annotation in _own_annotations(cls).items():
        if _is_class_var(annotation):
            continue
        value = cls.__dict__.get(name, MISSING)
        made = value if isinstance(value, Field) else Field(value, MISSING, True, True, True, None)
        if made.default is not MISSING and made.default.__class__.__hash__ is None:
            raise ValueError(
                f"mutable default {type(made.default)} for field {name} is not allowed: use default_factory"
            )
        made.name, made.type = name, annotation
        own[name] = made
    ordered = tuple({**inherited, **own}.values())  # declared again: same place, new default
    _check_defaults(ordered)
    made_attributes: dict[str, Any] = {
        "__record_fields__": ordered,
        "__record_frozen__": frozen,
        "__init__": _init(cls, ordered, frozen),
    }
    if "__match_args__" not in cls.__dict__:
        made_attributes["__match_args__"] = tuple(f.name for f in ordered if f.init)
    if "__repr__" not in cls.__dict__:
        made_attributes["__repr__"] = _repr
    class_hash = cls.__dict__.get("__hash__", MISSING)
    explicit_hash = not (class_hash is MISSING or (class_hash is None and "__eq__" in cls.__dict__))
    if "__eq__" not in cls.__dict__:
        made_attributes["__eq__"] = _eq
    if not explicit_hash:  # as dataclasses: frozen and equal by value, hashed by value
        made_attributes["__hash__"] = _hash if frozen else None
    if order:
        for name, compare in _ORDER.items():
            if name in cls.__dict__:
                raise TypeError(f"cannot overwrite attribute {name} in class {cls.__name__}")
            made_attributes[name] = compare
    if frozen:
        made_attributes["__setattr__"] = _frozen_setattr
        made_attributes["__delattr__"] = _frozen_delattr
    if not slots:
        for name, value in made_attributes.items():
            setattr(cls, name, value)
        for name, f in own.items():  # a default stays a class attribute, as in dataclasses
            if f.default is MISSING and name in cls.__dict__:
                delattr(cls, name)
            elif f.default is not MISSING:
                setattr(cls, name, f.default)
        return cls
    if "__slots__" in cls.__dict__:
        raise TypeError(f"{cls.__name__} already specifies __slots__")
    in_base_slots = {s for base in cls.__mro__[1:-1] for s in base.__dict__.get("__slots__", ())}
    namespace = {k: v for k, v in cls.__dict__.items() if k not in own}
    namespace.pop("__dict__", None)
    namespace.pop("__weakref__", None)
    namespace.update(made_attributes)
    namespace["__slots__"] = tuple(f.name for f in ordered if f.name not in in_base_slots)
    if frozen:
        namespace["__getstate__"] = _getstate
        namespace["__setstate__"] = _setstate
    metaclass: Any = type(cls)
    made_cls: type[T] = metaclass(cls.__name__, cls.__bases__, namespace)
    made_cls.__qualname__ = cls.__qualname__
    made_init: Any = made_cls.__init__
    made_init.__qualname__ = f"{cls.__qualname__}.__init__"
    return made_cls


def _check_defaults(ordered: tuple[Field, ...]) -> None:
    seen_default = False
    for f in ordered:
        if not f.init:
            continue
        has_default = f.default is not MISSING or f.default_factory is not MISSING
        if seen_default and not has_default:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")
        seen_default = seen_default or has_default


def _init(cls: type, ordered: tuple[Field, ...], frozen: bool) -> Callable[..., None]:
    """One compiled `__init__` with the class's fields as parameters, in order."""
    scope: dict[str, Any] = {"_FACTORY": _FACTORY, "_set": object.__setattr__}
    params, body = [], []
    for n, f in enumerate(ordered):
        if f.init:
            if f.default_factory is not MISSING:
                params.append(f"{f.name}=_FACTORY")
                scope[f"_factory_{n}"] = f.default_factory
                value = f"_factory_{n}() if {f.name} is _FACTORY else {f.name}"
            elif f.default is not MISSING:
                scope[f"_default_{n}"] = f.default
                params.append(f"{f.name}=_default_{n}")
                value = f.name
            else:
                params.append(f.name)
                value = f.name
        elif f.default_factory is not MISSING:
            scope[f"_factory_{n}"] = f.default_factory
            value = f"_factory_{n}()"
        elif f.default is not MISSING:
            scope[f"_default_{n}"] = f.default
            value = f"_default_{n}"
        else:
            continue  # init=False, no default: set by __post_init__
        body.append(
            f"  _set(self, {f.name!r}, {value})" if frozen else f"  self.{f.name} = {value}"
        )
    if "__post_init__" in dir(cls):
        body.append("  self.__post_init__()")
    source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "  pass") + "\n"
    exec(source, scope)  # the names and defaults of our own classes only
    made: Callable[..., None] = scope["__init__"]
    made.__qualname__ = f"{cls.__qualname__}.__init__"
    made.__annotations__ = {f.name: f.type for f in ordered if f.init} | {"return": None}
    return made


def _values(self: Any) -> tuple[Any, ...]:
    return tuple(getattr(self, f.name) for f in self.__record_fields__ if f.compare)


def _repr(self: Any) -> str:
    shown = ", ".join(
        f"{f.name}={getattr(self, f.name)!r}" for f in self.__record_fields__ if f.repr
    )
    return f"{self.__class__.__qualname__}({shown})"


def _eq(self: Any, other: Any) -> Any:
    if self is other:
        return True
    if other.__class__ is self.__class__:
        return _values(self) == _values(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(_values(self))


def _ordered(compare: Callable[[tuple[Any, ...], tuple[Any, ...]], bool]) -> Callable[..., Any]:
    def method(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return compare(_values(self), _values(other))
        return NotImplemented

    return method


_ORDER = {
    "__lt__": _ordered(lambda a, b: a < b),
    "__le__": _ordered(lambda a, b: a <= b),
    "__gt__": _ordered(lambda a, b: a > b),
    "__ge__": _ordered(lambda a, b: a >= b),
}


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(self: Any) -> list[Any]:
    return [getattr(self, f.name) for f in self.__record_fields__]


def _setstate(self: Any, state: list[Any]) -> None:
    for f, value in zip(self.__record_fields__, state, strict=True):
        object.__setattr__(self, f.name, value)
