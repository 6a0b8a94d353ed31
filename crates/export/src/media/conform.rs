//! Deciding, per file, whether a source already fits the timeline (then it is linked or
//! copied as is) or must be conformed once with ffmpeg. Conformed files are cached under
//! `projects/{projectId}/conformed/`, keyed by source identity and settings, so a second
//! export is a plain copy; video probes are cached there too, since ffprobe is slow.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::ffmpeg::run_ffmpeg;
use super::slate::write_slate;
use super::{image_header, probe_video, probe_wav, ImageFormat, VideoInfo};
use crate::error::ExportError;
use crate::plan::{ExportPlan, ExportWarning, MediaSource, Picture, WarningKind};

/// Name of the video probe cache inside `conformed/`.
const PROBE_CACHE: &str = "probe-cache.json";

/// One media file ready to be placed: its path in the export and the file to link or copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PreparedMedia {
    /// Path inside the export, with `/`.
    pub export_path: String,
    /// Absolute file to hard-link or copy.
    pub file: PathBuf,
}

/// FNV-1a: a stable hash for cache keys (std's hasher may change between releases).
pub(crate) fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Identity of a source file: its path, size and modification time.
pub(crate) fn identity(path: &Path) -> Result<String, ExportError> {
    let meta = std::fs::metadata(path).map_err(|e| ExportError::io("reading", path, e))?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    Ok(format!("{}|{}|{mtime}", path.display(), meta.len()))
}

fn secs(ms: i64) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}

struct Conformer<'a> {
    dir: PathBuf,
    cancelled: &'a (dyn Fn() -> bool + Sync),
    probes: HashMap<String, VideoInfo>,
    probes_changed: bool,
}

