"""The keys a person remaps in settings.toml's `[keys]` table, checked against coach's bindings.

Every coach `Binding` has an id (`home.checkin`); `[keys]` maps ids to Textual key strings,
and `CoachApp` hands the entries that pass these checks to `App.set_keymap`, which rebinds
them on every screen (the footer and the help screen show the new keys). An entry is refused,
named in the settings problems, when its id is no binding of coach's, when a key is not one
Textual knows, or when its key is already held by another binding of the same screen or widget
(Textual would silently drop that other binding), or when it would give a key that types (`e`,
`space`) to a binding taken before the focused field sees its keys (a priority binding such as
ctrl+p: every `e` typed in a note would open the palette). A refused binding keeps its default
key.

The screen and widget modules are imported to read their bindings only when `[keys]` has
entries: start-up without one costs nothing. Hints that name a key ask `shown_keys`.
"""

from __future__ import annotations

import difflib
import importlib
import inspect
from collections.abc import Mapping

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import Keys, key_to_character
from textual.screen import Screen

from coach.settings import KEY_EXPECTED, keys_problem

#: The packages whose classes bind coach's keys (the app's own class is passed in).
BINDING_PACKAGES = ("coach.screens", "coach.widgets")
MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
#: The keys Textual names that are not characters: escape, enter, f1…f24, pageup, space…
NAMED_KEYS = frozenset(
    key.value for key in Keys if "+" not in key.value and key.value.isidentifier()
)


def binding_classes(app_class: type[DOMNode]) -> list[type[DOMNode]]:
    """`app_class` and every screen and widget class of coach that declares BINDINGS."""
    import pkgutil  # only with [keys] entries: home names its keys without it at start-up

    classes = [app_class]
    for package_name in BINDING_PACKAGES:
        package = importlib.import_module(package_name)
        for module_info in pkgutil.iter_modules(package.__path__, prefix=f"{package_name}."):
            module = importlib.import_module(module_info.name)
            classes.extend(
                member
                for _name, member in inspect.getmembers(module, inspect.isclass)
                if issubclass(member, DOMNode)
                and member.__module__ == module.__name__
                and "BINDINGS" in vars(member)
            )
    return classes


def default_keys(classes: list[type[DOMNode]]) -> dict[str, str]:
    """Binding id → its key string as declared ("escape,k"), for the bindings of `classes`."""
    return {
        binding.id: binding.key
        for owner in classes
        for binding in vars(owner)["BINDINGS"]
        if isinstance(binding, Binding) and binding.id
    }


#: Keys the footer shows as a symbol that a sentence names in words.
_IN_WORDS = {"⏎": "Enter"}


def shown_keys(screen: Screen, binding_id: str) -> str:
    """The keys that run `binding_id` on `screen` now, [keys] applied, as the footer shows
    them ("c", "esc or q") but for Enter, written as a word. For hints that name a key."""
    shown = (
        screen.app.get_key_display(active.binding)
        for active in screen.active_bindings.values()
        if active.binding.id == binding_id
    )
    return " or ".join(dict.fromkeys(_IN_WORDS.get(key, key) for key in shown))


def is_key(key: str) -> bool:
    """A key Textual can bind: "x", "?", "ctrl+x", "f5", "shift+tab", "question_mark"…"""
    *modifiers, base = key.strip().split("+")
    if len(set(modifiers)) != len(modifiers) or not MODIFIERS.issuperset(modifiers):
        return False
    if len(base) == 1:
        # A lone character is named by Textual; after a modifier only letters and digits are.
        return base.isalnum() if modifiers else base.isprintable() and not base.isspace()
    return base in NAMED_KEYS or key_to_character(base) is not None


def types(key: str) -> bool:
    """Whether a text field types `key` ("e", "?", "space"), rather than acting on it."""
    *modifiers, base = key.strip().split("+")
    character = base if len(base) == 1 else key_to_character(base)
    return not modifiers and character is not None and character.isprintable()


