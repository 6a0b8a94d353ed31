//! Each timeline format parsed back: well-formed, clip count, order, starts and durations
//! in frames equal to the plan's edges.

use std::path::Path;

use videogen_export::timeline::{edl_files, fcpxml, mlt, otio, xmeml, MAX_EDL_EVENTS};
use videogen_export::{build_plan, ExportOptions, ExportPlan, FrameRate};

use crate::support::{project, touch_media, Media, ALL};

/// A plan of three sections (one with a missing clip) with pauses, at `rate`.
fn plan(rate: FrameRate, count: usize) -> ExportPlan {
    let per = count / 3;
    let tree = project(
        &[
            ("Intro & <start>", per),
            ("Middle", per),
            ("End", count - 2 * per),
        ],
        (rate.num, rate.den),
        (1920, 1080),
        |i| 900 + (i as i64 * 137) % 4000,
        ALL,
    );
    let dir = tempfile::tempdir().unwrap();
    touch_media(&tree, dir.path());
    let options = ExportOptions {
        sentence_pause_ms: 120,
        section_pause_ms: 700,
        ..ExportOptions::default()
    };
    build_plan(&tree, dir.path(), &options).unwrap()
}

/// Parses XML that carries a DOCTYPE line (as FCPXML and xmeml do).
pub fn parse_xml(text: &str) -> Result<roxmltree::Document<'_>, roxmltree::Error> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, options)
}

/// Expected (start frame, frames) of every clip, in order.
fn expected(plan: &ExportPlan) -> Vec<(i64, i64)> {
    plan.sentences
        .iter()
        .map(|s| (s.span.start_frame, s.span.frames()))
        .collect()
}

/// FCPXML time (`N/Ds`, `Ns`) to frames; panics unless it is a whole number of frames.
fn fcp_frames(t: &str, rate: FrameRate) -> i64 {
    let t = t.strip_suffix('s').expect("time ends in s");
    let (n, d) = t.split_once('/').map_or((t, "1"), |(n, d)| (n, d));
    let (n, d): (i128, i128) = (n.parse().unwrap(), d.parse().unwrap());
    let num = n * i128::from(rate.num);
    let den = d * i128::from(rate.den);
    assert_eq!(num % den, 0, "{t}s is not on a frame boundary");
    (num / den) as i64
}

#[test]
fn fcpxml_places_one_clip_per_sentence_on_a_sequential_spine() {
    for rate in [
        FrameRate::FPS_23_976,
        FrameRate::FPS_24,
        FrameRate::FPS_29_97,
    ] {
        let plan = plan(rate, 30);
        let text = fcpxml(&plan, Path::new("/tmp/My Export"));
        let doc = parse_xml(&text).expect("well-formed FCPXML");
        let root = doc.root_element();
        assert_eq!(root.attribute("version"), Some("1.10"));
        let spine = doc.descendants().find(|n| n.has_tag_name("spine")).unwrap();
        let mut cursor = 0;
        let mut clips = Vec::new();
        for child in spine.children().filter(|n| n.is_element()) {
            let offset = fcp_frames(child.attribute("offset").unwrap(), rate);
            let duration = fcp_frames(child.attribute("duration").unwrap(), rate);
            assert_eq!(offset, cursor, "spine is not sequential at {rate}");
            cursor = offset + duration;
            if child.has_tag_name("asset-clip") || child.has_tag_name("video") {
                clips.push((offset, duration));
                let audio = child
                    .children()
                    .find(|c| c.has_tag_name("asset-clip"))
                    .unwrap();
                assert_eq!(audio.attribute("lane"), Some("-1"));
                assert_eq!(
                    fcp_frames(audio.attribute("duration").unwrap(), rate),
                    duration
                );
            } else {
                assert!(child.has_tag_name("gap"));
            }
        }
        assert_eq!(clips, expected(&plan));
        let markers = doc
            .descendants()
            .filter(|n| n.has_tag_name("marker"))
            .count();
        assert_eq!(markers, 3);
        for rep in doc.descendants().filter(|n| n.has_tag_name("media-rep")) {
            assert!(rep
                .attribute("src")
                .unwrap()
                .starts_with("file:///tmp/My%20Export/"));
        }
        // Resources are declared once per id and every ref resolves.
        let ids: std::collections::HashSet<_> = doc
            .descendants()
            .filter_map(|n| n.attribute("id"))
            .collect();
        for r in doc.descendants().filter_map(|n| n.attribute("ref")) {
            assert!(ids.contains(r), "dangling ref {r}");
        }
    }
}

#[test]
fn xmeml_clipitems_hold_frames_and_equal_source_and_record_lengths() {
    let rate = FrameRate::FPS_29_97;
    let plan = plan(rate, 30);
    let text = xmeml(&plan, Path::new("/tmp/x"));
    let doc = parse_xml(&text).expect("well-formed xmeml");
    let int = |n: roxmltree::Node, tag: &str| -> i64 {
        n.children()
            .find(|c| c.has_tag_name(tag))
            .unwrap()
            .text()
            .unwrap()
            .parse()
            .unwrap()
    };
    for kind in ["video", "audio"] {
        let track = doc
            .descendants()
            .find(|n| n.has_tag_name(kind) && n.parent().is_some_and(|p| p.has_tag_name("media")))
            .unwrap()
            .children()
            .find(|n| n.has_tag_name("track"))
            .unwrap();
        let items: Vec<(i64, i64)> = track
            .children()
            .filter(|n| n.has_tag_name("clipitem"))
            .map(|c| {
                let (start, end, i, o) =
                    (int(c, "start"), int(c, "end"), int(c, "in"), int(c, "out"));
                assert_eq!(end - start, o - i);
                (start, end - start)
            })
            .collect();
        assert_eq!(items, expected(&plan), "{kind} track");
    }
    let timebase = doc
        .descendants()
        .find(|n| n.has_tag_name("timebase"))
        .unwrap();
    assert_eq!(timebase.text(), Some("30"));
    assert!(doc
        .descendants()
        .any(|n| n.has_tag_name("ntsc") && n.text() == Some("TRUE")));
    assert!(doc.descendants().any(|n| n.has_tag_name("format")));
}

