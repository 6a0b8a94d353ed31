//! Builders for projects and media used by the tests.

use std::path::Path;
use std::process::Command;

use videogen_model::*;

/// How each sentence's media should look in a test project.
#[derive(Clone, Copy)]
pub struct Media {
    pub audio: bool,
    pub image: bool,
    pub video: bool,
}

pub const ALL: Media = Media {
    audio: true,
    image: true,
    video: true,
};

fn asset(file: Option<String>) -> AssetState {
    AssetState {
        file,
        dirty: false,
        rev: 1,
        file_rev: Some(1),
    }
}

/// A sentence with the given durations; media paths follow the data dir layout.
pub fn sentence(
    pid: &str,
    section: &str,
    n: usize,
    text: &str,
    audio_ms: i64,
    media: Media,
) -> Sentence {
    let id = format!("00000000-0000-7000-8000-{n:012}");
    Sentence {
        id: SentenceId(id.clone()),
        section_id: SectionId(section.to_string()),
        text: text.to_string(),
        order: n as u32,
        image_prompt: None,
        image_prompt_user: None,
        image_prompt_stale: false,
        video_prompt: None,
        video_prompt_user: None,
        video_prompt_stale: false,
        camera_movement: CameraMovement::Static,
        motion_strength: 0.5,
        audio: asset(
            media
                .audio
                .then(|| format!("projects/{pid}/audio/{id}_r1.wav")),
        ),
        audio_duration_ms: Some(audio_ms),
        audio_start_ms: None,
        audio_end_ms: None,
        section_audio_file: None,
        word_timings: None,
        image: asset(
            media
                .image
                .then(|| format!("projects/{pid}/images/{id}_r1.png")),
        ),
        video: asset(
            media
                .video
                .then(|| format!("projects/{pid}/videos/{id}_r1.mp4")),
        ),
        video_duration_ms: Some(5000),
        status: SentenceStatus::Complete,
        created_at: 0,
        updated_at: 0,
        spoken_text: None,
        cast_override: None,
        image_seed: None,
        clip_choice: None,
    }
}

/// A project whose sections have the given titles and sentence counts; sentence `i` (from 0,
/// global) lasts `duration(i)` ms.
pub fn project(
    titles: &[(&str, usize)],
    fps: (u32, u32),
    size: (u32, u32),
    duration: impl Fn(usize) -> i64,
    media: Media,
) -> ProjectTree {
    let pid = "01900000-0000-7000-8000-000000000001";
    let mut n = 0;
    let sections = titles
        .iter()
        .enumerate()
        .map(|(k, (title, count))| {
            let sid = format!("01900000-0000-7000-9000-{k:012}");
            let sentences = (0..*count)
                .map(|_| {
                    n += 1;
                    sentence(
                        pid,
                        &sid,
                        n,
                        &format!("Sentence number {n} & <more>."),
                        duration(n - 1),
                        media,
                    )
                })
                .collect();
            Section {
                id: SectionId(sid),
                project_id: ProjectId(pid.into()),
                title: title.to_string(),
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
            name: "My Project: A & B".into(),
            topic: None,
            target_duration_min: 8,
            visual_style: String::new(),
            voice_id: None,
            model_id: None,
            video_model_id: None,
            style_id: None,
            status: ProjectStatus::Complete,
            width: size.0,
            height: size.1,
            fps_num: fps.0,
            fps_den: fps.1,
            llm_usage: TokenUsage::default(),
            cast: vec![],
            created_at: 0,
            updated_at: 0,
            llm_cost_usd: 0.0,
            llm_spend_cap_usd: None,
            narration_mode: videogen_model::NarrationMode::Sentence,
            tts_engine: videogen_model::TtsEngine::Chatterbox,
            tts_settings: Default::default(),
            language: "en".into(),
            sentence_pause_ms: 0,
            source_notes: None,
        },
        sections,
    }
}

/// Creates empty placeholder files for every media path of `tree` (enough for planning).
pub fn touch_media(tree: &ProjectTree, data: &Path) {
    for s in tree.sentences() {
        for f in [&s.audio.file, &s.image.file, &s.video.file]
            .into_iter()
            .flatten()
        {
            let p = data.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, b"x").unwrap();
        }
    }
}

/// Writes a silent 16-bit WAV of `ms` at `rate`.
pub fn write_wav(path: &Path, ms: i64, rate: u32) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for i in 0..(ms * i64::from(rate) / 1000) {
        w.write_sample(((i % 100) as i16) * 10).unwrap();
    }
    w.finalize().unwrap();
}

/// Writes a PNG of the given size.
pub fn write_png(path: &Path, w: u32, h: u32) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    image::RgbImage::from_pixel(w, h, image::Rgb([200, 100, 50]))
        .save(path)
        .unwrap();
}

/// Writes an H.264 yuv420p MP4 test pattern with ffmpeg.
pub fn write_mp4(path: &Path, w: u32, h: u32, fps: &str, seconds: f64) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = Command::new("ffmpeg")
        .args(["-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i"])
        .arg(format!(
            "testsrc=size={w}x{h}:rate={fps}:duration={seconds}"
        ))
        .args([
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "-preset",
            "ultrafast",
        ])
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success(), "ffmpeg could not make a test clip");
}

/// Writes real media for every sentence of `tree`: WAVs of the stored durations at
/// `wav_rate`, PNGs and a clip copied from one rendered `clip`.
pub fn real_media(tree: &ProjectTree, data: &Path, wav_rate: u32, clip: &Path) {
    let (w, h) = (tree.project.width, tree.project.height);
    let png = data.join("template.png");
    write_png(&png, w, h);
    for s in tree.sentences() {
        if let Some(f) = &s.audio.file {
            write_wav(&data.join(f), s.audio_duration_ms.unwrap(), wav_rate);
        }
        if let Some(f) = &s.image.file {
            std::fs::create_dir_all(data.join(f).parent().unwrap()).unwrap();
            std::fs::copy(&png, data.join(f)).unwrap();
        }
        if let Some(f) = &s.video.file {
            std::fs::create_dir_all(data.join(f).parent().unwrap()).unwrap();
            std::fs::copy(clip, data.join(f)).unwrap();
        }
    }
}
