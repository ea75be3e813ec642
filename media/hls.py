"""The HLS master playlist: one variant per rung (peak and average bandwidth measured on the segments, as
Apple's HLS authoring specification defines them, CODECS read from the encoded stream) and an audio-only
variant (CODECS="mp4a.40.2") that native HLS players fall back to on the weakest connections."""

import math
import re
from dataclasses import dataclass
from pathlib import Path

_EXTINF = re.compile(r"#EXTINF:([\d.]+),?[^\n]*\n([^\n#][^\n]*)")
AAC_OBJECT_TYPES = {"LC": 2, "HE-AAC": 5, "HE-AACv2": 29}
DEFAULT_VIDEO_CODEC = "avc1.640028"  # High profile, level 4.0: when the stream does not say


@dataclass(frozen=True)
class Variant:
    uri: str
    bandwidth: int  # peak segment bit rate, bit/s
    average_bandwidth: int
    codecs: str
    total_bytes: int = 0
    width: int = 0
    height: int = 0


def measure(playlist: Path) -> dict:
    """Peak segment bit rate, average bit rate and total size of a variant, from its segments on disk."""
    text = playlist.read_text()
    peak, total_bytes, total_seconds = 0, 0, 0.0
    for seconds, uri in _EXTINF.findall(text):
        size = (playlist.parent / uri.strip()).stat().st_size
        duration = max(float(seconds), 0.001)
        peak = max(peak, math.ceil(size * 8 / duration))
        total_bytes += size
        total_seconds += duration
    average = math.ceil(total_bytes * 8 / total_seconds) if total_seconds else 0
    return {
        "bandwidth": max(peak, average, 1),
        "average_bandwidth": max(average, 1),
        "total_bytes": total_bytes,
    }


def video_codec_string(mp4_path: str) -> str:
    """`avc1.PPCCLL` from the H.264 decoder configuration (avcC box) of a fast-start MP4."""
    with open(mp4_path, "rb") as fh:
        head = fh.read(8 * 1024 * 1024)  # moov is first (+faststart); its avcC is in the first kilobytes
    at = head.find(b"avcC")
    if at < 0 or len(head) < at + 8:
        return DEFAULT_VIDEO_CODEC
    profile, constraints, level = head[at + 5], head[at + 6], head[at + 7]
    return f"avc1.{profile:02x}{constraints:02x}{level:02x}"


def audio_codec_string(aac_profile: str) -> str:
    return f"mp4a.40.{AAC_OBJECT_TYPES.get(aac_profile, 2)}"


def master_playlist(variants: list[Variant]) -> str:
    lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-INDEPENDENT-SEGMENTS"]
    for v in variants:
        attrs = f'BANDWIDTH={v.bandwidth},AVERAGE-BANDWIDTH={v.average_bandwidth},CODECS="{v.codecs}"'
        if v.height:
            attrs += f",RESOLUTION={v.width}x{v.height}"
        lines += [f"#EXT-X-STREAM-INF:{attrs}", v.uri]
    return "\n".join(lines) + "\n"