fn tc_frames(tc: &str, fps: i64) -> i64 {
    let p: Vec<i64> = tc.split(':').map(|x| x.parse().unwrap()).collect();
    ((p[0] * 60 + p[1]) * 60 + p[2]) * fps + p[3]
}

#[test]
fn edl_splits_2700_events_into_parts_of_at_most_999_per_track() {
    let rate = FrameRate::FPS_25;
    let plan = plan(rate, 2700);
    let files = edl_files(&plan);
    let video: Vec<_> = files
        .iter()
        .filter(|(p, _)| p.contains("_video_part"))
        .collect();
    let audio: Vec<_> = files
        .iter()
        .filter(|(p, _)| p.contains("_audio_part"))
        .collect();
    assert_eq!((video.len(), audio.len()), (3, 3));
    assert_eq!(
        video[0].0,
        format!("timelines/{}_video_part01.edl", plan.slug)
    );
    for track in [video, audio] {
        let mut events = Vec::new();
        for (_, text) in track {
            assert!(text.is_ascii());
            assert!(text.starts_with("TITLE: "));
            let mut n = 0;
            for line in text
                .lines()
                .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
            {
                let f: Vec<&str> = line.split_whitespace().collect();
                n += 1;
                assert_eq!(f[0], format!("{n:03}"));
                assert_eq!((f[1], f[3]), ("AX", "C"));
                let (si, so, ri, ro) = (
                    tc_frames(f[4], 25),
                    tc_frames(f[5], 25),
                    tc_frames(f[6], 25),
                    tc_frames(f[7], 25),
                );
                assert_eq!((si, so - si), (0, ro - ri));
                events.push((ri, ro - ri));
            }
            assert!(n <= MAX_EDL_EVENTS);
        }
        assert_eq!(events, expected(&plan));
    }
}

#[test]
fn otio_tracks_place_clips_at_narration_frames() {
    let rate = FrameRate::FPS_23_976;
    let plan = plan(rate, 30);
    let text = otio(&plan, Path::new("/tmp/x"));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["OTIO_SCHEMA"], "Timeline.1");
    let tracks = v["tracks"]["children"].as_array().unwrap();
    assert_eq!(tracks.len(), 2);
    for track in tracks {
        let mut pos = 0;
        let mut clips = Vec::new();
        for child in track["children"].as_array().unwrap() {
            let r = &child["source_range"];
            assert!((r["duration"]["rate"].as_f64().unwrap() - 24000.0 / 1001.0).abs() < 1e-9);
            let d = r["duration"]["value"].as_f64().unwrap() as i64;
            if child["OTIO_SCHEMA"] == "Clip.2" {
                clips.push((pos, d));
                let url = child["media_references"]["DEFAULT_MEDIA"]["target_url"]
                    .as_str()
                    .unwrap();
                assert!(url.starts_with("/tmp/x/") && !url.starts_with("file:"));
            } else {
                assert_eq!(child["OTIO_SCHEMA"], "Gap.1");
            }
            pos += d;
        }
        assert_eq!(clips, expected(&plan));
    }
}

#[test]
fn mlt_playlists_use_inclusive_out_points() {
    let rate = FrameRate::FPS_30;
    let plan = plan(rate, 30);
    let text = mlt(&plan, Path::new("/tmp/x"));
    let doc = parse_xml(&text).expect("well-formed MLT");
    let profile = doc
        .descendants()
        .find(|n| n.has_tag_name("profile"))
        .unwrap();
    assert_eq!(profile.attribute("frame_rate_num"), Some("30"));
    for id in ["playlist_video", "playlist_audio"] {
        let pl = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap();
        let mut pos = 0;
        let mut clips = Vec::new();
        for c in pl.children().filter(|n| n.is_element()) {
            if c.has_tag_name("blank") {
                pos += c.attribute("length").unwrap().parse::<i64>().unwrap();
            } else {
                let i: i64 = c.attribute("in").unwrap().parse().unwrap();
                let o: i64 = c.attribute("out").unwrap().parse().unwrap();
                clips.push((pos, o - i + 1));
                pos += o - i + 1;
                let producer = c.attribute("producer").unwrap();
                assert!(doc
                    .descendants()
                    .any(|n| n.has_tag_name("producer") && n.attribute("id") == Some(producer)));
            }
        }
        assert_eq!(clips, expected(&plan), "{id}");
    }
}

#[test]
fn missing_clip_is_a_still_in_every_timeline() {
    let tree = project(
        &[("A", 2)],
        (24, 1),
        (640, 360),
        |_| 2000,
        Media {
            audio: true,
            image: true,
            video: false,
        },
    );
    let dir = tempfile::tempdir().unwrap();
    touch_media(&tree, dir.path());
    let plan = build_plan(&tree, dir.path(), &ExportOptions::default()).unwrap();
    assert!(plan.sentences.iter().all(|s| s.is_still()));
    let text = fcpxml(&plan, Path::new("/x"));
    let doc = parse_xml(&text).unwrap();
    let spine = doc.descendants().find(|n| n.has_tag_name("spine")).unwrap();
    assert_eq!(
        spine.children().filter(|n| n.has_tag_name("video")).count(),
        2
    );
    assert!(xmeml(&plan, Path::new("/x")).contains("images/001_a_image.png"));
}
