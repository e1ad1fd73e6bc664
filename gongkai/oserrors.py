"""What the system said when a file could not be read or written, in Chinese for the editor (Python's
own text, "No space left on device", is English)."""
from __future__ import annotations

import errno

REASONS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "不允许这样操作 (没有权限, 或文件被设为不可改动)",
    errno.ENOSPC: "磁盘已满 (没有剩余空间或文件数)",
    errno.EDQUOT: "超出了磁盘配额",
    errno.EROFS: "所在的磁盘是只读的",
    errno.EISDIR: "这是一个文件夹, 不是文件",
    errno.ENOTDIR: "路径中有一段是文件, 不是文件夹",
    errno.ENAMETOOLONG: "名称过长",
    errno.EEXIST: "已经存在",
    errno.ENOTEMPTY: "文件夹不是空的",
    errno.EBUSY: "正被其他程序使用",
    errno.EMFILE: "同时打开的文件过多",
    errno.ENFILE: "系统同时打开的文件过多",
    errno.EIO: "磁盘读写出错",
    errno.ELOOP: "符号链接绕成了圈",
    errno.EXDEV: "不能跨磁盘移动",
    errno.ENOMEM: "内存不足",
}


def reason(e: OSError) -> str:
    """The reason of e, in Chinese (its number when it is none of the usual ones)."""
    return REASONS.get(e.errno, f"系统错误 (错误号 {e.errno})" if e.errno else "系统错误")


def described(e: OSError) -> str:
    """The reason and the file it concerns."""
    where = f" ({e.filename})" if e.filename else ""
    return reason(e) + where
