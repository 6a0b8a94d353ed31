//! MLT XML (`.mlt`): opens as a project in Shotcut; Kdenlive adds it as a clip.

use std::fmt::Write;
use std::path::Path;

use super::{opens_section, placed, xml_escape};
use crate::plan::{ExportPlan, Picture};
use crate::timing::clock_ms;

/// The whole `.mlt` document. Resources are relative to `root` (the `root` attribute), so
/// MLT resolves them from the export folder.
pub fn mlt(plan: &ExportPlan, root: &Path) -> String {
    let mut x = String::with_capacity(2048 + plan.sentences.len() * 700);
    let _ = writeln!(
        x,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<mlt LC_NUMERIC=\"C\" version=\"7.0.0\" title=\"{}\" root=\"{}\">",
        xml_escape(&plan.name),
        xml_escape(&root.to_string_lossy().replace('\\', "/"))
    );
    let _ = writeln!(
        x,
        "  <profile description=\"{}x{} {}\" width=\"{}\" height=\"{}\" progressive=\"1\" sample_aspect_num=\"1\" sample_aspect_den=\"1\" display_aspect_num=\"{}\" display_aspect_den=\"{}\" frame_rate_num=\"{}\" frame_rate_den=\"{}\" colorspace=\"709\"/>",
        plan.width, plan.height, plan.rate, plan.width, plan.height, plan.width, plan.height, plan.rate.num, plan.rate.den
    );
    let mut vlist = String::new();
    let mut alist = String::new();
    let (mut vcur, mut acur) = (0, 0);
    for (i, s) in placed(plan) {
        let (f0, frames) = (s.span.start_frame, s.span.frames());
        let file_frames = match &s.picture {
            Picture::Clip { frames: f, .. } => (*f).max(frames),
            Picture::Still => frames,
        };
        let _ = writeln!(
            x,
            "  <producer id=\"v{i}\" in=\"0\" out=\"{}\"><property name=\"length\">{file_frames}</property><property name=\"resource\">{}</property></producer>",
            file_frames - 1,
            xml_escape(s.picture_path())
        );
        if f0 > vcur {
            let _ = writeln!(vlist, "    <blank length=\"{}\"/>", f0 - vcur);
        }
        let _ = writeln!(
            vlist,
            "    <entry producer=\"v{i}\" in=\"0\" out=\"{}\"/>",
            frames - 1
        );
        vcur = f0 + frames;
        if let Some(a) = &s.audio {
            let file_frames = plan
                .rate
                .frames_for_samples(s.audio_samples, 48000)
                .max(frames);
            let _ = writeln!(
                x,
                "  <producer id=\"a{i}\" in=\"0\" out=\"{}\"><property name=\"length\">{file_frames}</property><property name=\"resource\">{}</property></producer>",
                file_frames - 1,
                xml_escape(&a.path)
            );
            if f0 > acur {
                let _ = writeln!(alist, "    <blank length=\"{}\"/>", f0 - acur);
            }
            let _ = writeln!(
                alist,
                "    <entry producer=\"a{i}\" in=\"0\" out=\"{}\"/>",
                frames - 1
            );
            acur = f0 + frames;
        }
    }
    let _ = write!(x, "  <playlist id=\"playlist_video\">\n{vlist}  </playlist>\n  <playlist id=\"playlist_audio\">\n{alist}  </playlist>\n");
    let _ = writeln!(
        x,
        "  <tractor id=\"tractor0\" in=\"0\" out=\"{}\">",
        (plan.total_frames() - 1).max(0)
    );
    x.push_str("    <properties name=\"shotcut:markers\">\n");
    let mut m = 0;
    for (i, s) in placed(plan) {
        if opens_section(plan, i) {
            let at = clock_ms(plan.rate.frame_to_ms(s.span.start_frame), '.');
            let _ = writeln!(
                x,
                "      <properties name=\"{m}\"><property name=\"text\">{}</property><property name=\"start\">{at}</property><property name=\"end\">{at}</property><property name=\"color\">#008000</property></properties>",
                xml_escape(&plan.sections[s.section].title)
            );
            m += 1;
        }
    }
    x.push_str("    </properties>\n");
    x.push_str("    <track producer=\"playlist_video\" hide=\"audio\"/>\n    <track producer=\"playlist_audio\" hide=\"video\"/>\n");
    x.push_str("    <transition id=\"mix0\"><property name=\"a_track\">0</property><property name=\"b_track\">1</property><property name=\"mlt_service\">mix</property><property name=\"always_active\">1</property><property name=\"sum\">1</property></transition>\n");
    x.push_str("  </tractor>\n</mlt>\n");
    x
}
