//! The public entry: plan, conform, place media, write texts, ZIP, all inside
//! `<target>.partial/` that is renamed into place only when complete.

mod copy;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;
use videogen_model::{ExportFormat, ProjectTree};

use crate::captions;
use crate::docs;
use crate::error::ExportError;
use crate::media::{prepare_media, PreparedMedia};
use crate::plan::{build_plan, ExportOptions, ExportPlan, ExportWarning};
use crate::timeline::{timeline_files, TextFile};

/// Receives progress and answers whether to stop. The export never knows who listens
/// (a job runner, a window, a terminal).
pub trait ExportProgress: Sync {
    /// `fraction` in 0..=1 of the whole export; `step` names what is being done.
    fn progress(&self, fraction: f64, step: &str);
    /// Checked between files (and while ffmpeg runs): `true` stops the export, removes
    /// everything it wrote and returns [`ExportError::Cancelled`].
    fn is_cancelled(&self) -> bool {
        false
    }
}

/// Progress that nobody watches.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoProgress;

impl ExportProgress for NoProgress {
    fn progress(&self, _fraction: f64, _step: &str) {}
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportReport {
    /// The export folder.
    pub target: PathBuf,
    /// The ZIP, when asked for.
    pub zip: Option<PathBuf>,
    /// Every file written, relative to the folder, with `/`, sorted.
    pub files: Vec<String>,
    /// Media hard-linked from the data dir or the conform cache.
    pub linked: usize,
    /// Media copied (different filesystem, or hard links off).
    pub copied: usize,
    /// Every fallback used (empty in strict mode).
    pub warnings: Vec<ExportWarning>,
}

/// Removes the partial folder and ZIP unless disarmed: a failed, cancelled or panicking
/// export leaves nothing behind.
struct Cleanup {
    paths: Vec<PathBuf>,
    armed: bool,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if self.armed {
            for p in &self.paths {
                if p.is_dir() {
                    let _ = std::fs::remove_dir_all(p);
                } else {
                    let _ = std::fs::remove_file(p);
                }
            }
        }
    }
}

/// `path` with `suffix` appended to its last component.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// The ZIP written next to `target` (`<target>.zip`).
pub fn zip_path(target: &Path) -> PathBuf {
    with_suffix(target, ".zip")
}

/// Every text file of an export of every format: script, metadata, timelines, captions
/// and a README. `root` is the export's final absolute location (media URLs point there).
pub fn text_files(plan: &ExportPlan, root: &Path) -> Vec<TextFile> {
    text_files_for(plan, root, &ExportFormat::ALL)
}

/// The text files of an export of `formats`: script, metadata, chapters and a README
/// always, and the chosen timelines and captions.
pub fn text_files_for(plan: &ExportPlan, root: &Path, formats: &[ExportFormat]) -> Vec<TextFile> {
    let mut files = vec![
        ("script.txt".to_string(), docs::script_txt(plan)),
        ("metadata.json".to_string(), docs::metadata_json(plan)),
        ("README.txt".to_string(), readme(plan, formats)),
        // YouTube-style chapters from the sections, timed like the timelines.
        (
            "chapters.txt".to_string(),
            crate::roughcut::chapters::chapters_txt(
                plan.rate,
                &crate::roughcut::chapters::chapters(plan),
                plan.total_frames(),
            ),
        ),
    ];
    let (srt, vtt) = (
        formats.contains(&ExportFormat::Srt),
        formats.contains(&ExportFormat::Vtt),
    );
    if srt || vtt {
        let cues = captions::cues(plan);
        if srt {
            files.push((format!("captions/{}.srt", plan.slug), captions::srt(&cues)));
        }
        if vtt {
            files.push((format!("captions/{}.vtt", plan.slug), captions::vtt(&cues)));
        }
    }
    files.extend(timeline_files(plan, root, formats));
    files
}

