"""The intro title card: trilingual title and speaker, composed with moviepy (compositing is where moviepy's
frame pipeline is worth it; the few seconds it renders are concatenated by ffmpeg in the main pass, which
also adds the card's silent audio).

The text is drawn with PIL in a DejaVu TTF (Cyrillic and Kazakh letters) into an ImageClip: moviepy 2.2's
TextClip(method="caption") cuts off the last line of multi-line text. Without any TTF, PIL's default font."""

from pathlib import Path

import numpy as np

FONT_CANDIDATES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                   "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")
BACKGROUND = (18, 52, 86)  # the APA navy of the UI
CARD_SECONDS = 3.0


def font_path() -> str | None:
    return next((p for p in FONT_CANDIDATES if Path(p).exists()), None)


def card_lines(*, titles: list[str], speaker: str) -> list[str]:
    lines = [t for t in titles if t]
    return lines + ([speaker] if speaker else [])


def card_frame(lines: list[str], width: int, height: int) -> np.ndarray:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    size = max(12, height // 18)
    path = font_path()
    font = ImageFont.truetype(path, size) if path else ImageFont.load_default()
    step = int(size * 1.7)
    y = (height - step * len(lines)) // 2
    for i, line in enumerate(lines):
        if i == len(lines) - 1 and len(lines) > 1:
            y += size // 2  # the speaker sits apart from the titles
        draw.text((width // 2, y), line, fill="white", font=font, anchor="mt")
        y += step
    return np.asarray(image)


def render_title_card(*, out_path: str, width: int, height: int, fps: float, titles: list[str], speaker: str,
                      seconds: float = CARD_SECONDS) -> str:
    from moviepy import ImageClip

    clip = ImageClip(card_frame(card_lines(titles=titles, speaker=speaker), width, height)).with_duration(seconds)
    clip.write_videofile(out_path, fps=fps or 25, codec="libx264", audio=False, preset="ultrafast", threads=2,
                         logger=None, ffmpeg_params=["-pix_fmt", "yuv420p"])
    clip.close()
    return out_path
