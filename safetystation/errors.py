"""The one family of expected errors: each carries a plain Chinese message for the clerk.

Anything that is not a ``UserError`` is a bug and goes to the excepthook / a traceback.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path


class UserError(Exception):
    """An expected failure with a Chinese message fit to show as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class FieldError:
    """One invalid field: its column name, Chinese label and the reason."""

    field: str
    label: str
    message: str

    def __str__(self) -> str:
        return f"{self.label}：{self.message}"


class ValidationError(UserError):
    """Input that does not satisfy a ledger's rules; ``errors`` names every bad field."""

    def __init__(self, errors: list[FieldError], title: str = "输入有误"):
        self.errors = list(errors)
        super().__init__(title + "：" + "；".join(str(e) for e in self.errors))


class NotFound(UserError):
    """A record that does not exist (or is in the recycle bin)."""


class WorkflowError(UserError):
    """A step not allowed in the record's current state (e.g. closing an unverified hazard)."""


class DatabaseError(UserError):
    """The database file cannot be used: not SQLite, newer than the program, damaged, locked, read-only."""


class DatabaseDamaged(DatabaseError):
    """The file fails SQLite's quick_check: restore it from a backup."""

    def __init__(self, path: Path, detail: str):
        super().__init__(
            f"数据库“{path}”已损坏（完整性检查未通过：{detail}）。"
            "请从最近的完好备份恢复；损坏的文件会先另存，不会被删除。"
        )
        self.path = path
        self.detail = detail


def os_reason(e: OSError) -> str:
    """An operating-system error in Chinese (the English strerror would reach the clerk otherwise)."""
    reasons = {
        errno.ENOSPC: "磁盘已满",
        errno.EROFS: "所在位置只读（如写保护的U盘或光盘）",
        errno.EACCES: "没有权限",
        errno.EPERM: "没有权限",
        errno.ENOENT: "文件或文件夹不存在",
        errno.ENAMETOOLONG: "文件名太长",
        errno.EISDIR: "这是一个文件夹",
        errno.ENOTDIR: "路径中有一部分不是文件夹",
        errno.EIO: "读写出错（磁盘或U盘可能有问题）",
        errno.EEXIST: "文件已存在",
    }
    if getattr(errno, "EDQUOT", None) is not None:
        reasons[errno.EDQUOT] = "磁盘配额已满"
    return reasons.get(e.errno or 0, f"系统错误（代码 {e.errno}）")
