"""The interface's own words in Taiwan usage, for the 繁體 edition.

OpenCC's s2tw converts characters only (the statements must stay the text as
published), so interface words come out as mainland vocabulary in Traditional
characters: 搜索, 鏈接, 數據, 打印. This table replaces them in the site's own
strings — templates, theme strings, footer — after conversion, and is never
applied to statement text, which reaches pages through template variables.

The longest word wins, so an entry that keeps a phrase as it is protects it
from a shorter one: 文件 is a file on disk (檔案) in 本文件 and 數據文件, but a
document, as Taiwan writes it too, in 文件類型 and 聯合文件 (a document type).
OpenCC is not the cause there: s2tw gives 文件類型, and the phrase files in
opencc/ act before this table, so they cannot keep it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Mainland word in Traditional characters → Taiwan usage, per edition language.
WORDS = {
    "zh-Hant": {
        "搜索": "搜尋", "鏈接": "連結", "數據": "資料", "打印": "列印", "網絡": "網路", "軟件": "軟體",
        "字段": "欄位", "默認": "預設", "信息": "資訊", "文件": "檔案", "屏幕": "螢幕", "代碼": "代碼",
        "視頻": "影片", "程序": "程式", "用戶": "使用者", "界面": "介面", "菜單": "選單", "剪貼板": "剪貼簿",
        "設置": "設定", "支持": "支援", "在線": "線上", "離線": "離線", "導航": "導覽", "服務器": "伺服器",
        "文件類型": "文件類型", "聯合文件": "聯合文件",  # 文件 a document here, not a file: kept (see above)
    },
}


def ui_words(lang: str) -> Callable[[str], str]:
    """The replacement for an edition's interface strings (identity for editions with no table)."""
    table = WORDS.get(lang, {})
    if all(k == v for k, v in table.items()):
        return lambda text: text
    pattern = re.compile("|".join(sorted(map(re.escape, table), key=len, reverse=True)))
    return lambda text: pattern.sub(lambda m: table[m.group()], text)
