//! Rough-cut bench: a 20-minute storyboard (240 sentences × 5 s, 12 sections) of clips
//! already conformed to 1280x720 at 24 fps, rendered to one MP4.
//!
//! `cargo bench -p videogen-export --bench roughcut_bench`
//!
//! Targets (issue 12): with soft subtitles ≤ 0.3 × real time (stream copy of the clips,
//! narration to AAC, captions and chapters); with burned-in subtitles (one re-encode)
//! ≤ 1.0 × real time. One clip, one narration WAV, hard-linked for every sentence (the
//! rough cut's cost does not depend on the pictures being distinct). Exits 1 on a miss.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use videogen_export::{render_roughcut, ExportOptions, NoProgress, RoughcutOptions};
use videogen_model::*;

const SECTIONS: usize = 12;
const PER_SECTION: usize = 20;
const SENTENCE_MS: i64 = 5000;

fn asset(file: Option<String>) -> AssetState {
    AssetState {
        file,
        dirty: false,
        rev: 1,
        file_rev: Some(1),
    }
}

fn tree() -> ProjectTree {
    let pid = "01900000-0000-7000-8000-0000000000cc";
    let sections = (0..SECTIONS)
        .map(|k| {
            let sid = format!("01900000-0000-7000-9000-{k:012}");
            let sentences = (0..PER_SECTION)
                .map(|i| {
                    let n = k * PER_SECTION + i + 1;
                    let id = format!("00000000-0000-7000-8000-{n:012}");
                    Sentence {
                        id: SentenceId(id.clone()),
                        section_id: SectionId(sid.clone()),
                        text: format!(
                            "Sentence {n}: a narrated line of about the usual length, long enough to wrap onto two caption lines."
                        ),
                        order: i as u32,
                        image_prompt: None,
                        image_prompt_user: None,
                        image_prompt_stale: false,
                        video_prompt: None,
                        video_prompt_user: None,
                        video_prompt_stale: false,
                        camera_movement: CameraMovement::Static,
                        motion_strength: 0.5,
                        audio: asset(Some(format!("projects/{pid}/audio/{id}_r1.wav"))),
                        audio_duration_ms: Some(SENTENCE_MS),
                        audio_start_ms: None,
                        audio_end_ms: None,
                        section_audio_file: None,
                        word_timings: None,
                        image: asset(None),
                        video: asset(Some(format!("projects/{pid}/videos/{id}_r1.mp4"))),
                        video_duration_ms: Some(SENTENCE_MS),
                        status: SentenceStatus::Complete,
                        spoken_text: None,
                        cast_override: None,
                        image_seed: None,
                        clip_choice: None,
                        created_at: 0,
                        updated_at: 0,
                    }
                })
                .collect();
            Section {
                id: SectionId(sid),
                project_id: ProjectId(pid.into()),
                title: format!("Chapter {}", k + 1),
                order: k as u32,
                narration: SectionNarration {
                    file: None,
                    duration_ms: None,
                    dirty: false,
                    rev: 0,
                },
                sentences,
                created_at: 0,
            }
        })
        .collect();
    ProjectTree {
        project: Project {
            id: ProjectId(pid.into()),
            name: "Rough cut bench".into(),
            topic: None,
            target_duration_min: 20,
            visual_style: String::new(),
            voice_id: None,
            model_id: None,
            video_model_id: None,
            style_id: None,
            status: ProjectStatus::Complete,
            width: 1280,
            height: 720,
            fps_num: 24,
            fps_den: 1,
            llm_usage: TokenUsage::default(),
            llm_cost_usd: 0.0,
            llm_spend_cap_usd: None,
            narration_mode: NarrationMode::Sentence,
            tts_engine: TtsEngine::Chatterbox,
            tts_settings: TtsSettings::default(),
            language: "en".into(),
            sentence_pause_ms: 0,
            source_notes: None,
            cast: vec![],
            created_at: 0,
            updated_at: 0,
        },
        sections,
    }
}

fn run(cmd: &mut Command) {
    let status = cmd.status().expect("start");
    assert!(status.success(), "{cmd:?} failed");
}

/// One conformed 5 s clip (moving test pattern, 120 frames) and one 5 s narration,
/// hard-linked under every sentence's path.
fn make_media(tree: &ProjectTree, data: &Path, work: &Path) {
    let clip = work.join("clip.mp4");
    run(Command::new("ffmpeg")
        .args(["-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i"])
        .arg("testsrc2=size=1280x720:rate=24:duration=5")
        .args(["-c:v", "libx264", "-preset", "veryfast", "-crf", "20"])
        .args(["-pix_fmt", "yuv420p", "-g", "48", "-flags", "+cgop"])
        .arg(&clip));
    let wav = work.join("voice.wav");
    run(Command::new("ffmpeg")
        .args(["-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i"])
        .arg("sine=frequency=300:sample_rate=48000:duration=5")
        .args(["-c:a", "pcm_s16le"])
        .arg(&wav));
    for s in tree.sentences() {
        for (file, src) in [(&s.audio.file, &wav), (&s.video.file, &clip)] {
            let dst = data.join(file.as_ref().expect("media path"));
            std::fs::create_dir_all(dst.parent().expect("parent")).expect("mkdir");
            std::fs::hard_link(src, &dst)
                .or_else(|_| std::fs::copy(src, &dst).map(|_| ()))
                .expect("link");
        }
    }
}

fn frames_of(file: &Path) -> i64 {
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-select_streams", "v:0", "-show_entries"])
        .args(["stream=nb_frames", "-of", "csv=p=0"])
        .arg(file)
        .output()
        .expect("ffprobe");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(-1)
}

fn main() {
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("roughcut-bench");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("work dir");
    let data = work.join("data");
    let tree = tree();
    let t = Instant::now();
    make_media(&tree, &data, &work);
    println!("media made in {:.1} s", t.elapsed().as_secs_f64());
    let film_s = (SECTIONS * PER_SECTION) as f64 * SENTENCE_MS as f64 / 1000.0;
    let expected_frames = (film_s * 24.0) as i64;
    let mut missed = Vec::new();
    for (label, burn, target) in [
        ("soft subtitles", false, 0.3),
        ("burned-in subtitles", true, 1.0),
    ] {
        let out = work.join(if burn { "burned.mp4" } else { "soft.mp4" });
        let options = RoughcutOptions {
            timeline: ExportOptions::default(),
            burn_subtitles: burn,
            ..RoughcutOptions::default()
        };
        let t = Instant::now();
        let report = render_roughcut(&tree, &data, &out, &options, &NoProgress);
        let secs = t.elapsed().as_secs_f64();
        let report = match report {
            Ok(r) => r,
            Err(e) => {
                println!("{label}: failed: {e}");
                missed.push(label);
                continue;
            }
        };
        let ratio = secs / film_s;
        let frames = frames_of(&out);
        let ok = ratio <= target && frames == expected_frames;
        println!(
            "{label}: {secs:.1} s for {:.0} min = {ratio:.3} × real time (target ≤ {target}) — {frames} frames (want {expected_frames}), {} cues, {} chapters, {} clips copied, {} encoded: {}",
            film_s / 60.0,
            report.cues,
            report.chapters.len(),
            report.copied_segments,
            report.encoded_segments,
            if ok { "ok" } else { "MISSED" }
        );
        if !ok {
            missed.push(label);
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    if !missed.is_empty() {
        eprintln!("roughcut_bench: targets missed: {}", missed.join(", "));
        std::process::exit(1);
    }
}
