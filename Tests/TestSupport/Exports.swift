// Every test using the fixtures needs these; re-exported so each file need not repeat them.
@_exported import FTZCore
@_exported import Storage