/// What the README says each chosen file is for, one line per folder.
fn readme(plan: &ExportPlan, formats: &[ExportFormat]) -> String {
    let slug = &plan.slug;
    let fps = plan.rate;
    let timelines: Vec<String> = ExportFormat::ALL
        .into_iter()
        .filter(|f| formats.contains(f))
        .filter_map(|f| match f {
            ExportFormat::Fcpxml => Some(format!("{slug}.fcpxml (Final Cut Pro, Resolve)")),
            ExportFormat::Xmeml => Some(format!("{slug}_xmeml.xml (Premiere, Resolve)")),
            ExportFormat::Otio => Some(format!("{slug}.otio (Resolve, Kdenlive)")),
            ExportFormat::Mlt => Some(format!("{slug}.mlt (Shotcut)")),
            ExportFormat::Edl => Some(format!("*.edl (CMX 3600; set {fps} fps on import)")),
            ExportFormat::Srt | ExportFormat::Vtt => None,
        })
        .collect();
    let captions: Vec<String> = [(ExportFormat::Srt, "srt"), (ExportFormat::Vtt, "vtt")]
        .into_iter()
        .filter(|(f, _)| formats.contains(f))
        .map(|(_, ext)| format!("{slug}.{ext}"))
        .collect();
    let mut text = format!(
        "{name}: export for editing ({w}x{h}, {fps} fps)\n\n\
         audio/ images/ video/  media numbered in story order\n",
        name = plan.name,
        w = plan.width,
        h = plan.height,
    );
    if !timelines.is_empty() {
        text.push_str(&format!(
            "timelines/  {}\n",
            timelines.join(",\n            ")
        ));
    }
    if !captions.is_empty() {
        text.push_str(&format!("captions/   {}\n", captions.join(", ")));
    }
    text.push_str("chapters.txt  the sections as YouTube chapters (paste into the description)\n");
    if !timelines.is_empty() {
        text.push_str(
            "\nTimelines point at this folder where it was written. If you move it or unzip it\n\
             elsewhere, relink the media in your editor (Resolve: Relink Media; Premiere: Link\n\
             Media; Final Cut Pro: Relink Files) and choose this folder.\n",
        );
    }
    text
}

/// Conforms now whatever the export would have to conform (TTS rates, 16 fps or short
/// clips, odd-sized images) into the `conformed/` cache, writing no export: run it after
/// generation or attach so the next export is a plain link/copy. Returns the warnings an
/// export with these options would show.
pub fn warm_conform_cache(
    tree: &ProjectTree,
    data_dir: &Path,
    options: &ExportOptions,
    progress: &dyn ExportProgress,
) -> Result<Vec<ExportWarning>, ExportError> {
    let options = ExportOptions {
        strict: false,
        ..options.clone()
    };
    let mut plan = build_plan(tree, data_dir, &options)?;
    let cancelled = || progress.is_cancelled();
    prepare_media(
        &mut plan,
        data_dir,
        &tree.project.id.0,
        &cancelled,
        &mut |done, total| progress.progress(done as f64 / total.max(1) as f64, "conforming media"),
    )?;
    Ok(plan.warnings)
}

/// Writes the existing export folder `dir` into a new ZIP at `zip_path` (one top folder
/// named like `dir`; media stored, text deflated; streamed file by file). Written to
/// `<zip_path>.partial` and renamed; refuses an existing `zip_path`.
pub fn zip_folder(
    dir: &Path,
    zip_path: &Path,
    progress: &dyn ExportProgress,
) -> Result<(), ExportError> {
    if zip_path.symlink_metadata().is_ok() {
        return Err(ExportError::TargetExists(zip_path.to_path_buf()));
    }
    let top = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| ExportError::InvalidInput(format!("{} is not a folder", dir.display())))?;
    let partial = with_suffix(zip_path, ".partial");
    let mut cleanup = Cleanup {
        paths: vec![partial.clone()],
        armed: true,
    };
    let cancelled = || progress.is_cancelled();
    crate::zip::zip_dir(dir, &partial, &top, &cancelled, &mut |done, total| {
        progress.progress(done as f64 / total.max(1) as f64, "writing ZIP")
    })?;
    std::fs::rename(&partial, zip_path).map_err(|e| ExportError::io("renaming", &partial, e))?;
    cleanup.armed = false;
    Ok(())
}

