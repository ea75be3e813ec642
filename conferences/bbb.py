"""A small BigBlueButton API client written to the published API (docs.bigbluebutton.org, "API Reference").

Every call is GET <BBB_URL>/api/<call>?<query>&checksum=<hex>, where checksum = SHA-1 or SHA-256 hex of
callName + queryString + sharedSecret; responses are XML with <returncode>SUCCESS|FAILED</returncode>.
`join` is never fetched by the server: its URL is handed to the participant's browser (a redirect).
The recording-ready callback (meta_bbb-recording-ready-url) POSTs `signed_parameters`, a JWT signed HS256
with the shared secret carrying meeting_id and record_id; verify_signed_parameters checks it."""

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET  # noqa: S405 - responses come from our own configured BBB server
from dataclasses import dataclass
from urllib.parse import urlencode

ALGORITHMS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha384": hashlib.sha384, "sha512": hashlib.sha512}


class BBBError(Exception):
    def __init__(self, message_key: str, message: str = ""):
        super().__init__(f"{message_key}: {message}")
        self.message_key = message_key


@dataclass(frozen=True)
class Recording:
    record_id: str
    meeting_id: str
    url: str
    minutes: int
    published: bool
    video_url: str = ""  # the `video` playback format (an MP4/WebM file), when the server produces it


def normalise_base(url: str) -> str:
    url = url.rstrip("/")
    return url if url.endswith("/api") else url + "/api"


class BBBClient:
    def __init__(self, base_url: str, secret: str, *, algorithm: str = "sha256", timeout: float = 5.0):
        if algorithm not in ALGORITHMS:
            raise ValueError(f"unsupported checksum algorithm {algorithm}")
        self.base = normalise_base(base_url)
        self.secret = secret
        self.algorithm = algorithm
        self.timeout = timeout

    # --- URLs and checksums
    def checksum(self, call: str, query: str) -> str:
        return ALGORITHMS[self.algorithm]((call + query + self.secret).encode()).hexdigest()

    def url(self, call: str, params: dict) -> str:
        query = urlencode({k: v for k, v in params.items() if v is not None})
        return f"{self.base}/{call}?{query}&checksum={self.checksum(call, query)}" if query else \
            f"{self.base}/{call}?checksum={self.checksum(call, '')}"

    def password(self, meeting_id: str, role: str) -> str:
        """Per-meeting passwords derived from the secret (older servers still require them)."""
        return hmac.new(self.secret.encode(), f"{role}:{meeting_id}".encode(), hashlib.sha256).hexdigest()[:20]

    # --- calls
    def _get(self, call: str, params: dict) -> ET.Element:
        try:
            with urllib.request.urlopen(self.url(call, params), timeout=self.timeout) as response:  # noqa: S310
                root = ET.fromstring(response.read())  # noqa: S314
        except (urllib.error.URLError, OSError, ET.ParseError) as exc:
            raise BBBError("unreachable", str(exc))
        if root.findtext("returncode") != "SUCCESS":
            raise BBBError(root.findtext("messageKey") or "failed", root.findtext("message") or "")
        return root

    def create(self, meeting_id: str, name: str, *, record: bool = True, logout_url: str = "",
               recording_ready_url: str = "", duration_minutes: int = 0, welcome: str = "",
               meta: dict | None = None) -> dict:
        params = {
            "name": name, "meetingID": meeting_id, "record": "true" if record else "false",
            "autoStartRecording": "false", "allowStartStopRecording": "true",
            "attendeePW": self.password(meeting_id, "attendee"),
            "moderatorPW": self.password(meeting_id, "moderator"),
            "duration": str(duration_minutes) if duration_minutes else None,
            "logoutURL": logout_url or None, "welcome": welcome or None,
        }
        if recording_ready_url:
            params["meta_bbb-recording-ready-url"] = recording_ready_url
        for key, value in (meta or {}).items():
            params[f"meta_{key}"] = value
        root = self._get("create", params)
        return {"meeting_id": root.findtext("meetingID"), "create_time": root.findtext("createTime")}

    def join_url(self, meeting_id: str, full_name: str, *, moderator: bool, user_id: str = "") -> str:
        role = "moderator" if moderator else "attendee"
        return self.url("join", {
            "fullName": full_name, "meetingID": meeting_id, "role": "MODERATOR" if moderator else "VIEWER",
            "password": self.password(meeting_id, role), "userID": user_id or None, "redirect": "true",
        })

    def is_meeting_running(self, meeting_id: str) -> bool:
        return self._get("isMeetingRunning", {"meetingID": meeting_id}).findtext("running") == "true"

    def get_meeting_info(self, meeting_id: str) -> dict:
        root = self._get("getMeetingInfo", {"meetingID": meeting_id})
        attendees = [{"user_id": a.findtext("userID") or "", "full_name": a.findtext("fullName") or "",
                      "role": a.findtext("role") or ""} for a in root.iter("attendee")]
        return {"running": root.findtext("running") == "true", "attendees": attendees}

    def end(self, meeting_id: str) -> None:
        self._get("end", {"meetingID": meeting_id, "password": self.password(meeting_id, "moderator")})

    def get_recordings(self, *, meeting_id: str = "", record_id: str = "") -> list[Recording]:
        root = self._get("getRecordings", {"meetingID": meeting_id or None, "recordID": record_id or None})
        result = []
        for rec in root.iter("recording"):
            formats = {f.findtext("type") or "": f for f in rec.findall("playback/format")}
            # the link people open: the presentation player, else whatever format the server has
            playback = formats.get("presentation") or next(iter(formats.values()), None)
            url = playback.findtext("url") if playback is not None else ""
            length = int(playback.findtext("length") or 0) if playback is not None else 0
            video = formats.get("video")
            result.append(Recording(record_id=rec.findtext("recordID") or "", meeting_id=rec.findtext("meetingID") or "",
                                    url=url or "", minutes=length, published=rec.findtext("published") == "true",
                                    video_url=(video.findtext("url") or "").strip() if video is not None else ""))
        return result


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def verify_signed_parameters(token: str, secret: str) -> dict:
    """Verify a JWT (HS256, the shared secret) from BBB's recording-ready callback and return its claims.
    Without a secret anyone can sign (an HMAC with the empty key), so nothing verifies until one is set."""
    if not secret:
        raise BBBError("not_configured", "BBB_SECRET is not set")
    if not isinstance(token, str):
        raise BBBError("invalid_token", "not a JWT")
    try:
        header_b64, payload_b64, signature_b64 = token.split(".")
        header = json.loads(_b64decode(header_b64))
        payload = json.loads(_b64decode(payload_b64))
        signature = _b64decode(signature_b64)
    except (ValueError, json.JSONDecodeError):
        raise BBBError("invalid_token", "malformed JWT")
    if header.get("alg") != "HS256":
        raise BBBError("invalid_token", "unexpected algorithm")
    expected = hmac.new(secret.encode(), f"{header_b64}.{payload_b64}".encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, signature):
        raise BBBError("invalid_token", "bad signature")
    if not isinstance(payload, dict) or not payload.get("record_id"):
        raise BBBError("invalid_token", "no record_id")
    return payload


def sign_parameters(payload: dict, secret: str) -> str:
    """The server side of the callback (used by the fake server and tests)."""
    def enc(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    head = enc(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = enc(json.dumps(payload).encode())
    signature = hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{enc(signature)}"
