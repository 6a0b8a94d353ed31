//! Export bench: a 2,700-sentence project with synthetic, scaled-down media.
//!
//! `cargo bench -p videogen-export --bench export_bench`
//! Media per sentence: 1.5 s 48 kHz mono 16-bit WAV (144 KB), 320x180 PNG, 320x180 24 fps
//! H.264 clip of 3 s (~20 KB) — real projects are larger, the ratios are what matter.
//! Compares: export to a folder (same filesystem) vs `cp -r` of the same media; the ZIP
//! vs `zip -0 -r`; timelines + captions generation; peak memory (VmHWM).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use videogen_export::{
    build_plan, export_project, text_files, zip_folder, ExportOptions, NoProgress,
};
use videogen_model::*;

const SENTENCES: usize = 2700;
const NARRATION_MS: i64 = 1500;

fn asset(file: Option<String>) -> AssetState {
    AssetState {
        file,
        dirty: false,
        rev: 1,
        file_rev: Some(1),
    }
}

fn tree() -> ProjectTree {
    let pid = "01900000-0000-7000-8000-0000000000bb";
    let mut sections = Vec::new();
    for k in 0..27 {
        let sid = format!("01900000-0000-7000-9000-{k:012}");
        let sentences = (0..100)
            .map(|i| {
                let n = k * 100 + i + 1;
                let id = format!("00000000-0000-7000-8000-{n:012}");
                Sentence {
                    id: SentenceId(id.clone()),
                    section_id: SectionId(sid.clone()),
                    text: format!(
                        "Sentence {n}: a narrated line of about the usual length for a video."
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
                    audio_duration_ms: Some(NARRATION_MS),
                    audio_start_ms: None,
                    audio_end_ms: None,
                    section_audio_file: None,
                    word_timings: None,
                    image: asset(Some(format!("projects/{pid}/images/{id}_r1.png"))),
                    video: asset(Some(format!("projects/{pid}/videos/{id}_r1.mp4"))),
                    video_duration_ms: Some(3000),
                    status: SentenceStatus::Complete,
                    created_at: 0,
                    updated_at: 0,
                }
            })
            .collect();
        sections.push(Section {
            id: SectionId(sid),
            project_id: ProjectId(pid.into()),
            title: format!("Chapter {k}"),
            order: k as u32,
            narration: SectionNarration {
                file: None,
                duration_ms: None,
                dirty: false,
                rev: 0,
            },
            sentences,
            created_at: 0,
        });
    }
    ProjectTree {
        project: Project {
            id: ProjectId(pid.into()),
            name: "Bench".into(),
            topic: None,
            target_duration_min: 60,
            visual_style: String::new(),
            voice_id: None,
            model_id: None,
            video_model_id: None,
            style_id: None,
            status: ProjectStatus::Complete,
            width: 320,
            height: 180,
            fps_num: 24,
            fps_den: 1,
            llm_usage: TokenUsage::default(),
            cast: vec![],
            created_at: 0,
            updated_at: 0,
        },
        sections,
    }
}

fn run(cmd: &mut Command) {
    let status = cmd.status().expect("run tool");
    assert!(status.success(), "{cmd:?} failed");
}

fn make_media(tree: &ProjectTree, data: &Path, work: &Path) {
    let clip = work.join("clip.mp4");
    run(Command::new("ffmpeg")
        .args([
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=320x180:rate=24:duration=3",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
        ])
        .arg(&clip));
    let png = work.join("img.png");
    image::RgbImage::from_fn(320, 180, |x, y| image::Rgb([x as u8, y as u8, 90]))
        .save(&png)
        .expect("png");
    let wav = work.join("n.wav");
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 48000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(&wav, spec).expect("wav");
    for i in 0..(NARRATION_MS * 48) {
        w.write_sample(((i * 37) % 20000) as i16).expect("sample");
    }
    w.finalize().expect("wav");
    for s in tree.sentences() {
        for (file, src) in [
            (&s.audio.file, &wav),
            (&s.image.file, &png),
            (&s.video.file, &clip),
        ] {
            let dst = data.join(file.as_ref().expect("media"));
            std::fs::create_dir_all(dst.parent().expect("parent")).expect("dir");
            std::fs::copy(src, dst).expect("copy");
        }
    }
}

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let t = Instant::now();
    let v = f();
    (t.elapsed(), v)
}

fn drop_caches_hint(paths: &[&Path]) {
    // Warm the page cache the same way for both sides: read everything once.
    for p in paths {
        let _ = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "find '{}' -type f -exec cat {{}} + > /dev/null",
                p.display()
            ))
            .status();
    }
}

