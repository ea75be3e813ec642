import os

os.environ.setdefault("LMS_TESTING", "1")
