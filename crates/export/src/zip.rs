//! The ZIP of an export folder: streamed file by file (never the whole archive in memory),
//! media stored as is, text deflated, everything under one top folder.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

use crate::error::ExportError;

/// Extensions whose content is already compressed (or PCM that deflate barely shrinks).
const STORED: [&str; 6] = ["wav", "png", "mp4", "jpg", "jpeg", "mov"];

/// Every file under `dir`, as paths relative to it with `/`, sorted (story order, since
/// names are numbered).
pub(crate) fn list_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, ExportError> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), dir.to_path_buf())];
    while let Some((prefix, path)) = stack.pop() {
        let entries = std::fs::read_dir(&path).map_err(|e| ExportError::io("listing", &path, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| ExportError::io("listing", &path, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            let kind = entry
                .file_type()
                .map_err(|e| ExportError::io("listing", entry.path(), e))?;
            if kind.is_dir() {
                stack.push((rel, entry.path()));
            } else {
                out.push((rel, entry.path()));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Writes `dir` into a new ZIP at `zip_path` under the top folder `top`.
///
/// `cancelled` is checked between files; `tick(done, total)` after each.
pub(crate) fn zip_dir(
    dir: &Path,
    zip_path: &Path,
    top: &str,
    cancelled: &dyn Fn() -> bool,
    tick: &mut dyn FnMut(usize, usize),
) -> Result<(), ExportError> {
    let files = list_files(dir)?;
    let io = |action, e| ExportError::io(action, zip_path, e);
    let file = File::create(zip_path).map_err(|e| io("creating", e))?;
    let mut zip = zip::ZipWriter::new(BufWriter::with_capacity(1 << 20, file));
    let total = files.len();
    for (n, (rel, path)) in files.iter().enumerate() {
        if cancelled() {
            return Err(ExportError::Cancelled);
        }
        let ext = rel
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let size = std::fs::metadata(path)
            .map_err(|e| ExportError::io("reading", path, e))?
            .len();
        let method = if STORED.contains(&ext.as_str()) {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            // ZIP64 only where needed: entries past 4 GiB.
            .large_file(size >= u64::from(u32::MAX))
            .unix_permissions(0o644);
        zip.start_file(format!("{top}/{rel}"), options)
            .map_err(|e| io("writing", std::io::Error::other(e)))?;
        let mut src = File::open(path).map_err(|e| ExportError::io("reading", path, e))?;
        std::io::copy(&mut src, &mut zip).map_err(|e| io("writing", e))?;
        tick(n + 1, total);
    }
    let mut inner = zip
        .finish()
        .map_err(|e| io("writing", std::io::Error::other(e)))?;
    inner.flush().map_err(|e| io("writing", e))?;
    inner.get_ref().sync_all().map_err(|e| io("writing", e))?;
    Ok(())
}
