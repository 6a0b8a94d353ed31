//! The rough cut: one MP4 (H.264 + AAC, the project's size and rate) of the whole
//! storyboard or one section, cut at exactly the frames of the exported timelines.
//!
//! It takes the export's plan (the same [`build_plan`] and the same conformed media), so
//! there is no second timing calculation: each sentence's picture becomes a segment of
//! exactly its frames ([`segments`]), ffmpeg's concat demuxer joins them by stream copy,
//! and the narration WAVs, placed at their frames with the pauses between, become one AAC
//! track. Captions (the same cues as the export's SRT) go in as a soft `mov_text` track or
//! are burned in (the one re-encode); the sections become chapters in the MP4 and a
//! YouTube-style `chapters.txt` next to it; an optional music bed is looped, faded and
//! ducked under the voice.

mod audio;
pub mod chapters;
mod run;
mod segments;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use videogen_model::{ProjectTree, SectionId};

use crate::captions;
use crate::error::ExportError;
use crate::export::ExportProgress;
use crate::media::prepare_media;
use crate::plan::{build_plan, ExportOptions, ExportPlan, ExportWarning, Picture};
pub use chapters::Chapter;

/// Name of the chapter list written next to the film.
pub const CHAPTERS_TXT: &str = "chapters.txt";

/// Loudness of the music bed before ducking (the file's own level × this): about -9 dB,
/// under a voice normalised near full scale.
const BED_GAIN: f64 = 0.35;

/// What the caller chose for a rough cut.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoughcutOptions {
    /// Timeline choices (rate, size, pauses, strict): the same as the export's, so the
    /// film is cut where its timelines are.
    pub timeline: ExportOptions,
    /// Only this section (its frames shifted to start the film at 0); `None`: everything.
    pub section: Option<SectionId>,
    /// Burn the captions into the picture (one re-encode) instead of a soft track.
    pub burn_subtitles: bool,
    /// A music file (any format ffmpeg reads) looped and faded to the film's length and
    /// ducked under the voice.
    pub music: Option<PathBuf>,
}

/// What a rough cut wrote.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoughcutReport {
    /// The MP4.
    pub output: PathBuf,
    /// `chapters.txt` next to it.
    pub chapters_file: PathBuf,
    /// Length in frames (the timeline's, or the section's).
    pub frames: i64,
    /// Length, ms.
    pub duration_ms: i64,
    /// Sentences in the film.
    pub sentences: usize,
    /// Caption cues (soft track or burned in).
    pub cues: usize,
    /// Chapters, one per section.
    pub chapters: Vec<Chapter>,
    /// Prepared clips used by stream copy as they are.
    pub copied_segments: usize,
    /// Segments encoded in this run (others came from the cache).
    pub encoded_segments: usize,
    /// Fallbacks used (stills, slates, held frames, silent slots).
    pub warnings: Vec<ExportWarning>,
}

/// Removes the partial film and the work folder unless disarmed, so a failed or cancelled
/// render leaves nothing behind.
struct Cleanup {
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
    armed: bool,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        for d in &self.dirs {
            let _ = std::fs::remove_dir_all(d);
        }
        if self.armed {
            for f in &self.files {
                let _ = std::fs::remove_file(f);
            }
        }
    }
}

fn absolute(path: &Path) -> Result<PathBuf, ExportError> {
    if path.is_absolute() {
        return Ok(path.to_path_buf());
    }
    std::env::current_dir()
        .map(|d| d.join(path))
        .map_err(|e| ExportError::io("resolving", path, e))
}

/// Keeps only `section`'s sentences and shifts them by whole frames so the film starts at
/// frame 0: its cuts stay the timeline's cuts.
fn keep_section(
    plan: &mut ExportPlan,
    tree: &ProjectTree,
    section: &SectionId,
) -> Result<(), ExportError> {
    let index = tree
        .sections
        .iter()
        .position(|s| &s.id == section)
        .ok_or_else(|| {
            ExportError::InvalidInput(format!(
                "project \"{}\" has no section {}: pick one of its sections",
                tree.project.name, section.0
            ))
        })?;
    plan.sentences.retain(|s| s.section == index);
    let Some(first) = plan.sentences.first() else {
        return Err(ExportError::InvalidInput(format!(
            "section \"{}\" has no sentences: add some before rendering it",
            plan.sections[index].title
        )));
    };
    let (frames, ms) = (first.span.start_frame, first.span.start_ms);
    for s in &mut plan.sentences {
        s.span.start_frame -= frames;
        s.span.end_frame -= frames;
        s.span.start_ms -= ms;
    }
    let numbers: Vec<&str> = plan.sentences.iter().map(|s| s.number.as_str()).collect();
    plan.warnings
        .retain(|w| numbers.contains(&w.number.as_str()));
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), ExportError> {
    std::fs::write(path, text).map_err(|e| ExportError::io("writing", path, e))
}

