//! FCP7 XML ("xmeml" v4): Premiere Pro and DaVinci Resolve.

use std::fmt::Write;
use std::path::Path;

use super::fcpxml::file_stem;
use super::{file_url, opens_section, placed, xml_escape};
use crate::plan::{ExportPlan, Picture};

/// The whole xmeml document, media at `root`.
pub fn xmeml(plan: &ExportPlan, root: &Path) -> String {
    let rate = format!(
        "<rate><timebase>{}</timebase><ntsc>{}</ntsc></rate>",
        plan.rate.nominal(),
        if plan.rate.is_ntsc() { "TRUE" } else { "FALSE" }
    );
    let mut x = String::with_capacity(2048 + plan.sentences.len() * 1600);
    let name = xml_escape(&plan.name);
    let total = plan.total_frames();
    x.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE xmeml>\n<xmeml version=\"4\">\n",
    );
    let _ = writeln!(
        x,
        "<sequence id=\"sequence-1\">\n  <name>{name}</name>\n  <duration>{total}</duration>\n  {rate}\n  <timecode>{rate}<string>00:00:00:00</string><frame>0</frame><displayformat>NDF</displayformat></timecode>"
    );
    x.push_str("  <media>\n    <video>\n");
    let _ = writeln!(
        x,
        "      <format><samplecharacteristics>{rate}<width>{}</width><height>{}</height><pixelaspectratio>square</pixelaspectratio></samplecharacteristics></format>\n      <track>",
        plan.width, plan.height
    );
    for (i, s) in placed(plan) {
        let (f0, frames) = (s.span.start_frame, s.span.frames());
        let file_frames = match &s.picture {
            Picture::Clip { frames: f, .. } => (*f).max(frames),
            Picture::Still => frames,
        };
        let path = s.picture_path();
        let _ = writeln!(
            x,
            "        <clipitem id=\"clipitem-v{i}\"><name>{}</name><enabled>TRUE</enabled><duration>{file_frames}</duration>{rate}<start>{f0}</start><end>{}</end><in>0</in><out>{frames}</out>\n          <file id=\"file-v{i}\"><name>{}</name>{rate}<duration>{file_frames}</duration><pathurl>{}</pathurl><media><video><samplecharacteristics><width>{}</width><height>{}</height></samplecharacteristics></video></media></file>\n        </clipitem>",
            xml_escape(&s.clip_name(plan)),
            f0 + frames,
            xml_escape(path.rsplit('/').next().unwrap_or(path)),
            xml_escape(&file_url("file://localhost", root, path)),
            plan.width,
            plan.height
        );
    }
    x.push_str("      </track>\n    </video>\n    <audio>\n      <track>\n");
    for (i, s) in placed(plan) {
        let Some(audio) = &s.audio else { continue };
        let (f0, frames) = (s.span.start_frame, s.span.frames());
        let file_frames = plan
            .rate
            .frames_for_samples(s.audio_samples, 48000)
            .max(frames);
        let _ = writeln!(
            x,
            "        <clipitem id=\"clipitem-a{i}\"><name>{}</name><enabled>TRUE</enabled><duration>{file_frames}</duration>{rate}<start>{f0}</start><end>{}</end><in>0</in><out>{frames}</out>\n          <file id=\"file-a{i}\"><name>{}</name>{rate}<duration>{file_frames}</duration><pathurl>{}</pathurl><media><audio><samplecharacteristics><depth>16</depth><samplerate>48000</samplerate></samplecharacteristics><channelcount>{}</channelcount></audio></media></file>\n          <sourcetrack><mediatype>audio</mediatype><trackindex>1</trackindex></sourcetrack>\n        </clipitem>",
            xml_escape(file_stem(&audio.path)),
            f0 + frames,
            xml_escape(audio.path.rsplit('/').next().unwrap_or(&audio.path)),
            xml_escape(&file_url("file://localhost", root, &audio.path)),
            s.audio_channels
        );
    }
    x.push_str("      </track>\n    </audio>\n  </media>\n");
    for (i, s) in placed(plan) {
        if opens_section(plan, i) {
            let _ = writeln!(
                x,
                "  <marker><name>Section: {}</name><comment></comment><in>{}</in><out>-1</out></marker>",
                xml_escape(&plan.sections[s.section].title),
                s.span.start_frame
            );
        }
    }
    x.push_str("</sequence>\n</xmeml>\n");
    x
}