def taken_before_fields(classes: list[type[DOMNode]]) -> set[str]:
    """The ids of the bindings taken before the focused widget sees a key (priority), whose
    own keys type nothing: given a key that types, they would take it from every text field.
    (The check-in's answer digits are priority too, but pass a key on when no scale is
    focused: their default keys type, so they are not among these.)"""
    return {
        binding.id
        for owner in classes
        for binding in vars(owner)["BINDINGS"]
        if isinstance(binding, Binding)
        and binding.id
        and binding.priority
        and not any(types(key) for key in _keys(binding.key))
    }


def check_keymap(
    wanted: Mapping[str, str], app_class: type[DOMNode]
) -> tuple[dict[str, str], list[str]]:
    """The `[keys]` entries that can be applied, and one problem for each that cannot."""
    if not wanted:
        return {}, []
    classes = binding_classes(app_class)
    defaults = default_keys(classes)
    before_fields = taken_before_fields(classes)
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in wanted.items():
        if binding_id not in defaults:
            close = difflib.get_close_matches(binding_id, defaults, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            problems.append(
                keys_problem(binding_id, f"coach has no key with this id{hint}; ignored.")
            )
        elif not all(is_key(key) for key in keys.split(",")):
            problems.append(
                keys_problem(
                    binding_id,
                    f'expected {KEY_EXPECTED}, got "{keys}"; using the default, '
                    f'"{defaults[binding_id]}".',
                )
            )
        elif binding_id in before_fields and any(types(key) for key in _keys(keys)):
            problems.append(
                keys_problem(
                    binding_id,
                    f'"{keys}" is a key a text field types, and {binding_id} is taken before '
                    f'the field sees it; using the default, "{defaults[binding_id]}".',
                )
            )
        else:
            keymap[binding_id] = keys
    clashes = _clashes(keymap, classes)
    for binding_id in [binding_id for binding_id in keymap if binding_id in clashes]:
        holder = clashes[binding_id]
        problems.append(
            keys_problem(
                binding_id,
                f'"{keymap.pop(binding_id)}" is already the key of {holder} on the same screen; '
                f'using the default, "{defaults[binding_id]}".',
            )
        )
    return keymap, problems


def _keys(keys: str) -> list[str]:
    """Textual's names for the keys of a key string: "?, k" → ["question_mark", "k"]."""
    return [binding.key for binding in Binding.make_bindings([Binding(keys, "")])]


def _clashes(keymap: Mapping[str, str], classes: list[type[DOMNode]]) -> dict[str, str]:
    """The remapped ids whose key another binding of the same class (or its bases) holds, or,
    on a screen or widget, one of the app's priority bindings (`classes` begins with the app).

    Each maps to that other binding (its id, or its action when Textual's own). Taken out one
    round at a time, as each one taken out gets its default key back, which can clash in turn.
    """
    remapped = {binding_id: _keys(keys) for binding_id, keys in keymap.items()}
    app_class, *screens_and_widgets = classes
    # The app's priority bindings (quit, the palette) hold their keys on every screen.
    app_first = [
        binding
        for bindings in app_class._merge_bindings().key_to_bindings.values()
        for binding in bindings
        if binding.priority
    ]
    clashing: dict[str, str] = {}
    while True:
        found: dict[str, str] = {}
        for owner in classes:
            holders: dict[str, list[str]] = {}
            declared = [
                binding
                for base in reversed(owner.__mro__)
                for binding in Binding.make_bindings(vars(base).get("BINDINGS", ()))
            ]
            for binding in declared + (app_first if owner in screens_and_widgets else []):
                name = binding.id or binding.action
                for key in remapped.get(name, [binding.key]):
                    holders.setdefault(key, []).append(name)
            for names in holders.values():
                for name in names:
                    others = [other for other in names if other != name]
                    if name in remapped and others:
                        found.setdefault(name, others[0])
        if not found:
            return clashing
        for name, holder in found.items():
            del remapped[name]
            clashing[name] = holder
