//! FCPXML 1.10 (Final Cut Pro 10.6+, DaVinci Resolve 18+).

use std::fmt::Write;
use std::path::Path;

use super::{file_url, opens_section, placed, xml_escape};
use crate::plan::ExportPlan;
use crate::timing::FrameRate;

/// A time of `frames` frames as FCPXML wants it: a rational `N/Ds` or whole `Ns`.
///
/// Whole rates are reduced (`56` frames at 24 fps = `7/3s`); NTSC rates keep the
/// `·1001/24000` form editors write themselves (`56056/24000s`).
pub fn time(rate: FrameRate, frames: i64) -> String {
    let num = frames * i64::from(rate.den);
    let den = i64::from(rate.num);
    if num == 0 {
        return "0s".into();
    }
    let g = if rate.is_ntsc() { 1 } else { gcd(num, den) };
    match den / g {
        1 => format!("{}s", num / g),
        d => format!("{}/{d}s", num / g),
    }
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a.abs().max(1)
    } else {
        gcd(b, a % b)
    }
}

/// The FCP format name for common sizes and rates, when there is one.
fn format_name(plan: &ExportPlan) -> Option<String> {
    let size = match (plan.width, plan.height) {
        (1920, 1080) => "1080p",
        (1280, 720) => "720p",
        (3840, 2160) => "3840x2160p",
        _ => return None,
    };
    let rate = match (plan.rate.num, plan.rate.den) {
        (24000, 1001) => "2398",
        (30000, 1001) => "2997",
        (n, 1) => return Some(format!("FFVideoFormat{size}{n}")),
        _ => return None,
    };
    Some(format!("FFVideoFormat{size}{rate}"))
}

/// The whole `.fcpxml` document, media at `root`.
pub fn fcpxml(plan: &ExportPlan, root: &Path) -> String {
    let rate = plan.rate;
    let t = |f: i64| time(rate, f);
    let mut x = String::with_capacity(1024 + plan.sentences.len() * 900);
    let name = xml_escape(&plan.name);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE fcpxml>\n");
    x.push_str("<fcpxml version=\"1.10\">\n  <resources>\n");
    let format_name = format_name(plan)
        .map(|n| format!(" name=\"{n}\""))
        .unwrap_or_default();
    let _ = writeln!(
        x,
        "    <format id=\"r1\"{format_name} frameDuration=\"{}\" width=\"{}\" height=\"{}\"/>",
        t(1),
        plan.width,
        plan.height
    );
    let _ = writeln!(
        x,
        "    <format id=\"r2\" name=\"FFVideoFormatRateUndefined\" width=\"{}\" height=\"{}\"/>",
        plan.width, plan.height
    );
    for (i, s) in placed(plan) {
        let pic = s.picture_path();
        let pic_name = xml_escape(file_stem(pic));
        let url = xml_escape(&file_url("file://", root, pic));
        if s.is_still() {
            let _ = writeln!(x, "    <asset id=\"v{i}\" name=\"{pic_name}\" start=\"0s\" duration=\"0s\" hasVideo=\"1\" videoSources=\"1\" format=\"r2\">");
        } else {
            let frames = match &s.picture {
                crate::plan::Picture::Clip { frames, .. } => *frames,
                crate::plan::Picture::Still => 0,
            };
            let _ = writeln!(x, "    <asset id=\"v{i}\" name=\"{pic_name}\" start=\"0s\" duration=\"{}\" hasVideo=\"1\" hasAudio=\"0\" videoSources=\"1\" format=\"r1\">", t(frames.max(s.span.frames())));
        }
        let _ = writeln!(
            x,
            "      <media-rep kind=\"original-media\" src=\"{url}\"/>\n    </asset>"
        );
        if let Some(audio) = &s.audio {
            let _ = writeln!(
                x,
                "    <asset id=\"a{i}\" name=\"{}\" start=\"0s\" duration=\"{}/48000s\" hasAudio=\"1\" audioSources=\"1\" audioChannels=\"{}\" audioRate=\"48000\">\n      <media-rep kind=\"original-media\" src=\"{}\"/>\n    </asset>",
                xml_escape(file_stem(&audio.path)),
                s.audio_samples,
                s.audio_channels,
                xml_escape(&file_url("file://", root, &audio.path))
            );
        }
    }
    x.push_str("  </resources>\n");
    let _ = writeln!(
        x,
        "  <library>\n    <event name=\"{name}\">\n      <project name=\"{name}\">\n        <sequence format=\"r1\" duration=\"{}\" tcStart=\"0s\" tcFormat=\"NDF\" audioLayout=\"stereo\" audioRate=\"48k\">\n          <spine>",
        t(plan.total_frames())
    );
    let mut cursor = 0;
    for (i, s) in placed(plan) {
        let (f0, frames) = (s.span.start_frame, s.span.frames());
        if f0 > cursor {
            let _ = writeln!(
                x,
                "            <gap name=\"Gap\" offset=\"{}\" start=\"0s\" duration=\"{}\"/>",
                t(cursor),
                t(f0 - cursor)
            );
        }
        let element = if s.is_still() { "video" } else { "asset-clip" };
        let tc = if s.is_still() {
            ""
        } else {
            " tcFormat=\"NDF\""
        };
        let _ = writeln!(
            x,
            "            <{element} ref=\"v{i}\" name=\"{}\" offset=\"{}\" start=\"0s\" duration=\"{}\"{tc}>",
            xml_escape(&s.clip_name(plan)),
            t(f0),
            t(frames)
        );
        if let Some(audio) = &s.audio {
            let _ = writeln!(
                x,
                "              <asset-clip ref=\"a{i}\" lane=\"-1\" name=\"{}\" offset=\"0s\" start=\"0s\" duration=\"{}\" audioRole=\"dialogue\"/>",
                xml_escape(file_stem(&audio.path)),
                t(frames)
            );
        }
        if opens_section(plan, i) {
            let _ = writeln!(
                x,
                "              <marker start=\"0s\" duration=\"{}\" value=\"Section: {}\"/>",
                t(1),
                xml_escape(&plan.sections[s.section].title)
            );
        }
        let _ = writeln!(x, "            </{element}>");
        cursor = f0 + frames;
    }
    x.push_str("          </spine>\n        </sequence>\n      </project>\n    </event>\n  </library>\n</fcpxml>\n");
    x
}

/// The file name without folder and extension.
pub(crate) fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rationals_of_whole_frames() {
        assert_eq!(time(FrameRate::FPS_24, 56), "7/3s");
        assert_eq!(time(FrameRate::FPS_24, 48), "2s");
        assert_eq!(time(FrameRate::FPS_23_976, 56), "56056/24000s");
        assert_eq!(time(FrameRate::FPS_25, 0), "0s");
    }
}
