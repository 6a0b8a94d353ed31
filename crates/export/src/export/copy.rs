//! Placing media in the export folder: a hard link, a reflink or a kernel copy per file,
//! a few files in flight.
//!
//! On Linux a copy first asks the filesystem to share the source's extents (`FICLONE`:
//! Btrfs, XFS, bcachefs; instant and no extra space), and where it cannot, copies inside
//! the kernel with `copy_file_range` (what `std::io::copy` does between two files), never
//! through a user-space buffer. Elsewhere `std::fs::copy` uses the platform's own
//! (`clonefile`/`fcopyfile` on macOS, `CopyFileEx` on Windows).

use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// How a file got into the export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Placed {
    /// Hard link: same inode, no bytes written.
    Linked,
    /// Reflink or copy: a file of its own.
    Copied,
}

/// Files copied at once: enough to keep two cores copying while another file's
/// open/create/close waits on the filesystem (`cp -r` does one at a time). With 4, copy
/// mode measured 1.16–1.26× the speed of `cp -r` on the 2-vCPU build machine (ext4;
/// BENCHMARKS.md "Export bench").
pub(super) const IN_FLIGHT: usize = 4;

/// Remembers, for one export, whether the destination can reflink, so a filesystem that
/// cannot is asked once, not once per file.
#[derive(Debug)]
pub(super) struct Copier {
    hard_link: bool,
    reflink: AtomicBool,
}

impl Copier {
    pub(super) fn new(hard_link: bool) -> Self {
        Self {
            hard_link,
            reflink: AtomicBool::new(cfg!(target_os = "linux")),
        }
    }

    /// Places `src` at `dst` (which must not exist).
    pub(super) fn place(&self, src: &Path, dst: &Path) -> io::Result<Placed> {
        // A failed link (another filesystem, a FAT drive) falls back to a copy.
        if self.hard_link && std::fs::hard_link(src, dst).is_ok() {
            return Ok(Placed::Linked);
        }
        self.copy(src, dst)?;
        Ok(Placed::Copied)
    }

    #[cfg(target_os = "linux")]
    fn copy(&self, src: &Path, dst: &Path) -> io::Result<()> {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let mut from = File::open(src)?;
        let mode = from.metadata()?.permissions().mode();
        let mut to = File::options()
            .write(true)
            .create_new(true)
            .mode(mode & 0o777)
            .open(dst)?;
        if self.reflink.load(Ordering::Relaxed) {
            match ficlone(&from, &to) {
                Ok(()) => return Ok(()),
                // EOPNOTSUPP/ENOTTY (ext4, tmpfs), EXDEV (another filesystem), EINVAL:
                // this destination will never reflink, so stop asking.
                Err(_) => self.reflink.store(false, Ordering::Relaxed),
            }
        }
        // std uses copy_file_range here (sendfile/read-write as fallbacks).
        io::copy(&mut from, &mut to)?;
        Ok(())
    }

    #[cfg(not(target_os = "linux"))]
    fn copy(&self, src: &Path, dst: &Path) -> io::Result<()> {
        let _ = &self.reflink;
        std::fs::copy(src, dst).map(|_| ())
    }
}

/// `ioctl(dst, FICLONE, src)`: makes `to` share `from`'s extents.
#[cfg(target_os = "linux")]
fn ficlone(from: &File, to: &File) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    use std::os::raw::{c_int, c_ulong};
    // _IOW(0x94, 9, int) from <linux/fs.h>; the same number on every Linux architecture
    // Rust targets.
    const FICLONE: c_ulong = 0x4004_9409;
    extern "C" {
        // The C library's ioctl (std links it already; no crate needed for one call).
        fn ioctl(fd: c_int, request: c_ulong, ...) -> c_int;
    }
    // SAFETY: both descriptors stay open for the call (borrowed `File`s); FICLONE reads
    // its argument as a descriptor and touches no memory of ours.
    let r = unsafe { ioctl(to.as_raw_fd(), FICLONE, from.as_raw_fd()) };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_mode_writes_an_independent_file_with_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let (src, dst) = (dir.path().join("a.wav"), dir.path().join("b.wav"));
        let bytes: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(&src, &bytes).unwrap();
        assert_eq!(
            Copier::new(false).place(&src, &dst).unwrap(),
            Placed::Copied
        );
        assert_eq!(std::fs::read(&dst).unwrap(), bytes);
        // A copy, not a link: writing the source leaves the export alone.
        std::fs::write(&src, b"changed").unwrap();
        assert_eq!(std::fs::read(&dst).unwrap().len(), bytes.len());
    }

    #[test]
    fn link_mode_links_and_an_existing_target_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let (src, dst) = (dir.path().join("a.png"), dir.path().join("b.png"));
        std::fs::write(&src, b"png").unwrap();
        let copier = Copier::new(true);
        assert_eq!(copier.place(&src, &dst).unwrap(), Placed::Linked);
        assert!(Copier::new(false).place(&src, &dst).is_err());
        assert_eq!(std::fs::read(&dst).unwrap(), b"png");
    }

    #[test]
    fn empty_files_copy() {
        let dir = tempfile::tempdir().unwrap();
        let (src, dst) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&src, b"").unwrap();
        Copier::new(false).place(&src, &dst).unwrap();
        assert_eq!(std::fs::metadata(&dst).unwrap().len(), 0);
    }
}
