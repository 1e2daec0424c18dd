"""Framework-free BigBlueButton recordings client and sync engine (no Django here).

``BBBClient`` talks to the API, ``FileLayout`` picks the files of a recording, ``Downloader``
fetches them resumably, ``Renditions`` makes lighter files with ffmpeg and ``SyncEngine`` ties
them together over a store and a catalog.
"""

from recordings_sync.client import BBBClient, BBBError, BBBResponseError, PlaybackFormat, Recording, TextTrack
from recordings_sync.download import Downloader, DownloadError, DownloadResult, DownloadTooLarge
from recordings_sync.engine import CatalogEntry, SyncedFile, SyncEngine, SyncReport
from recordings_sync.layout import FileLayout, LayoutError, RemoteFile
from recordings_sync.local import JsonCatalog, LocalDirectoryStore
from recordings_sync.renditions import Rendition, RenditionError, Renditions

__all__ = [
    "BBBClient", "BBBError", "BBBResponseError", "CatalogEntry", "DownloadError", "DownloadResult", "DownloadTooLarge",
    "Downloader", "FileLayout", "JsonCatalog", "LayoutError", "LocalDirectoryStore", "PlaybackFormat", "Recording",
    "RemoteFile", "Rendition", "RenditionError", "Renditions", "SyncEngine", "SyncReport", "SyncedFile", "TextTrack",
]
