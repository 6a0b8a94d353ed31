//! Timings of the offline pictures (issue 12), against the figures the product needs:
//! a 20-minute storyboard rendered in at most real time on 2 cores at 720p leaves each
//! Ken Burns clip a third of its length (the voice, alignment and rough cut share the rest).
//!
//! `cargo bench -p videogen-render --bench render` — prints one line per figure and exits
//! non-zero when one misses its target. Results go in BENCHMARKS.md.
//!
//! Ken Burns targets are judged on CPU time (this process's drawing plus ffmpeg's, as two
//! cores' worth), with wall time printed beside it: the machines the figures are taken on
//! are shared, and wall time there measures the neighbours as much as the render.

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use videogen_model::{CameraMovement, FrameRate, FrameSize, StyleColours};
use videogen_render::{render_ken_burns, render_title_card, TitleCard};

/// A photograph-like test picture: smooth gradients, a few hard edges and fine grain (the
/// grain is what makes an encoder work; a flat synthetic picture would flatter it).
fn picture(path: &Path, width: u32, height: u32) {
    let mut seed: u32 = 0x2545_f491;
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let grain = f64::from(seed % 17) - 8.0;
        let (fx, fy) = (
            f64::from(x) / f64::from(width),
            f64::from(y) / f64::from(height),
        );
        let sky = 200.0 - 120.0 * fy;
        let hills = if fy > 0.55 + 0.08 * (fx * 9.0).sin() {
            -90.0
        } else {
            0.0
        };
        let detail = 25.0 * ((fx * 140.0).sin() * (fy * 90.0).cos());
        let v = |base: f64| (base + hills + detail + grain).clamp(0.0, 255.0) as u8;
        image::Rgb([v(sky * 0.8), v(sky * 0.9 + 10.0), v(sky + 30.0)])
    });
    img.save(path).expect("write the test picture");
}

/// CPU seconds used so far by this process and by its children that have exited (ffmpeg),
/// from /proc/self/stat (Linux). The machine the figures are taken on is shared, so CPU time
/// says what a render costs when wall time is inflated by other people's work.
fn cpu_seconds() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name; utime is the 14th field overall.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|v| v.parse().unwrap_or(0.0))
        .collect();
    let tick = 100.0; // USER_HZ on Linux
    if f.len() < 15 {
        return (0.0, 0.0);
    }
    ((f[11] + f[12]) / tick, (f[13] + f[14]) / tick)
}

struct Figure {
    name: String,
    took: Duration,
    /// What the figure is held to, in words, and whether it was met.
    target: String,
    met: bool,
}

/// The 1-minute load average: on a shared machine, what else was running.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

fn main() -> ExitCode {
    println!("load average before: {}", load());
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut figures = Vec::new();

    // Title card at 1080p: a typical sentence with a heading, rendered 10 times.
    let card = TitleCard {
        heading: Some("Part two: The Crossing".into()),
        text: "They left before dawn, with the lights of the harbour behind them and the \
               whole of the grey sea ahead, not knowing whether the weather would hold."
            .into(),
        colours: StyleColours::default(),
    };
    let out = dir.path().join("card.png");
    render_title_card(&card, FrameSize::HD_1080, &out).expect("warm-up card");
    let runs = 10;
    let start = Instant::now();
    for _ in 0..runs {
        render_title_card(&card, FrameSize::HD_1080, &out).expect("title card");
    }
    let per_card = start.elapsed() / runs;
    figures.push(Figure {
        name: "title card 1920x1080 (heading + 150-char sentence)".into(),
        took: per_card,
        target: "<= 250 ms".into(),
        met: per_card <= Duration::from_millis(250),
    });

    // Ken Burns: 5 s at 30 fps, from a 1920x1080 picture.
    let pic = dir.path().join("picture.png");
    picture(&pic, 1920, 1080);
    let clip_ms = 5000;
    // Warm-up: the first ffmpeg start reads its libraries from disk.
    render_ken_burns(
        &pic,
        CameraMovement::ZoomIn,
        0.6,
        1000,
        FrameRate::FPS_30,
        FrameSize::HD_720,
        &dir.path().join("warm-up.mp4"),
        &|| false,
    )
    .expect("warm-up clip");
    for (size, min_speed) in [(FrameSize::HD_720, 3.0), (FrameSize::HD_1080, 1.0)] {
        for camera in [
            CameraMovement::PanRight,
            CameraMovement::ZoomIn,
            CameraMovement::Orbit,
        ] {
            let out = dir.path().join("clip.mp4");
            let (self0, kids0) = cpu_seconds();
            let start = Instant::now();
            render_ken_burns(
                &pic,
                camera,
                0.6,
                clip_ms,
                FrameRate::FPS_30,
                size,
                &out,
                &|| false,
            )
            .expect("Ken Burns clip");
            let took = start.elapsed();
            let (self1, kids1) = cpu_seconds();
            let (drawing, ffmpeg) = (self1 - self0, kids1 - kids0);
            let clip_s = clip_ms as f64 / 1000.0;
            let wall_speed = clip_s / took.as_secs_f64();
            // Two cores' worth of CPU time: the throughput a storyboard of many clips gets
            // on the 2-core machine when nothing else runs, whatever else ran meanwhile.
            let cpu_speed = clip_s / ((drawing + ffmpeg) / 2.0);
            figures.push(Figure {
                name: format!(
                    "Ken Burns 5 s {size} 30 fps {camera:?}: {cpu_speed:.1}x on 2 cores' CPU \
                     ({:.2} CPU-s: drawing {drawing:.2}, ffmpeg {ffmpeg:.2}), \
                     wall {:.2} s = {wall_speed:.1}x",
                    drawing + ffmpeg,
                    took.as_secs_f64()
                ),
                took,
                target: format!(">= {min_speed}x real time"),
                met: cpu_speed >= min_speed,
            });
        }
    }

    println!("load average after: {}", load());
    let mut all_met = true;
    for f in &figures {
        all_met &= f.met;
        println!(
            "{:<4} {} [{:.0} ms; target {}]",
            if f.met { "PASS" } else { "FAIL" },
            f.name,
            f.took.as_secs_f64() * 1000.0,
            f.target
        );
    }
    if all_met {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