/// The audio part of the final command: inputs after the narration and the filter graph.
fn audio_graph(music: Option<usize>, seconds: f64) -> Option<String> {
    let m = music?;
    let fade_in = (seconds / 4.0).min(1.5);
    let fade_out = (seconds / 4.0).min(3.0);
    let fmt = "aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo";
    // The voice is both heard and the compressor's key: the bed drops about 20 dB while
    // anyone speaks and comes back within half a second of a pause.
    Some(format!(
        "[1:a]{fmt},asplit=2[voice][key];\
         [{m}:a]{fmt},atrim=end={seconds:.6},asetpts=PTS-STARTPTS,volume={BED_GAIN},\
         afade=t=in:d={fade_in:.3},afade=t=out:st={:.6}:d={fade_out:.3}[bed];\
         [bed][key]sidechaincompress=threshold=0.02:ratio=12:attack=15:release=400[ducked];\
         [voice][ducked]amix=inputs=2:duration=first:dropout_transition=0:normalize=0[aout]",
        (seconds - fade_out).max(0.0)
    ))
}

/// Renders the rough cut of `tree` (media relative to `data_dir`) to the MP4 `out`.
///
/// Written to a temporary name in `out`'s folder and renamed into place (an older film at
/// `out` is replaced only by a finished one); `chapters.txt` is written next to it. On
/// error or cancel nothing new is left. Conformed media and encoded segments are cached
/// under `projects/{projectId}/conformed/`, so a second render is a stream copy.
pub fn render_roughcut(
    tree: &ProjectTree,
    data_dir: &Path,
    out: &Path,
    options: &RoughcutOptions,
    progress: &dyn ExportProgress,
) -> Result<RoughcutReport, ExportError> {
    let out = absolute(out)?;
    let name = crate::export::last_name(&out, "a file name: give the path of an .mp4 file")?;
    if out.is_dir() {
        return Err(ExportError::InvalidInput(format!(
            "{} is a folder: give the path of an .mp4 file",
            out.display()
        )));
    }
    if options.burn_subtitles && !run::has_subtitles_filter()? {
        return Err(ExportError::InvalidInput(
            "this ffmpeg cannot burn in subtitles (it was built without libass, so it has no \
             `subtitles` filter): install an ffmpeg built with libass (Debian: apt install \
             ffmpeg) or render with soft subtitles"
                .into(),
        ));
    }
    let music = match &options.music {
        Some(m) if !m.is_file() => {
            return Err(ExportError::InvalidInput(format!(
                "the music file {} does not exist: choose an audio file",
                m.display()
            )))
        }
        Some(m) => Some(absolute(m)?),
        None => None,
    };
    let cancelled = || progress.is_cancelled();
    progress.progress(0.0, "preparing");
    let mut plan = build_plan(tree, data_dir, &options.timeline)?;
    if let Some(section) = &options.section {
        keep_section(&mut plan, tree, section)?;
    }
    let media = prepare_media(
        &mut plan,
        data_dir,
        &tree.project.id.0,
        &cancelled,
        &mut |done, total| {
            progress.progress(0.25 * done as f64 / total.max(1) as f64, "conforming media")
        },
    )?;
    if options.timeline.strict && !plan.warnings.is_empty() {
        return Err(ExportError::Strict(plan.warnings));
    }
    let ready: HashMap<&str, &Path> = media
        .iter()
        .map(|m| (m.export_path.as_str(), m.file.as_path()))
        .collect();

    let parent = out.parent().unwrap_or(Path::new("/")).to_path_buf();
    std::fs::create_dir_all(&parent).map_err(|e| ExportError::TargetUnwritable {
        path: parent.clone(),
        source: e,
    })?;
    let partial = parent.join(format!(".{name}.partial"));
    let work = parent.join(format!(".{name}.work"));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir(&work).map_err(|e| ExportError::TargetUnwritable {
        path: work.clone(),
        source: e,
    })?;
    let mut cleanup = Cleanup {
        files: vec![partial.clone()],
        dirs: vec![work.clone()],
        armed: true,
    };

    // Pictures.
    let cache = data_dir
        .join("projects")
        .join(&tree.project.id.0)
        .join("conformed");
    let picture = |i: usize| {
        let s = &plan.sentences[i];
        let path = match &s.picture {
            Picture::Clip { media, .. } => &media.path,
            Picture::Still => &s.image.path,
        };
        ready.get(path.as_str()).map(|p| p.to_path_buf())
    };
    let segments = segments::make_segments(&plan, &picture, &cache, &cancelled, &|d, t| {
        progress.progress(0.25 + 0.25 * d as f64 / t.max(1) as f64, "cutting pictures")
    })?;
    let total_frames = plan.total_frames();
    let list = work.join("pictures.ffconcat");
    write(&list, &segments::concat_list(&segments.list, plan.rate))?;

    // Narration.
    progress.progress(0.5, "placing narration");
    let placed: Vec<audio::Placed> = plan
        .sentences
        .iter()
        .filter_map(|s| {
            let file = ready.get(s.audio.as_ref()?.path.as_str())?;
            Some(audio::Placed {
                file: file.to_path_buf(),
                start_frame: s.span.start_frame,
                end_frame: s.span.end_frame,
            })
        })
        .collect();
    let narration = work.join("narration.wav");
    audio::write_narration(&placed, plan.rate, total_frames, &narration, &cancelled)?;

    // Captions and chapters.
    let cues = captions::cues(&plan);
    write(&work.join("captions.srt"), &captions::srt(&cues))?;
    let chapter_list = chapters::chapters(&plan);
    let title = match &options.section {
        Some(_) => format!(
            "{}: {}",
            plan.name,
            chapter_list.first().map_or("", |c| c.title.as_str())
        ),
        None => plan.name.clone(),
    };
    write(
        &work.join("chapters.ffmeta"),
        &chapters::ffmetadata(&title, plan.rate, &chapter_list),
    )?;

    // The one ffmpeg run that makes the film.
    let seconds = plan.rate.frame_to_ms(total_frames) as f64 / 1000.0;
    let duration_us = (seconds * 1e6).max(1.0);
    let mut args: Vec<String> = ["-f", "concat", "-safe", "0", "-i", "pictures.ffconcat"]
        .map(String::from)
        .to_vec();
    args.extend(["-i", "narration.wav"].map(String::from));
    let mut next = 2;
    let music_input = music.as_ref().map(|m| {
        args.extend(["-stream_loop".into(), "-1".into(), "-i".into()]);
        args.push(m.display().to_string());
        next += 1;
        next - 1
    });
    let soft = !options.burn_subtitles && !cues.is_empty();
    let subs_input = soft.then(|| {
        args.extend(["-i", "captions.srt"].map(String::from));
        next += 1;
        next - 1
    });
    args.extend(["-i", "chapters.ffmeta"].map(String::from));
    let meta_input = next;
    args.extend(["-map".into(), "0:v:0".into()]);
    match audio_graph(music_input, seconds) {
        Some(graph) => args.extend([
            "-filter_complex".into(),
            graph,
            "-map".into(),
            "[aout]".into(),
        ]),
        None => args.extend(["-map", "1:a:0"].map(String::from)),
    }
    if let Some(s) = subs_input {
        args.extend([
            "-map".into(),
            format!("{s}:s:0"),
            "-c:s".into(),
            "mov_text".into(),
        ]);
    }
    args.extend([
        "-map_metadata".into(),
        meta_input.to_string(),
        "-map_chapters".into(),
        meta_input.to_string(),
    ]);
    if options.burn_subtitles && !cues.is_empty() {
        let gop = (plan.rate.nominal() * 2).to_string();
        args.extend(
            [
                "-vf",
                "subtitles=captions.srt",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-crf",
                "20",
                "-profile:v",
                "high",
                "-pix_fmt",
                "yuv420p",
                "-g",
                &gop,
                "-colorspace",
                "bt709",
                "-color_primaries",
                "bt709",
                "-color_trc",
                "bt709",
            ]
            .map(String::from),
        );
    } else {
        args.extend(["-c:v", "copy"].map(String::from));
    }
    args.extend(
        [
            "-c:a",
            "aac",
            "-b:a",
            "160k",
            "-ar",
            "48000",
            "-movflags",
            "+faststart",
            "-f",
            "mp4",
        ]
        .map(String::from),
    );
    args.push(partial.display().to_string());
    progress.progress(0.55, "writing the film");
    run::ffmpeg_with_progress(&args, &work, &out, &cancelled, &|us| {
        let f = (us as f64 / duration_us).clamp(0.0, 1.0);
        progress.progress(0.55 + 0.44 * f, "writing the film");
    })?;
    if cancelled() {
        return Err(ExportError::Cancelled);
    }
    let chapters_file = parent.join(CHAPTERS_TXT);
    let chapters_tmp = work.join(CHAPTERS_TXT);
    write(
        &chapters_tmp,
        &chapters::chapters_txt(plan.rate, &chapter_list, total_frames),
    )?;
    std::fs::rename(&partial, &out).map_err(|e| ExportError::io("renaming", &partial, e))?;
    cleanup.armed = false;
    std::fs::rename(&chapters_tmp, &chapters_file)
        .map_err(|e| ExportError::io("saving", &chapters_file, e))?;
    progress.progress(1.0, "done");
    Ok(RoughcutReport {
        output: out,
        chapters_file,
        frames: total_frames,
        duration_ms: plan.rate.frame_to_ms(total_frames),
        sentences: plan.sentences.len(),
        cues: cues.len(),
        chapters: chapter_list,
        copied_segments: segments.copied,
        encoded_segments: segments.encoded,
        warnings: plan.warnings,
    })
}
