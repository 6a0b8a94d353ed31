#!/usr/bin/env python3
"""Independent check of the export's timelines with OpenTimelineIO and its adapters.

Run from the workspace root:  make test-export-interop
(it creates a venv under the build directory, `target/otio-venv`, once, and runs this script
with the venv's Python). Run by hand with a venv's Python:
    python3 -m venv target/otio-venv && target/otio-venv/bin/python crates/export/tests/otio_check.py
Debian's own Python refuses `pip install` outside a venv (PEP 668, "externally managed"), so
this script installs its dependencies only into the venv it runs in, once (a stamp file in the
venv remembers the list), then writes a synthetic export with
`cargo run --example sample_timelines`, reads the .otio, the FCP7 XML and the CMX 3600
EDLs back and asserts every clip sits at the frames metadata.json gives.
"""
import json
import os
import subprocess
import sys
import tempfile

DEPS = ["opentimelineio>=0.17", "otio-fcp-adapter", "otio-cmx3600-adapter", "otio-fcpx-xml-adapter"]


def install():
    """Installs DEPS into the running venv, unless this list already is."""
    if sys.prefix == sys.base_prefix:
        sys.exit(
            "otio_check.py installs OpenTimelineIO with pip, so it runs only in a venv (Debian's\n"
            "Python refuses to install packages outside a venv, PEP 668). Run `make test-export-interop`,\n"
            "or: python3 -m venv target/otio-venv && target/otio-venv/bin/python " + sys.argv[0]
        )
    stamp = os.path.join(sys.prefix, "otio-check-deps.txt")
    wanted = "\n".join(DEPS) + "\n"
    try:
        with open(stamp, encoding="utf-8") as f:
            if f.read() == wanted:
                return
    except OSError:
        pass
    venv_python = sys.executable  # checked above: this interpreter is a venv's
    subprocess.run([venv_python, "-m", "pip", "install", "-q", "--disable-pip-version-check", *DEPS], check=True)
    with open(stamp, "w", encoding="utf-8") as f:
        f.write(wanted)


def clips_of(track, otio):
    """(start frame, frames, name) of each clip of a track, positions from the track itself."""
    out = []
    for item in track:
        if isinstance(item, otio.schema.Clip):
            rng = track.range_of_child(item)
            out.append((round(rng.start_time.value), round(rng.duration.value), item.name))
    return out


def main():
    install()
    import opentimelineio as otio

    sentences, fps = "1200", "23.976"
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "sample export")
        subprocess.run(
            ["cargo", "run", "-q", "-p", "videogen-export", "--example", "sample_timelines", "--", out, sentences, fps],
            check=True,
        )
        meta = json.load(open(os.path.join(out, "metadata.json"), encoding="utf-8"))
        expected = [(s["startFrame"], s["frames"]) for s in meta["sentences"] if s["frames"] > 0]
        rate = meta["fpsNum"] / meta["fpsDen"]
        slug = "sample-export"
        tl_dir = os.path.join(out, "timelines")

        # OTIO JSON: both tracks, rates, clip positions, stills as plain paths.
        tl = otio.adapters.read_from_file(os.path.join(tl_dir, slug + ".otio"))
        assert len(tl.video_tracks()) == 1 and len(tl.audio_tracks()) == 1
        for track in (tl.video_tracks()[0], tl.audio_tracks()[0]):
            got = clips_of(track, otio)
            assert [(a, b) for a, b, _ in got] == expected, f"otio {track.name} clips differ"
            for clip in track.find_clips():
                assert abs(clip.source_range.duration.rate - rate) < 1e-9
                url = clip.media_reference.target_url
                assert url.startswith(out) and not url.startswith("file:"), url
        markers = [m for c in tl.video_tracks()[0].find_clips() for m in c.markers]
        assert len(markers) == 3, len(markers)
        print(f"otio: {len(expected)} clips per track at the expected frames")

        # FCP7 XML through the fcp_xml adapter.
        tl = otio.adapters.read_from_file(os.path.join(tl_dir, slug + "_xmeml.xml"), adapter_name="fcp_xml")
        v = tl.video_tracks()
        a = tl.audio_tracks()
        assert len(v) == 1 and len(a) == 1, (len(v), len(a))
        for track in (v[0], a[0]):
            got = clips_of(track, otio)
            assert [(x, y) for x, y, _ in got] == expected, f"xmeml {track.kind} clips differ"
        print(f"fcp_xml: {len(expected)} clips per track at the expected frames")

        # CMX 3600: one EDL per track kind, in parts of at most 999 events.
        for kind in ("video", "audio"):
            parts = sorted(f for f in os.listdir(tl_dir) if f.startswith(f"{slug}_{kind}") and f.endswith(".edl"))
            assert len(parts) == 2, parts
            got = []
            for part in parts:
                edl = otio.adapters.read_from_file(os.path.join(tl_dir, part), adapter_name="cmx_3600", rate=rate)
                tracks = edl.tracks
                assert len(tracks) == 1
                events = clips_of(tracks[0], otio)
                assert 0 < len(events) <= 999
                # The adapter positions a part's events from its first record-in; shift them
                # to where that event belongs on the whole timeline.
                base = expected[len(got)][0] - events[0][0]
                got.extend((start + base, frames) for start, frames, _ in events)
            assert got == expected, f"edl {kind} events differ"
        print("cmx_3600: video and audio EDL parts hold every event at the expected frames")

        # FCPXML: media-rep paths by our own reading (the adapter only knows asset@src).
        import xml.etree.ElementTree as ET
        root = ET.parse(os.path.join(tl_dir, slug + ".fcpxml")).getroot()
        assert root.get("version") == "1.10"
        reps = root.findall(".//asset/media-rep")
        assert len(reps) == 2 * len(expected), len(reps)
        assert all(r.get("src").startswith("file:///") for r in reps)

    # FCPXML timing through the fcpx_xml adapter. Its limits: it truncates NTSC rates to
    # whole numbers and cannot read spine stills (<video>), so this sample is 24 fps, clips only.
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "fcpx sample")
        subprocess.run(
            ["cargo", "run", "-q", "-p", "videogen-export", "--example", "sample_timelines", "--", out, "300", "24", "nostills"],
            check=True,
        )
        meta = json.load(open(os.path.join(out, "metadata.json"), encoding="utf-8"))
        expected = [(s["startFrame"], s["frames"]) for s in meta["sentences"] if s["frames"] > 0]
        col = otio.adapters.read_from_file(os.path.join(out, "timelines", "sample-export.fcpxml"), adapter_name="fcpx_xml")
        tl = [c for c in col][0]
        assert len(tl.tracks) == 2, len(tl.tracks)
        for track in tl.tracks:
            got = clips_of(track, otio)
            assert [(a, b) for a, b, _ in got] == expected, f"fcpxml {track.kind} clips differ"
        print(f"fcpx_xml: {len(expected)} clips per track at the expected frames")
    print("OK")


if __name__ == "__main__":
    main()
