"""Stored files in an S3-compatible store (MinIO, Ceph RGW, a cloud), read as they arrive.

django-storages' S3File downloads the whole object into a SpooledTemporaryFile before the
first byte can be read, and that file stays in memory unless AWS_S3_MAX_MEMORY_SIZE is set:
one download of a 1 GB scan would cost 1 GB of the web process's memory. Every reader in
the app (downloads, the ZIP bundles, the SHA-256 checks) reads front to back, so opening a
file for reading here hands out the body of the GET request itself: memory stays at one
chunk whatever the size, and the first bytes go out while the rest is still arriving.
Writing, listing, deleting and naming are django-storages' own.
"""

from botocore.exceptions import ClientError
from django.core.files.base import File
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class StreamedObject(File):
    """A stored object read once from start to end; it cannot seek back.

    File.chunks() and FileResponse both cope with a stream that cannot seek; Pillow copies
    such a stream into memory itself, which only the small scanned signatures ever meet.
    """

    def __init__(self, body, name, size):
        super().__init__(body, name)
        self.size = size


class StreamingS3Storage(S3Storage):
    """django-storages' S3Storage whose files open for reading as a stream."""

    def _open(self, name, mode="rb"):
        if "r" not in mode or "+" in mode or "w" in mode:
            return super()._open(name, mode)
        key = self._normalize_name(clean_name(name))
        try:
            answer = self.connection.meta.client.get_object(Bucket=self.bucket_name, Key=key)
        except ClientError as error:
            if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                raise FileNotFoundError(f"File does not exist: {name}") from None
            raise
        return StreamedObject(answer["Body"], name, answer["ContentLength"])
