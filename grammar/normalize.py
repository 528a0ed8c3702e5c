"""Folding text for matching, without moving a single offset.

Positions are reported on the original text, so every fold here is one character for one
character (`fold(s)` has the length of `s`): full-width ASCII → ASCII, U+3000/NBSP/other
spaces → space, Traditional → Simplified for the template's vocabulary. Whitespace removal,
which does move offsets, only happens in `key()`, whose result is used for lookups only.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Traditional → Simplified for the characters of the template's labels and of the prose
# around them (reports published in Traditional characters). One character each, so offsets stay put.
_TRAD = (
    "總體況動開務資訊處請復議訟問題進報條項內製數對規範檔關係為據於組織業機構會計結轉辦區這險穩護權類過執詢"
    "無補確訪舉訴複當認獲維糾審經廢現發費採購額單萬許罰強減決與號廳國實際應屬將聯網專欄縣鎮鄉導領責紀違監評價"
    "產設們來時間長電話種點見個從後還戶門劃層質圍續擔錄創極態統樣準則細稅簽參兩漢環廣東歷誤錯讓談講說識變雜難離"
    "標貫徹規範條辦獎給徵檢處製訂頒佈調查務歸納參閱際幹級與書記錄議產陳舊變動態漸齊齡際鬆覽"
    "繼濟衛醫療團黨礎節護遞鄰潔辭擬蘇"
)
_SIMP = (
    "总体况动开务资讯处请复议讼问题进报条项内制数对规范档关系为据于组织业机构会计结转办区这险稳护权类过执询"
    "无补确访举诉复当认获维纠审经废现发费采购额单万许罚强减决与号厅国实际应属将联网专栏县镇乡导领责纪违监评价"
    "产设们来时间长电话种点见个从后还户门划层质围续担录创极态统样准则细税签参两汉环广东历误错让谈讲说识变杂难离"
    "标贯彻规范条办奖给征检处制订颁布调查务归纳参阅际干级与书记录议产陈旧变动态渐齐龄际松览"
    "继济卫医疗团党础节护递邻洁辞拟苏"
)
assert len(_TRAD) == len(_SIMP)

_FOLD = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}          # full-width ASCII
_FOLD.update({ord(c): " " for c in "\u3000\u00a0\u2002\u2003\u2009\u200a\u202f\u205f\t\v\f"})
_FOLD.update({ord(t): s for t, s in zip(_TRAD, _SIMP)})
_FOLD.update({ord("〔"): "[", ord("〕"): "]", ord("【"): "[", ord("】"): "]",
              ord("—"): "-", ord("－"): "-", ord("−"): "-", ord("．"): ".",
              ord("“"): '"', ord("”"): '"', ord("‘"): "'", ord("’"): "'"})


# folding only the runs that change: `str.translate` with a dict looks up every character,
# three times slower on a report, where most characters (CJK) fold to themselves
_FOLD_RUN = re.compile("[" + re.escape("".join(map(chr, _FOLD))) + "]+")


def _fold_run(m: re.Match) -> str:
    return m.group().translate(_FOLD)


_ASCII_FOLD = str.maketrans("\t\v\f", "   ")      # all `fold` changes in ASCII


def fold(s: str) -> str:
    """Same-length folded copy of `s` for matching."""
    if s.isascii():                 # a cell's digits, a numbering: no regex (isascii is a flag)
        return s.translate(_ASCII_FOLD) if "\t" in s or "\v" in s or "\f" in s else s
    return _FOLD_RUN.sub(_fold_run, s)


def fold_char(c: str) -> str:
    """`fold` of one character (asked of every line's first: no regex needed)."""
    return c.translate(_FOLD)


# what the phrase searches of the rules (digits, dashes, keywords) would see differently folded;
# the rest of `fold` (full-width punctuation and letters, spaces) they treat alike either way
_PHRASE_RUN = re.compile("[０-９－—−．" + re.escape(_TRAD) + "]+")


def fold_phrases(s: str) -> str:
    """`s` with the characters the NB4xx phrase searches need folded, folded; same length.
    A report has few of them (a dash here and there), so this costs a regex scan where
    `fold(s)` costs a dictionary lookup per character. Line by line, each line's cached (the
    scan costs ~0.2 ms on 30 KB, a whole lint ~2 ms; the editor reads the report again at
    each keystroke), but for lines too long to keep (a page whose text is one line)."""
    lines = s.split("\n")
    if max(map(len, lines)) <= 2000:          # (by `map`: no Python frame per line)
        return "\n".join(map(_phrases_line, lines))
    return "\n".join([_phrases_line(line) if len(line) <= 2000 else _PHRASE_RUN.sub(_fold_run, line)
                      for line in lines])


@lru_cache(maxsize=8192)
def _phrases_line(line: str) -> str:
    return _PHRASE_RUN.sub(_fold_run, line)


# Taiwan wording in Traditional copies (020.txt: 規範性檔案 for 规范性文件).
_WORDS = (("档案", "文件"),)


assert all(len(old) == len(new) for old, new in _WORDS)


def unify_words(s: str) -> str:
    """Regional wording unified (档案 → 文件); same length, so offsets stay put."""
    for old, new in _WORDS:
        if old in s:
            s = s.replace(old, new)
    return s


@lru_cache(maxsize=16384)
def key(s: str) -> str:
    """Lookup key: folded, all whitespace removed (`str.split` splits where `\\s` matches),
    regional wording unified."""
    return unify_words("".join(fold(s).split()))


def is_blank(s: str) -> bool:
    return not fold(s).strip()
