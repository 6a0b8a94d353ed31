//! Export bench: a 2,700-sentence project with synthetic, scaled-down media.
//!
//! `cargo bench -p videogen-export --bench export_bench`
//! Media per sentence, each file distinct (its own samples, pixels and bytes): a 1.5 s
//! 48 kHz mono 16-bit WAV (144 KB), a 320x180 PNG, a 320x180 24 fps H.264 clip of 3 s —
//! real projects are larger, the ratios are what matter. All fit the timeline, so the
//! export places them without conforming.
//!
//! Headline: export in copy mode (no hard links) vs `cp -r` of the same files onto the same
//! filesystem, page cache warmed the same way before each side, alternating which goes
//! first, median of several rounds (target ≥ 0.9× cp's speed). Also: hard-link mode (its
//! own line), the ZIP vs `zip -0 -r`, timelines + captions generation, peak memory.
//! Exits 1 when any figure misses its target.

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
                    spoken_text: None,
                    cast_override: None,
                    image_seed: None,
                    clip_choice: None,
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
    let status = cmd.status().expect("run tool");
    assert!(status.success(), "{cmd:?} failed");
}

/// A byte stream that differs for every `seed` (xorshift64*).
fn noise(seed: u64) -> impl Iterator<Item = u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    std::iter::from_fn(move || {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        Some((x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8)
    })
}

/// Writes one distinct WAV, PNG and MP4 per sentence: every file has its own bytes, and
/// each is still media the export accepts as is (valid PCM, a decodable PNG of the project
/// size, the same H.264 stream with a unique `free` box appended after its `moov`).
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
    let clip = std::fs::read(&clip).expect("clip");
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 48000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut wav = std::io::Cursor::new(Vec::new());
    {
        let mut w = hound::WavWriter::new(&mut wav, spec).expect("wav");
        for _ in 0..(NARRATION_MS * 48) {
            w.write_sample(0i16).expect("sample");
        }
        w.finalize().expect("wav");
    }
    let wav = wav.into_inner();
    let samples_at = wav
        .windows(4)
        .position(|w| w == b"data")
        .expect("data chunk")
        + 8;
    let sentences: Vec<&Sentence> = tree.sentences().collect();
    // Two threads: PNG encoding is most of the setup.
    std::thread::scope(|scope| {
        let half = sentences.len().div_ceil(2);
        for (part, chunk) in sentences.chunks(half).enumerate() {
            let (wav, clip) = (&wav, &clip);
            scope.spawn(move || {
                for (i, s) in chunk.iter().enumerate() {
                    let n = (part * half + i + 1) as u64;
                    let mut audio = wav.clone();
                    for (b, r) in audio[samples_at..].iter_mut().zip(noise(n)) {
                        *b = r >> 2; // quiet noise, distinct per sentence
                    }
                    let png = image::RgbImage::from_fn(320, 180, |x, y| {
                        image::Rgb([
                            (x as u8).wrapping_add(n as u8),
                            (y as u8) ^ (n >> 8) as u8,
                            ((x ^ y) as u8).wrapping_mul(n as u8 | 1),
                        ])
                    });
                    let mut png_bytes = std::io::Cursor::new(Vec::new());
                    png.write_to(&mut png_bytes, image::ImageFormat::Png)
                        .expect("png");
                    let mut video = clip.clone();
                    let tail: Vec<u8> = noise(n ^ 0xC11F).take(1016).collect();
                    video.extend_from_slice(&1024u32.to_be_bytes());
                    video.extend_from_slice(b"free");
                    video.extend_from_slice(&tail);
                    for (file, bytes) in [
                        (&s.audio.file, audio),
                        (&s.image.file, png_bytes.into_inner()),
                        (&s.video.file, video),
                    ] {
                        let dst = data.join(file.as_ref().expect("media"));
                        std::fs::create_dir_all(dst.parent().expect("parent")).expect("dir");
                        std::fs::write(dst, bytes).expect("write media");
                    }
                }
            });
        }
    });
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            let e = e.expect("entry");
            let m = e.metadata().expect("metadata");
            if m.is_dir() {
                dir_bytes(&e.path())
            } else {
                m.len()
            }
        })
        .sum()
}

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let t = Instant::now();
    let v = f();
    (t.elapsed(), v)
}

