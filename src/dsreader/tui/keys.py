"""Key names, with the twins a Korean keyboard layout sends."""

from __future__ import annotations

# The 2-set Korean layout: what the terminal sends for each key while Hangul is on.
KOREAN = dict(
    zip(
        "qwertyuiopasdfghjklzxcvbnm",
        "ㅂㅈㄷㄱㅅㅛㅕㅑㅐㅔㅁㄴㅇㄹㅎㅗㅓㅏㅣㅋㅌㅊㅍㅠㅜㅡ",
        strict=False,
    )
)


def keys(*names: str) -> str:
    """A binding's keys plus their Korean-layout twins."""
    out = []
    for name in names:
        out.append(name)
        if len(name) == 1 and name in KOREAN:
            out.append(KOREAN[name])
    return ",".join(out)
