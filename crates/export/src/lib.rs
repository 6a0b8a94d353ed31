//! Export for editors: numbered media, script, metadata, timelines, captions, ZIP.