/// Times every text file's generation (median of 11 runs each, and all together).
fn text_bench(tree: &ProjectTree, data: &Path) {
    use videogen_export::{captions, docs, timeline};
    if !data.exists() {
        for s in tree.sentences() {
            for f in [&s.audio.file, &s.image.file, &s.video.file]
                .into_iter()
                .flatten()
            {
                let p = data.join(f);
                std::fs::create_dir_all(p.parent().expect("parent")).expect("dir");
                std::fs::write(p, b"x").expect("touch");
            }
        }
    }
    let plan = build_plan(tree, data, &ExportOptions::default()).expect("plan");
    let root = Path::new("/tmp/x");
    let median = |f: &dyn Fn() -> usize| {
        let mut runs: Vec<Duration> = (0..11).map(|_| time(f).0).collect();
        runs.sort();
        runs[5]
    };
    let parts: [(&str, &dyn Fn() -> usize); 8] = [
        ("fcpxml", &|| timeline::fcpxml(&plan, root).len()),
        ("xmeml", &|| timeline::xmeml(&plan, root).len()),
        ("otio", &|| timeline::otio(&plan, root).len()),
        ("mlt", &|| timeline::mlt(&plan, root).len()),
        ("edl", &|| timeline::edl_files(&plan).len()),
        ("captions", &|| {
            let c = captions::cues(&plan);
            captions::srt(&c).len() + captions::vtt(&c).len()
        }),
        ("metadata.json", &|| docs::metadata_json(&plan).len()),
        ("script.txt", &|| docs::script_txt(&plan).len()),
    ];
    for (name, f) in parts {
        println!("  {name}: {:.2?}", median(f));
    }
    let all = median(&|| text_files(&plan, root).len());
    println!(
        "timelines + captions + script + metadata for {SENTENCES} sentences: median {all:.2?}"
    );
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_string)
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return; // `cargo test --benches` probes bench binaries this way: nothing to list.
    }
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("export-bench");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("work dir");
    let data = work.join("data");
    let tree = tree();
    if std::env::var("EXPORT_BENCH_ONLY").as_deref() == Ok("text") {
        text_bench(&tree, &data);
        return;
    }
    let (t, ()) = time(|| make_media(&tree, &data, &work));
    println!("setup: {SENTENCES} sentences of synthetic media in {t:.2?}");
    let pid = &tree.project.id.0;
    let media_dir = data.join("projects").join(pid);

    // First export: nothing cached yet (fit checks of every file, probe cache written).
    let (cold, report) = time(|| {
        export_project(
            &tree,
            &data,
            &work.join("cold"),
            &ExportOptions::default(),
            &NoProgress,
        )
        .expect("export")
    });
    println!(
        "first export (nothing cached; clips read by the MP4 header reader): {cold:.2?}, {} files",
        report.files.len()
    );

    // Interleaved rounds, medians: the machine is shared, so single runs are noisy.
    drop_caches_hint(&[&media_dir]);
    let copy_opts = ExportOptions {
        hard_link: false,
        ..Default::default()
    };
    let (mut cps, mut links, mut copies) = (vec![], vec![], vec![]);
    for round in 0..5 {
        let cp_dest = work.join(format!("cp{round}"));
        std::fs::create_dir_all(&cp_dest).expect("dir");
        cps.push(
            time(|| {
                for d in ["audio", "images", "videos"] {
                    run(Command::new("cp")
                        .arg("-r")
                        .arg(media_dir.join(d))
                        .arg(&cp_dest));
                }
            })
            .0,
        );
        let dest = work.join(format!("link{round}"));
        let opts = ExportOptions::default();
        links.push(
            time(|| export_project(&tree, &data, &dest, &opts, &NoProgress).expect("export")).0,
        );
        let dest = work.join(if round == 0 {
            "warm-copy".to_string()
        } else {
            format!("copy{round}")
        });
        copies.push(
            time(|| export_project(&tree, &data, &dest, &copy_opts, &NoProgress).expect("export"))
                .0,
        );
    }
    let med = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (cp, linked, copied) = (med(&mut cps), med(&mut links), med(&mut copies));
    println!("medians of 5 interleaved rounds:");
    println!("cp -r of the media: {cp:.2?}");
    println!(
        "export (hard links): {linked:.2?} = {:.2}x cp speed",
        cp.as_secs_f64() / linked.as_secs_f64()
    );
    println!(
        "export (copies):     {copied:.2?} = {:.2}x cp speed",
        cp.as_secs_f64() / copied.as_secs_f64()
    );

    let folder = work.join("warm-copy");
    drop_caches_hint(&[&folder]);
    let (mut clis, mut ours) = (vec![], vec![]);
    for round in 0..3 {
        let name = format!("cli{round}.zip");
        clis.push(
            time(|| {
                run(Command::new("zip").current_dir(&work).args([
                    "-0",
                    "-r",
                    "-q",
                    &name,
                    "warm-copy",
                ]))
            })
            .0,
        );
        let zip = work.join(format!("ours{round}.zip"));
        ours.push(time(|| zip_folder(&folder, &zip, &NoProgress).expect("zip")).0);
    }
    let (zip_cli, zip_ours) = (med(&mut clis), med(&mut ours));
    println!(
        "zip -0 -r: {zip_cli:.2?}; zip_folder: {zip_ours:.2?} = {:.2}x zip speed (medians of 3)",
        zip_cli.as_secs_f64() / zip_ours.as_secs_f64()
    );
    text_bench(&tree, &data);
    println!(
        "peak memory (VmHWM of the bench process): {:.1} MB",
        peak_rss_mb()
    );
    let _ = std::fs::remove_dir_all(&work);
}
