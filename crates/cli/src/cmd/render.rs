//! `videogen render`: a project's rough cut, one MP4 with narration, captions and chapters.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use clap::Args;
use videogen_app::roughcut::RoughcutRequest;
use videogen_app::{ExportProgress, Studio};
use videogen_model::{AppError, FrameRate, FrameSize};

use crate::output;

/// Arguments of `videogen render`.
#[derive(Args)]
pub struct RenderArgs {
    /// Project id, id prefix or exact name.
    project: String,
    /// The MP4 to write (replaced when the new one is complete); chapters.txt goes next to it.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Only this section, counted from 1 in story order.
    #[arg(long, value_name = "N")]
    section: Option<usize>,
    /// Burn the captions into the picture (re-encodes) instead of a soft subtitle track.
    #[arg(long)]
    burn_subtitles: bool,
    /// A music file to play under the voice (looped, faded, ducked while anyone speaks).
    #[arg(long, value_name = "FILE")]
    music: Option<PathBuf>,
    /// Frame rate: 23.976, 24, 25, 29.97 or 30 (default: the project's).
    #[arg(long)]
    fps: Option<String>,
    /// Frame size, e.g. 1280x720 (default: the project's).
    #[arg(long)]
    size: Option<String>,
    /// Silence between sentences, ms (use the export's value to cut where its timelines do).
    #[arg(long, default_value_t = 0)]
    sentence_pause_ms: i64,
    /// Silence between sections, ms.
    #[arg(long, default_value_t = 0)]
    section_pause_ms: i64,
}

/// The render's progress on standard error (only on a terminal), and Ctrl-C.
struct Watcher {
    progress: Option<output::Progress>,
    cancelled: Arc<AtomicBool>,
}

impl ExportProgress for Watcher {
    fn progress(&self, fraction: f64, step: &str) {
        if let Some(p) = &self.progress {
            p.update(fraction, step);
        }
    }

    fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}

/// `videogen render`.
pub fn render(studio: &Studio, args: RenderArgs) -> Result<(), AppError> {
    let project_id = studio.resolve_project(&args.project)?;
    let section = match args.section {
        None => None,
        Some(n) => {
            let tree = studio.load_project(&project_id)?;
            let count = tree.sections.len();
            let found = n.checked_sub(1).and_then(|i| tree.sections.get(i));
            Some(found.map(|s| s.id.clone()).ok_or_else(|| {
                AppError::invalid(format!(
                    "--section {n}: the project has {}; give a number from 1 to {count}",
                    output::count(count, "section")
                ))
            })?)
        }
    };
    let request = RoughcutRequest {
        project_id,
        out: args.out,
        section,
        burn_subtitles: args.burn_subtitles,
        music: args.music,
        fps: args.fps.as_deref().map(FrameRate::parse).transpose()?,
        size: args.size.as_deref().map(FrameSize::parse).transpose()?,
        sentence_pause_ms: args.sentence_pause_ms,
        section_pause_ms: args.section_pause_ms,
    };
    let cancelled = Arc::new(AtomicBool::new(false));
    // Ctrl-C stops the render cleanly: ffmpeg is stopped and the partial file removed.
    let flag = cancelled.clone();
    let _ = ctrlc_handler(move || flag.store(true, Ordering::Relaxed));
    let watcher = Watcher {
        progress: std::io::stderr()
            .is_terminal()
            .then(|| output::Progress::stderr("render")),
        cancelled,
    };
    let report = studio.render_roughcut_now(&request, &watcher);
    if let Some(p) = &watcher.progress {
        p.finish();
    }
    let report = report?;
    println!(
        "Rendered {} ({}, {})",
        report.output.display(),
        output::duration(report.duration_ms),
        output::count(report.sentences, "sentence")
    );
    println!("Chapters: {}", report.chapters_file.display());
    for w in &report.warnings {
        println!("warning: {} {}", w.number, w.message);
    }
    Ok(())
}

/// Installs a SIGINT handler on a small thread of its own (no runtime needed).
fn ctrlc_handler(on_interrupt: impl Fn() + Send + 'static) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    std::thread::spawn(move || {
        runtime.block_on(async {
            if tokio::signal::ctrl_c().await.is_ok() {
                on_interrupt();
            }
        })
    });
    Ok(())
}
