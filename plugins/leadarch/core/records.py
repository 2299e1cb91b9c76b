"""`dataclass`, `field`, `fields`, `replace`: the standard library's, for a tenth of the cost.

Why not `dataclasses` itself: a lint is a short process, and making a class with
`@dataclasses.dataclass` costs about half a millisecond (it writes and compiles up to
seven methods, and a slotted class is made twice). The package has some eighty of them:
that was the largest fixed cost of `leadarch lint`. `leadarch.core._records` makes the
same classes with one compiled `__init__` each; repr, equality, ordering, hashing and
freezing are shared methods that read the class's field list.

It does the subset of `dataclasses` the package uses, the same way (tests/test_records.py
compares the two feature by feature, and every class of the package with its twin made
by `dataclasses`): `frozen`, `slots`, `order`; `field(default, default_factory, init,
repr, compare, metadata)`; `__post_init__`; inheritance. Anything else is a TypeError,
never a silent difference. (One difference left on purpose: a class without a docstring
gets none, where `dataclasses` would compute one from its signature with `inspect`.)

Every module of the package imports these names from here, never from `dataclasses`;
type checkers see the standard library's, which they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dataclasses import MISSING as MISSING
    from dataclasses import Field as Field
    from dataclasses import FrozenInstanceError as FrozenInstanceError
    from dataclasses import dataclass as dataclass
    from dataclasses import field as field
    from dataclasses import fields as fields
    from dataclasses import replace as replace
else:
    from leadarch.core._records import (
        MISSING,
        Field,
        FrozenInstanceError,
        dataclass,
        field,
        fields,
        replace,
    )

__all__ = ["MISSING", "Field", "FrozenInstanceError", "dataclass", "field", "fields", "replace"]