/// Hard-links (or copies) every prepared file into `dir`, [`copy::IN_FLIGHT`] at a time;
/// returns the (linked, copied) counts. Workers take the next file from one shared list,
/// so a slow file holds up one worker, not a whole share of the list.
fn place_media(
    media: &[PreparedMedia],
    dir: &Path,
    hard_link: bool,
    progress: &dyn ExportProgress,
) -> Result<(usize, usize), ExportError> {
    let copier = copy::Copier::new(hard_link);
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let total = media.len().max(1);
    let workers = copy::IN_FLIGHT.min(media.len()).max(1);
    let results: Vec<Result<(usize, usize), ExportError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let (copier, next, done) = (&copier, &next, &done);
                scope.spawn(move || {
                    let (mut linked, mut copied) = (0, 0);
                    while let Some(m) = media.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let placed = if progress.is_cancelled() {
                            Err(ExportError::Cancelled)
                        } else {
                            let dst = dir.join(&m.export_path);
                            copier.place(&m.file, &dst).map_err(|e| {
                                if e.kind() == std::io::ErrorKind::StorageFull {
                                    ExportError::DiskFull(dst)
                                } else {
                                    ExportError::io("copying", &m.file, e)
                                }
                            })
                        };
                        match placed {
                            Ok(copy::Placed::Linked) => linked += 1,
                            Ok(copy::Placed::Copied) => copied += 1,
                            Err(e) => {
                                // The other workers stop at their next file.
                                next.store(media.len(), Ordering::Relaxed);
                                return Err(e);
                            }
                        }
                        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                        if n.is_multiple_of(32) || n == media.len() {
                            progress.progress(0.5 + 0.3 * n as f64 / total as f64, "copying media");
                        }
                    }
                    Ok((linked, copied))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or(Err(ExportError::Cancelled)))
            .collect()
    });
    let (mut linked, mut copied) = (0, 0);
    for r in results {
        let (l, c) = r?;
        linked += l;
        copied += c;
    }
    Ok((linked, copied))
}

fn absolute(path: &Path) -> Result<PathBuf, ExportError> {
    if path.is_absolute() {
        return Ok(path.to_path_buf());
    }
    std::env::current_dir()
        .map(|d| d.join(path))
        .map_err(|e| ExportError::io("resolving", path, e))
}

