"""Checking recordings by their content, reading their length and (where ffmpeg is
installed) making a copy every phone plays.

The type comes from the file's first bytes (``filetype``, pure Python, no libmagic), never
from its name or the content type the browser sent: a text file named ``.mp3`` is refused.
The length comes from ``mutagen`` (pure Python); it reads MP3, Ogg/Opus, MP4/M4A and WAV
but not WebM (what Chromium's recorder makes), whose length ffprobe reads when installed.
"""

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

import filetype
import mutagen

logger = logging.getLogger(__name__)

# What filetype reports -> the type we store and serve. WebM and MP4 are containers that
# filetype names as video; a browser recording is audio in them.
ACCEPTED = {
    "audio/mpeg": "audio/mpeg",
    "audio/ogg": "audio/ogg",
    "audio/mp4": "audio/mp4",
    "video/mp4": "audio/mp4",
    "audio/x-wav": "audio/wav",
    "video/webm": "audio/webm",
}

SNIFF_BYTES = 8192


def sniff_audio_type(fileobj) -> str | None:
    """The stored type of an accepted recording, from its content, or None."""
    position = fileobj.tell() if hasattr(fileobj, "tell") else 0
    fileobj.seek(0)
    head = fileobj.read(SNIFF_BYTES)
    fileobj.seek(position)
    kind = filetype.guess(head)
    return ACCEPTED.get(kind.mime) if kind else None


def read_duration(fileobj) -> float | None:
    """Seconds of audio, or None when the format does not say (WebM) or is unreadable."""
    fileobj.seek(0)
    try:
        audio = mutagen.File(fileobj)
    except Exception:  # mutagen raises many kinds of errors on damaged files
        logger.info("mutagen could not read a recording", exc_info=True)
        audio = None
    finally:
        fileobj.seek(0)
    length = getattr(getattr(audio, "info", None), "length", None)
    return float(length) if length else None


def ffprobe_duration(path: Path) -> float | None:
    binary = shutil.which("ffprobe")
    if not binary:
        return None
    result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [binary, "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    try:
        return float(result.stdout.strip())
    except ValueError:
        return None


def transcode_to_m4a(source: Path) -> Path | None:
    """An AAC copy in an M4A container (plays on every phone browser), or None when ffmpeg
    is missing or fails. The caller deletes the returned temporary file."""
    binary = shutil.which("ffmpeg")
    if not binary:
        return None
    target = Path(tempfile.mkstemp(suffix=".m4a")[1])
    result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [binary, "-nostdin", "-y", "-v", "error", "-i", str(source), "-vn", "-c:a", "aac"]
        + ["-b:a", "64k", "-movflags", "+faststart", str(target)],
        capture_output=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0 or not target.stat().st_size:
        logger.warning("ffmpeg could not transcode a recording: %s", result.stderr[-500:])
        target.unlink(missing_ok=True)
        return None
    return target