/// Puts the machine in the same state before each timed side: dirty pages of earlier
/// rounds written back (`sync`), and every source file read once, so both sides copy from
/// a warm page cache. (Dropping the cache instead needs `/proc/sys/vm/drop_caches`, which
/// this machine does not allow, and would measure the disk, not the copy.)
fn settle(sources: &[&Path]) {
    run(&mut Command::new("sync"));
    for p in sources {
        run(Command::new("sh").arg("-c").arg(format!(
            "find '{}' -type f -exec cat {{}} + > /dev/null",
            p.display()
        )));
    }
}

/// Times every text file's generation (median of 11 runs each, and all together).
fn text_bench(tree: &ProjectTree, data: &Path) -> Duration {
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
    all
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

/// Rounds of each timed comparison. Even, so that each side goes first in half of them:
/// on the shared build machine a copy of 0.7 GB takes 0.6 s or 3–5 s from one run to the
/// next, and the first copy after a quiet spell is the fast one more often.
const ROUNDS: usize = 8;

/// The median (the mean of the middle two for an even count).
fn median(v: &[Duration]) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2
    }
}

fn list(v: &[Duration]) -> String {
    v.iter()
        .map(|d| format!("{:.2}", d.as_secs_f64()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Targets met and missed; a miss makes the bench exit 1.
#[derive(Default)]
struct Verdicts(Vec<String>);

impl Verdicts {
    fn check(&mut self, what: &str, ok: bool, detail: String) {
        println!("  {} {what}: {detail}", if ok { "PASS" } else { "FAIL" });
        if !ok {
            self.0.push(format!("{what}: {detail}"));
        }
    }
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
    let mut verdicts = Verdicts::default();
    if std::env::var("EXPORT_BENCH_ONLY").as_deref() == Ok("text") {
        let all = text_bench(&tree, &data);
        verdicts.check(
            "all text files <= 200 ms",
            all <= Duration::from_millis(200),
            format!("{all:.2?}"),
        );
        finish(verdicts, &work);
        return;
    }
    let (t, ()) = time(|| make_media(&tree, &data, &work));
    let pid = &tree.project.id.0;
    let media_dir = data.join("projects").join(pid);
    let media_mb = dir_bytes(&media_dir) as f64 / 1e6;
    println!(
        "setup: {} distinct media files ({media_mb:.0} MB) for {SENTENCES} sentences in {t:.2?}",
        SENTENCES * 3
    );

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
    assert!(
        report.warnings.is_empty(),
        "the bench media must fit as they are: {:?}",
        report.warnings.first()
    );
    std::fs::remove_dir_all(work.join("cold")).expect("remove");

    // Copy mode vs cp -r: the same 8,100 files onto the same filesystem, the page cache
    // warmed and dirty pages written back before each side, the order alternating.
    let copy_opts = ExportOptions {
        hard_link: false,
        ..Default::default()
    };
    let cp_media = |dest: &Path| {
        std::fs::create_dir_all(dest).expect("dir");
        for d in ["audio", "images", "videos"] {
            run(Command::new("cp")
                .arg("-r")
                .arg(media_dir.join(d))
                .arg(dest));
        }
    };
    let (mut cps, mut copies) = (vec![], vec![]);
    for round in 0..ROUNDS {
        let (cp_dest, dest) = (work.join("cp"), work.join("copy"));
        for side in [round % 2, 1 - round % 2] {
            settle(&[&media_dir]);
            if side == 0 {
                cps.push(time(|| cp_media(&cp_dest)).0);
            } else {
                let (t, r) = time(|| {
                    export_project(&tree, &data, &dest, &copy_opts, &NoProgress).expect("export")
                });
                assert_eq!((r.copied, r.linked), (SENTENCES * 3, 0));
                copies.push(t);
            }
        }
        if round + 1 < ROUNDS {
            std::fs::remove_dir_all(&cp_dest).expect("remove");
            std::fs::remove_dir_all(&dest).expect("remove");
        }
    }
    // Hard links: no bytes copied, so it is its own line, not the comparison.
    let mut links = vec![];
    for _ in 0..ROUNDS {
        let dest = work.join("link");
        settle(&[&media_dir]);
        let (t, r) = time(|| {
            export_project(&tree, &data, &dest, &ExportOptions::default(), &NoProgress)
                .expect("export")
        });
        assert_eq!(r.linked, SENTENCES * 3);
        links.push(t);
        std::fs::remove_dir_all(&dest).expect("remove");
    }
    let (cp, copied, linked) = (median(&cps), median(&copies), median(&links));
    let speed = cp.as_secs_f64() / copied.as_secs_f64();
    println!(
        "medians of {ROUNDS} rounds ({media_mb:.0} MB in {} files):",
        SENTENCES * 3
    );
    println!(
        "  cp -r of the media:            {cp:.2?}  [{} s]",
        list(&cps)
    );
    println!(
        "  export, copy mode:             {copied:.2?} = {speed:.2}x cp speed  [{} s]",
        list(&copies)
    );
    println!(
        "  export, hard links (own line): {linked:.2?} = {:.2}x cp speed  [{} s]",
        cp.as_secs_f64() / linked.as_secs_f64(),
        list(&links)
    );
    // The same comparison within each round (both sides seconds apart), as a check on
    // the ratio of medians.
    let mut per_round: Vec<f64> = cps
        .iter()
        .zip(&copies)
        .map(|(c, e)| c.as_secs_f64() / e.as_secs_f64())
        .collect();
    per_round.sort_by(f64::total_cmp);
    let n = per_round.len();
    println!(
        "  copy mode vs cp -r, round by round: median {:.2}x  [{}]",
        (per_round[(n - 1) / 2] + per_round[n / 2]) / 2.0,
        per_round
            .iter()
            .map(|r| format!("{r:.2}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    verdicts.check(
        "export (copy mode) >= 0.9x cp -r speed",
        speed >= 0.9,
        format!("{speed:.2}x"),
    );

    let folder = work.join("copy");
    let (mut clis, mut ours) = (vec![], vec![]);
    for round in 0..3 {
        settle(&[&folder]);
        let name = format!("cli{round}.zip");
        clis.push(
            time(|| {
                run(Command::new("zip")
                    .current_dir(&work)
                    .args(["-0", "-r", "-q", &name, "copy"]))
            })
            .0,
        );
        settle(&[&folder]);
        let zip = work.join(format!("ours{round}.zip"));
        ours.push(time(|| zip_folder(&folder, &zip, &NoProgress).expect("zip")).0);
        let _ = std::fs::remove_file(work.join(&name));
        let _ = std::fs::remove_file(&zip);
    }
    let (zip_cli, zip_ours) = (median(&clis), median(&ours));
    let zip_speed = zip_cli.as_secs_f64() / zip_ours.as_secs_f64();
    println!(
        "zip -0 -r: {zip_cli:.2?}; zip_folder: {zip_ours:.2?} = {zip_speed:.2}x zip speed (medians of 3)"
    );
    verdicts.check(
        "zip_folder >= 0.8x zip -0 -r speed",
        zip_speed >= 0.8,
        format!("{zip_speed:.2}x"),
    );
    let all = text_bench(&tree, &data);
    verdicts.check(
        "all text files <= 200 ms",
        all <= Duration::from_millis(200),
        format!("{all:.2?}"),
    );
    let peak = peak_rss_mb();
    println!("peak memory (VmHWM of the bench process): {peak:.1} MB");
    verdicts.check(
        "peak memory <= 200 MB",
        peak <= 200.0,
        format!("{peak:.1} MB"),
    );
    finish(verdicts, &work);
}

fn finish(verdicts: Verdicts, work: &Path) {
    let _ = std::fs::remove_dir_all(work);
    if !verdicts.0.is_empty() {
        eprintln!("export_bench: {} target(s) missed:", verdicts.0.len());
        for miss in &verdicts.0 {
            eprintln!("  {miss}");
        }
        std::process::exit(1);
    }
    println!("export_bench: every target met");
}