/// Exports `tree` (media files relative to `data_dir`) into the new folder `target`.
///
/// Refuses when `target` (or `<target>.zip` with `options.zip`) exists. Works in
/// `<target>.partial/` and renames it into place at the end; on error or cancel the
/// partial folder is removed. Conformed media are cached under
/// `projects/{projectId}/conformed/` in `data_dir`.
pub fn export_project(
    tree: &ProjectTree,
    data_dir: &Path,
    target: &Path,
    options: &ExportOptions,
    progress: &dyn ExportProgress,
) -> Result<ExportReport, ExportError> {
    let target = absolute(target)?;
    let name = last_name(&target, "a folder name: give the path of a new folder")?;
    let zip_target = options.zip.then(|| zip_path(&target));
    for t in std::iter::once(&target).chain(zip_target.as_ref()) {
        if t.symlink_metadata().is_ok() {
            return Err(ExportError::TargetExists(t.clone()));
        }
    }
    let mut plan = build_plan(tree, data_dir, options)?;
    let cancelled = || progress.is_cancelled();
    progress.progress(0.0, "preparing");

    let parent = target.parent().unwrap_or(Path::new("/")).to_path_buf();
    let unwritable = |path: &Path, source: std::io::Error| {
        if source.kind() == std::io::ErrorKind::StorageFull {
            ExportError::DiskFull(path.to_path_buf())
        } else {
            ExportError::TargetUnwritable {
                path: path.to_path_buf(),
                source,
            }
        }
    };
    std::fs::create_dir_all(&parent).map_err(|e| unwritable(&parent, e))?;
    let partial = with_suffix(&target, ".partial");
    let zip_partial = zip_target.as_ref().map(|z| with_suffix(z, ".partial"));
    // A leftover from an interrupted export of ours: it was never complete, so it goes.
    if partial.is_dir() {
        let _ = std::fs::remove_dir_all(&partial);
    }
    std::fs::create_dir(&partial).map_err(|e| unwritable(&partial, e))?;
    let mut cleanup = Cleanup {
        paths: std::iter::once(partial.clone())
            .chain(zip_partial.clone())
            .collect(),
        armed: true,
    };
    // Timelines address media where the folder will end up.
    let root = std::fs::canonicalize(&parent)
        .map_err(|e| ExportError::io("resolving", &parent, e))?
        .join(&name);

    let media = prepare_media(
        &mut plan,
        data_dir,
        &tree.project.id.0,
        &cancelled,
        &mut |done, total| {
            progress.progress(0.5 * done as f64 / total.max(1) as f64, "conforming media")
        },
    )?;
    if options.strict && !plan.warnings.is_empty() {
        return Err(ExportError::Strict(plan.warnings));
    }
    let wants_timelines = options.formats.iter().any(|f| !f.is_caption());
    let wants_captions = options.formats.iter().any(|f| f.is_caption());
    let folders = ["audio", "images", "video"]
        .into_iter()
        .chain(wants_timelines.then_some("timelines"))
        .chain(wants_captions.then_some("captions"));
    for folder in folders {
        let dir = partial.join(folder);
        std::fs::create_dir(&dir).map_err(|e| ExportError::io("creating", &dir, e))?;
    }
    let (linked, copied) = place_media(&media, &partial, options.hard_link, progress)?;
    let mut files: Vec<String> = media.iter().map(|m| m.export_path.clone()).collect();
    progress.progress(0.8, "writing timelines and captions");
    for (rel, text) in text_files_for(&plan, &root, &options.formats) {
        let dst = partial.join(&rel);
        std::fs::write(&dst, text).map_err(|e| ExportError::io("writing", &dst, e))?;
        files.push(rel);
    }
    files.sort();
    if let (Some(zip_partial), true) = (&zip_partial, options.zip) {
        crate::zip::zip_dir(
            &partial,
            zip_partial,
            &name,
            &cancelled,
            &mut |done, total| {
                progress.progress(
                    0.85 + 0.15 * done as f64 / total.max(1) as f64,
                    "writing ZIP",
                )
            },
        )?;
    }
    if cancelled() {
        return Err(ExportError::Cancelled);
    }
    // Checked again: something may have appeared at the target while we worked, and a
    // rename onto an empty folder would replace it silently.
    for t in std::iter::once(&target).chain(zip_target.as_ref()) {
        if t.symlink_metadata().is_ok() {
            return Err(ExportError::TargetExists(t.clone()));
        }
    }
    std::fs::rename(&partial, &target).map_err(|e| ExportError::io("renaming", &partial, e))?;
    cleanup.paths.retain(|p| p != &partial);
    if let (Some(from), Some(to)) = (&zip_partial, &zip_target) {
        if let Err(e) = std::fs::rename(from, to) {
            // Keep the promise "nothing half-done": the folder goes too.
            let _ = std::fs::remove_dir_all(&target);
            return Err(ExportError::io("renaming", from, e));
        }
    }
    cleanup.armed = false;
    progress.progress(1.0, "done");
    Ok(ExportReport {
        target,
        zip: zip_target,
        files,
        linked,
        copied,
        warnings: plan.warnings,
    })
}

/// The last component of an output path, refused (saying it is not `what`) when there is
/// none, as for `/` or `..`.
pub(crate) fn last_name(path: &Path, what: &str) -> Result<String, ExportError> {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| n != ".." && n != ".")
        .ok_or_else(|| ExportError::InvalidInput(format!("{} is not {what}", path.display())))
}
