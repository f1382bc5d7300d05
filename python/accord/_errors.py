"""Exceptions raised by the accord package."""

from __future__ import annotations

import re
from typing import Optional

__all__ = ["AccordError", "ConfigError", "BinaryNotFoundError", "Interrupted"]


class AccordError(RuntimeError):
    """accord exited with an error.

    Parameters
    ----------
    message : str
        accord's message, without the ``Error:`` prefix.
    returncode : int
        The child's exit status.
    command : list of str
        The command line that failed.
    """

    def __init__(self, message: str, returncode: int = 1, command: Optional[list] = None) -> None:
        super().__init__(message)
        self.message = message
        self.returncode = returncode
        self.command = list(command or [])


class ConfigError(AccordError):
    """A config or sweep file (or a ``--set`` value) that accord refused.

    Attributes
    ----------
    file : str or None
        The file accord named.
    line, column : int or None
        1-based position in ``file``, when accord gave one.
    key : str or None
        The key accord named (``theta``, ``factors.evidence.trials``).
    setting : str or None
        The ``--set PATH=VALUE`` the error came from, if any.
    reason : str
        The message after the location and key.
    """

    def __init__(
        self,
        message: str,
        returncode: int = 1,
        command: Optional[list] = None,
        *,
        file: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
        key: Optional[str] = None,
        setting: Optional[str] = None,
        reason: str = "",
    ) -> None:
        super().__init__(message, returncode, command)
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.setting = setting
        self.reason = reason or message


class BinaryNotFoundError(FileNotFoundError):
    """No accord binary was found (ACCORD_BIN, PATH, the repository's .build/release)."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C stopped accord; the child was stopped cleanly first.

    Attributes
    ----------
    returncode : int
        The child's exit status (130 after a clean stop).
    """

    def __init__(self, returncode: int) -> None:
        super().__init__(f"accord stopped by Ctrl-C (exit status {returncode})")
        self.returncode = returncode


# file:line:column: key: message, or file: key: message (no position). The file ends in
# .yaml/.yml (or names one of accord's inputs); the key is a config path.
_LOCATED = re.compile(
    r"(?P<file>(?:/|\.{0,2}/?)[^\s:][^:]*?\.(?:ya?ml|csv|txt))"
    r"(?::(?P<line>\d+):(?P<column>\d+))?: "
    r"(?P<key>[A-Za-z_][\w\-]*(?:(?:\.[A-Za-z_][\w\-]*)|(?:\[[^\]]*\]))*): "
    r"(?P<reason>.*)$",
    re.S,
)
_SETTING = re.compile(r"^(?P<setting>--set \S+?): ")


def parse_error(stderr: str, returncode: int, command: list) -> AccordError:
    """Turn accord's standard error into a typed exception.

    Parameters
    ----------
    stderr : str
        The child's standard error.
    returncode : int
        Its exit status.
    command : list of str
        The command line.

    Returns
    -------
    AccordError
        A :class:`ConfigError` when the message names a file and key, else an
        :class:`AccordError`.
    """
    lines = [ln for ln in stderr.splitlines() if ln.startswith("Error: ")]
    message = lines[-1][len("Error: ") :] if lines else (stderr.strip() or f"exit status {returncode}")
    setting_match = _SETTING.match(message)
    setting = setting_match.group("setting") if setting_match else None
    m = _LOCATED.search(message)
    if m:
        return ConfigError(
            message,
            returncode,
            command,
            file=m.group("file"),
            line=int(m.group("line")) if m.group("line") else None,
            column=int(m.group("column")) if m.group("column") else None,
            key=m.group("key"),
            setting=setting,
            reason=m.group("reason"),
        )
    if setting:
        return ConfigError(message, returncode, command, setting=setting, reason=message[setting_match.end():])
    return AccordError(message, returncode, command)