impl Conformer<'_> {
    /// Returns the cached output for `key`, running ffmpeg to make it when missing.
    fn conformed(
        &self,
        key: &str,
        ext: &str,
        source: &Path,
        args: Vec<String>,
    ) -> Result<PathBuf, ExportError> {
        let out = self.dir.join(format!("{:016x}.{ext}", fnv(key)));
        if out.is_file() {
            return Ok(out);
        }
        // ffmpeg writes a temp name in the same folder; the rename publishes it whole.
        let tmp = self.dir.join(format!("{:016x}.tmp.{ext}", fnv(key)));
        let mut full = vec!["-i".to_string(), source.display().to_string()];
        full.extend(args);
        full.push(tmp.display().to_string());
        if let Err(e) = run_ffmpeg(&full, source, self.cancelled) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        std::fs::rename(&tmp, &out).map_err(|e| ExportError::io("saving", &out, e))?;
        Ok(out)
    }

    fn video_info(&mut self, path: &Path, id: &str) -> Result<VideoInfo, ExportError> {
        if let Some(info) = self.probes.get(id) {
            return Ok(info.clone());
        }
        let info = probe_video(path)?;
        self.probes.insert(id.to_string(), info.clone());
        self.probes_changed = true;
        Ok(info)
    }

    /// Probes every clip not yet in the cache, on all cores: ffprobe dominates a first
    /// export's time. Failures are left for the sequential pass to report.
    fn preprobe(&mut self, files: Vec<(PathBuf, String)>) {
        let mut todo = Vec::new();
        for (path, id) in files {
            if self.probes.contains_key(&id) {
                continue;
            }
            match super::mp4::quick_info(&path) {
                Some(info) => {
                    self.probes.insert(id, info);
                }
                None => todo.push((path, id)),
            }
        }
        if todo.is_empty() {
            return;
        }
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 8));
        let chunk = todo.len().div_ceil(workers);
        let cancelled = self.cancelled;
        let results: Vec<(String, VideoInfo)> = std::thread::scope(|scope| {
            let handles: Vec<_> = todo
                .chunks(chunk.max(1))
                .map(|part| {
                    scope.spawn(move || {
                        let mut found = Vec::new();
                        for (path, id) in part {
                            if cancelled() {
                                break;
                            }
                            if let Ok(info) = probe_video(path) {
                                found.push((id.clone(), info));
                            }
                        }
                        found
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        });
        self.probes_changed |= !results.is_empty();
        self.probes.extend(results);
    }

    fn save_probes(&self) {
        if !self.probes_changed {
            return;
        }
        // The cache only saves time: failing to write it is not worth failing the export.
        if let Ok(text) = serde_json::to_vec(&self.probes) {
            let tmp = self.dir.join(format!("{PROBE_CACHE}.tmp"));
            if std::fs::write(&tmp, text).is_ok() {
                let _ = std::fs::rename(&tmp, self.dir.join(PROBE_CACHE));
            }
        }
    }
}

fn reduce(n: u32, d: u32) -> (u32, u32) {
    let (mut a, mut b) = (n, d);
    while b != 0 {
        (a, b) = (b, a % b);
    }
    let g = a.max(1);
    (n / g, d / g)
}

/// Makes every planned media file ready (conforming where needed) and fixes the plan's
/// sample counts, channel counts and clip lengths to what the files really hold.
///
/// `tick(done, total)` is called after each sentence.
pub(crate) fn prepare_media(
    plan: &mut ExportPlan,
    data_dir: &Path,
    project_id: &str,
    cancelled: &(dyn Fn() -> bool + Sync),
    tick: &mut dyn FnMut(usize, usize),
) -> Result<Vec<PreparedMedia>, ExportError> {
    let dir = data_dir.join("projects").join(project_id).join("conformed");
    std::fs::create_dir_all(&dir).map_err(|e| ExportError::io("creating", &dir, e))?;
    let probes = std::fs::read(dir.join(PROBE_CACHE))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let mut c = Conformer {
        dir,
        cancelled,
        probes,
        probes_changed: false,
    };
    let clips = plan
        .sentences
        .iter()
        .filter_map(|s| match &s.picture {
            Picture::Clip { media, .. } => match &media.source {
                MediaSource::Data(rel) => {
                    let file = data_dir.join(rel);
                    identity(&file).ok().map(|id| (file, id))
                }
                _ => None,
            },
            Picture::Still => None,
        })
        .collect();
    c.preprobe(clips);
    let (w, h, rate) = (plan.width, plan.height, plan.rate);
    let fit = format!("scale={w}:{h}:force_original_aspect_ratio=decrease,pad={w}:{h}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1");
    let mut out = Vec::with_capacity(plan.sentences.len() * 3);
    let mut slate: Option<PathBuf> = None;
    let total = plan.sentences.len();
    let mut extended = Vec::new();
    for (n, s) in plan.sentences.iter_mut().enumerate() {
        if cancelled() {
            c.save_probes();
            return Err(ExportError::Cancelled);
        }
        let audio_source = s.audio.as_ref().and_then(|a| match &a.source {
            MediaSource::Data(rel) => Some((a, data_dir.join(rel), None)),
            MediaSource::SectionCut {
                file,
                start_ms,
                end_ms,
            } => Some((a, data_dir.join(file), Some((*start_ms, *end_ms)))),
            MediaSource::Slate => None,
        });
        if let Some((audio, file, key_extra)) = audio_source {
            let fits = key_extra.is_none()
                && probe_wav(&file).is_ok_and(|i| {
                    i.sample_rate == 48000 && i.integer_pcm && matches!(i.bits, 16 | 24)
                });
            let ready = if fits {
                file
            } else {
                let mut args = Vec::new();
                let mut key = format!("audio48k|{}", identity(&file)?);
                if let Some((a, b)) = key_extra {
                    args.extend(["-ss".into(), secs(a), "-t".into(), secs(b - a)]);
                    key.push_str(&format!("|{a}-{b}"));
                }
                args.extend(
                    ["-vn", "-ar", "48000", "-c:a", "pcm_s16le", "-f", "wav"].map(String::from),
                );
                c.conformed(&key, "wav", &file, args)?
            };
            let info = probe_wav(&ready)?;
            s.audio_samples = info.samples;
            s.audio_channels = info.channels;
            out.push(PreparedMedia {
                export_path: audio.path.clone(),
                file: ready,
            });
        }
        let image = match &s.image.source {
            MediaSource::Data(rel) => {
                let file = data_dir.join(rel);
                let fits = image_header(&file)
                    .is_ok_and(|i| i.format == ImageFormat::Png && i.width == w && i.height == h);
                if fits {
                    file
                } else {
                    let key = format!("png|{w}x{h}|{}", identity(&file)?);
                    let args = ["-vf", &fit, "-frames:v", "1", "-f", "image2", "-c:v", "png"]
                        .map(String::from);
                    c.conformed(&key, "png", &file, args.to_vec())?
                }
            }
            _ => match &slate {
                Some(p) => p.clone(),
                None => {
                    let p = c.dir.join(format!("slate_{w}x{h}.png"));
                    if !p.is_file() {
                        let tmp = c.dir.join(format!("slate_{w}x{h}.tmp.png"));
                        write_slate(&tmp, w, h)?;
                        std::fs::rename(&tmp, &p).map_err(|e| ExportError::io("saving", &p, e))?;
                    }
                    slate = Some(p.clone());
                    p
                }
            },
        };
        out.push(PreparedMedia {
            export_path: s.image.path.clone(),
            file: image,
        });
        let needed = s.span.frames();
        if let Picture::Clip {
            media,
            frames,
            extended: ext,
        } = &mut s.picture
        {
            let MediaSource::Data(rel) = &media.source else {
                continue;
            };
            let file = data_dir.join(rel);
            let id = identity(&file)?;
            let info = c.video_info(&file, &id)?;
            let source_frames = ((i128::from(info.duration_ms) * i128::from(rate.num) * 2
                + 1000 * i128::from(rate.den))
                / (2000 * i128::from(rate.den))) as i64;
            let fits = info.codec == "h264"
                && info.pix_fmt == "yuv420p"
                && reduce(info.fps_num, info.fps_den) == (rate.num, rate.den)
                && info.width == w
                && info.height == h
                && source_frames >= needed;
            *ext = source_frames < needed;
            if *ext {
                extended.push(s.number.clone());
            }
            let ready = if fits {
                *frames = source_frames;
                file
            } else {
                let length = source_frames.max(needed);
                *frames = length;
                let hold = secs(rate.frame_to_ms(needed) + 1000);
                let key = format!("h264|{w}x{h}|{rate}|{length}|{id}");
                let vf = format!(
                    "fps={}/{},{fit},tpad=stop_mode=clone:stop_duration={hold}",
                    rate.num, rate.den
                );
                let gop = (rate.nominal() * 2).to_string();
                let args = [
                    "-an",
                    "-vf",
                    &vf,
                    "-frames:v",
                    &length.to_string(),
                    "-r",
                    &format!("{}/{}", rate.num, rate.den),
                    "-c:v",
                    "libx264",
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
                    "-movflags",
                    "+faststart",
                    "-f",
                    "mp4",
                ]
                .map(String::from);
                c.conformed(&key, "mp4", &file, args.to_vec())?
            };
            out.push(PreparedMedia {
                export_path: media.path.clone(),
                file: ready,
            });
        }
        tick(n + 1, total);
    }
    c.save_probes();
    // The stored clip lengths were a guess: list extensions from what the files hold.
    plan.warnings
        .retain(|w| w.kind != WarningKind::ClipExtended);
    for number in extended {
        plan.warnings.push(ExportWarning {
            message: format!(
                "Sentence {number}: the clip is shorter than its narration; its last frame is held"
            ),
            number,
            kind: WarningKind::ClipExtended,
        });
    }
    plan.warnings.sort_by(|a, b| a.number.cmp(&b.number));
    Ok(out)
}
