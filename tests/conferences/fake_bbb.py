"""A fake BigBlueButton server for tests and the benchmark: http.server in a thread on 127.0.0.1 (random port).
It verifies the checksum (SHA-1/256/384/512 by length, as BBB does) of callName + queryString + secret and the
required parameters of each call, keeps meetings in memory and answers with BBB's XML. It also serves
recording files (the `video` playback format) from memory, with failure modes for the import tests: a 404,
no Content-Length (the size cap must stop the stream), a slow first byte (the timeout)."""

import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

REQUIRED = {
    "create": {"meetingID"}, "join": {"fullName", "meetingID"}, "isMeetingRunning": {"meetingID"},
    "getMeetingInfo": {"meetingID"}, "end": {"meetingID"}, "getRecordings": set(),
}
HASHES = {40: hashlib.sha1, 64: hashlib.sha256, 96: hashlib.sha384, 128: hashlib.sha512}


def _xml(body: str, ok: bool = True) -> bytes:
    code = "SUCCESS" if ok else "FAILED"
    return f"<response><returncode>{code}</returncode>{body}</response>".encode()


def _error(key: str, message: str) -> bytes:
    return _xml(f"<messageKey>{key}</messageKey><message>{escape(message)}</message>", ok=False)


class FakeBBB:
    def __init__(self, secret: str = "fake-bbb-shared-secret"):  # noqa: S107 - a test double
        self.secret = secret
        self.meetings: dict[str, dict] = {}
        self.recordings: list[dict] = []
        self.files: dict[str, dict] = {}  # path -> {"body": bytes, "status": int, "sized": bool, "delay": s}
        self.downloads: list[str] = []
        self.calls: list[tuple[str, dict]] = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path.startswith("/playback/") or self.path.startswith("/files/"):
                    return fake.serve_file(self)
                status, body = fake.handle(self.path)
                self.send_response(status)
                self.send_header("Content-Type", "text/xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/bigbluebutton/"

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def serve_file(self, handler: BaseHTTPRequestHandler) -> None:
        with self.lock:
            self.downloads.append(handler.path)
            spec = self.files.get(handler.path)
        if spec is None or spec.get("status", 200) != 200:
            handler.send_response(404 if spec is None else spec["status"])
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        time.sleep(spec.get("delay", 0))
        handler.send_response(200)
        handler.send_header("Content-Type", spec.get("type", "video/mp4"))
        if spec.get("sized", True):
            handler.send_header("Content-Length", str(len(spec["body"])))
        handler.end_headers()  # without a length, HTTP/1.0 ends the body by closing the connection
        try:
            handler.wfile.write(spec["body"])
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading (size cap)

    def add_file(self, path: str, body: bytes = b"", **spec) -> str:
        self.files[path] = {"body": body, **spec}
        return self.origin + path

    def start(self) -> "FakeBBB":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def verify(self, call: str, raw_query: str) -> tuple[bool, dict]:
        if "&checksum=" in raw_query:
            query, checksum = raw_query.rsplit("&checksum=", 1)
        elif raw_query.startswith("checksum="):
            query, checksum = "", raw_query.removeprefix("checksum=")
        else:
            return False, {}
        algorithm = HASHES.get(len(checksum))
        if algorithm is None or algorithm((call + query + self.secret).encode()).hexdigest() != checksum:
            return False, {}
        return True, {k: v[0] for k, v in parse_qs(query).items()}

    def handle(self, path: str) -> tuple[int, bytes]:
        route, _, raw_query = path.partition("?")
        call = route.rsplit("/", 1)[-1]
        if not route.startswith("/bigbluebutton/api/") or call not in REQUIRED:
            return 404, _error("unsupportedRequest", "unknown call")
        ok, params = self.verify(call, raw_query)
        if not ok:
            return 200, _error("checksumError", "You did not pass the checksum security check")
        missing = REQUIRED[call] - set(params)
        if missing:
            return 200, _error("missingParam", f"missing {sorted(missing)}")
        with self.lock:
            self.calls.append((call, params))
            return 200, getattr(self, f"on_{call}")(params)

    # --- calls
    def on_create(self, p):
        meeting = self.meetings.setdefault(p["meetingID"], {
            "name": p.get("name", ""), "attendeePW": p.get("attendeePW", ""), "moderatorPW": p.get("moderatorPW", ""),
            "running": False, "attendees": [], "meta": {k: v for k, v in p.items() if k.startswith("meta_")},
            "createTime": "1700000000000"})
        return _xml(f"<meetingID>{escape(p['meetingID'])}</meetingID><createTime>{meeting['createTime']}</createTime>"
                    "<hasBeenForciblyEnded>false</hasBeenForciblyEnded><messageKey></messageKey>")

    def on_join(self, p):  # the browser would be redirected into the client; we record the attendee
        meeting = self.meetings.get(p["meetingID"])
        if meeting is None:
            return _error("invalidMeetingIdentifier", "meeting not found")
        meeting["running"] = True
        meeting["attendees"].append({"userID": p.get("userID", ""), "fullName": p["fullName"],
                                     "role": p.get("role", "VIEWER")})
        return _xml("<messageKey>successfullyJoined</messageKey><url>client</url>")

    def on_isMeetingRunning(self, p):
        meeting = self.meetings.get(p["meetingID"])
        return _xml(f"<running>{'true' if meeting and meeting['running'] else 'false'}</running>")

    def on_getMeetingInfo(self, p):
        meeting = self.meetings.get(p["meetingID"])
        if meeting is None:
            return _error("notFound", "We could not find a meeting with that meeting ID")
        attendees = "".join(
            f"<attendee><userID>{escape(a['userID'])}</userID><fullName>{escape(a['fullName'])}</fullName>"
            f"<role>{a['role']}</role></attendee>" for a in meeting["attendees"])
        return _xml(f"<meetingID>{escape(p['meetingID'])}</meetingID><running>{str(meeting['running']).lower()}"
                    f"</running><participantCount>{len(meeting['attendees'])}</participantCount>"
                    f"<attendees>{attendees}</attendees>")

    def on_end(self, p):
        meeting = self.meetings.get(p["meetingID"])
        if meeting is None:
            return _error("notFound", "meeting not found")
        if p.get("password") != meeting["moderatorPW"]:
            return _error("invalidPassword", "wrong moderator password")
        meeting["running"], meeting["attendees"] = False, []
        return _xml("<messageKey>sentEndMeetingRequest</messageKey>")

    def on_getRecordings(self, p):
        wanted = [r for r in self.recordings
                  if (not p.get("meetingID") or r["meetingID"] in p["meetingID"].split(","))
                  and (not p.get("recordID") or r["recordID"] in p["recordID"].split(","))]
        def video(r):
            return (f"<format><type>video</type><url>{escape(r['video_url'])}</url><length>{r['length']}</length>"
                    "</format>") if r.get("video_url") else ""

        items = "".join(
            f"<recording><recordID>{r['recordID']}</recordID><meetingID>{escape(r['meetingID'])}</meetingID>"
            f"<published>true</published><state>published</state><playback><format><type>presentation</type>"
            f"<url>{escape(r['url'])}</url><length>{r['length']}</length></format>{video(r)}</playback></recording>"
            for r in wanted)
        return _xml(f"<recordings>{items}</recordings>")

    # --- test helpers
    def leave(self, meeting_id: str, user_id: str) -> None:
        with self.lock:
            meeting = self.meetings[meeting_id]
            meeting["attendees"] = [a for a in meeting["attendees"] if a["userID"] != user_id]

    def add_recording(self, meeting_id: str, record_id: str, length: int = 95, video: bytes | None = None,
                      **file_spec) -> None:
        """A published recording; with `video`, also the `video` playback format served by this server."""
        video_url = self.add_file(f"/playback/video/{record_id}/video-0.mp4", video, **file_spec) \
            if video is not None else ""
        self.recordings.append({"meetingID": meeting_id, "recordID": record_id, "length": length,
                                "url": f"https://bbb.example/playback/presentation/2.3/{record_id}",
                                "video_url": video_url})
