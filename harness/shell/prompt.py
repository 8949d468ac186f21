"""PS1 expansion: bash's backslash escapes (HMC) and $VAR / ${VAR} (both flavours), no commands run."""

from __future__ import annotations

import datetime as dt


class Prompting:
    """Mixin for Shell: PS1 rendering."""

    def _prompt_escapes(self, ps1: str) -> str:
        user = str(getattr(self.session, "user", ""))
        host = str(getattr(self.session, "hostname", ""))
        now = _now(self.session)
        home = self.vars.get("HOME", "")
        pwd = self.vars.get("PWD", "/")
        w = "~" + pwd[len(home):] if home and (pwd == home or pwd.startswith(home.rstrip("/") + "/")) else pwd
        table = {
            "u": user, "h": host.split(".")[0], "H": host, "w": w,
            "W": "~" if w == "~" else (pwd.rsplit("/", 1)[-1] or "/"),
            "$": "#" if user == "root" else "$", "n": "\n", "r": "\r", "\\": "\\", "[": "", "]": "",
            "a": "\a", "e": "\x1b", "s": self.flavour.shell_name, "v": "4.4", "V": "4.4.20",
            "t": now.strftime("%H:%M:%S"), "T": now.strftime("%I:%M:%S"), "@": now.strftime("%I:%M %p"),
            "A": now.strftime("%H:%M"), "d": now.strftime("%a %b %d"), "j": "0", "l": "pts/0",
            "!": "1", "#": "1",
        }
        out, i = [], 0
        while i < len(ps1):
            c = ps1[i]
            if c == "\\" and i + 1 < len(ps1):
                d = ps1[i + 1]
                if d in table:
                    out.append(table[d])
                    i += 2
                    continue
                if d in "01234567":
                    k = i + 1
                    while k < len(ps1) and k < i + 4 and ps1[k] in "01234567":
                        k += 1
                    out.append(chr(int(ps1[i + 1:k], 8)))
                    i = k
                    continue
            out.append(c)
            i += 1
        return "".join(out)

    def _prompt_params(self, text: str) -> str:
        if "$" not in text:
            return text
        out, i, n = [], 0, len(text)
        while i < n:
            c = text[i]
            if c == "$" and i + 1 < n:
                if text[i + 1] == "{":
                    end = text.find("}", i + 2)
                    if end > 0:
                        out.append(self.get_param(text[i + 2:end]) or "")
                        i = end + 1
                        continue
                j = i + 1
                while j < n and (text[j].isalnum() or text[j] == "_"):
                    j += 1
                if j > i + 1:
                    out.append(self.get_param(text[i + 1:j]) or "")
                    i = j
                    continue
            out.append(c)
            i += 1
        return "".join(out)


def _now(session):
    try:
        return session.now()
    except Exception:  # noqa: BLE001 - a broken clock must not break the prompt
        return dt.datetime(2026, 1, 1)
