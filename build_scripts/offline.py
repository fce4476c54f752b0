"""The offline download: the file://-ready build of both editions as one deterministic zip."""

from __future__ import annotations

import io
import os
import time
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def zip_tree(root: Path, epoch: int) -> bytes:
    """Every file under root, in sorted order, stamped with the source date: same input, same bytes."""
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip dates start in 1980
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(root).as_posix(), date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return out.getvalue()


def run_in_parallel(run: Callable[[object], None], jobs: Iterable[object]) -> None:
    """run(job) for every job, as many at once as there are cores (each job is an MkDocs subprocess, so threads
    suffice); every job finishes before the first failure is raised."""
    jobs = list(jobs)
    with ThreadPoolExecutor(max_workers=max(1, min(len(jobs), os.cpu_count() or 1))) as pool:
        futures = [pool.submit(run, job) for job in jobs]
    for future in futures:
        future.result()
