//! A fast path for deciding whether a clip fits: reads the MP4 box headers (`moov` only,
//! never the media data) for the first video track's codec, size, exact frame rate, frame
//! count and chroma format. Starting `ffprobe` costs ~0.4 s per file, which made a first
//! export of 2,700 clips take minutes; this takes well under a millisecond.
//!
//! It answers only when sure (H.264 `avc1` with a constant frame duration); anything else
//! returns `None` and the caller asks `ffprobe`.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use super::VideoInfo;

/// Largest `moov` we read into memory (a 2-hour clip's index is a few MB).
const MAX_MOOV: u64 = 64 << 20;

/// Iterates the boxes in `data`: (type, payload).
fn boxes(mut data: &[u8]) -> impl Iterator<Item = ([u8; 4], &[u8])> {
    std::iter::from_fn(move || {
        if data.len() < 8 {
            return None;
        }
        let size = u32::from_be_bytes(data[0..4].try_into().ok()?) as u64;
        let kind: [u8; 4] = data[4..8].try_into().ok()?;
        let (header, size) = match size {
            0 => (8, data.len() as u64),
            1 => (16, u64::from_be_bytes(data.get(8..16)?.try_into().ok()?)),
            s => (8, s),
        };
        let size = usize::try_from(size).ok()?;
        if size < header || size > data.len() {
            return None;
        }
        let payload = &data[header..size];
        data = &data[size..];
        Some((kind, payload))
    })
}

fn child<'a>(data: &'a [u8], kind: &[u8; 4]) -> Option<&'a [u8]> {
    boxes(data).find(|(k, _)| k == kind).map(|(_, p)| p)
}

fn be32(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(at..at + 4)?.try_into().ok()?))
}

fn be16(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(d.get(at..at + 2)?.try_into().ok()?))
}

/// Reads the `moov` box, seeking past `mdat` and anything else.
fn read_moov(path: &Path) -> Option<Vec<u8>> {
    let mut f = File::open(path).ok()?;
    let len = f.metadata().ok()?.len();
    let mut pos = 0u64;
    while pos + 8 <= len {
        let mut h = [0u8; 16];
        f.seek(SeekFrom::Start(pos)).ok()?;
        f.read_exact(&mut h[..8]).ok()?;
        let mut size = u64::from(u32::from_be_bytes(h[0..4].try_into().ok()?));
        let mut header = 8;
        if size == 1 {
            f.read_exact(&mut h[8..16]).ok()?;
            size = u64::from_be_bytes(h[8..16].try_into().ok()?);
            header = 16;
        } else if size == 0 {
            size = len - pos;
        }
        if size < header || pos + size > len {
            return None;
        }
        if &h[4..8] == b"moov" {
            if size > MAX_MOOV {
                return None;
            }
            let mut moov = vec![0u8; (size - header) as usize];
            f.seek(SeekFrom::Start(pos + header)).ok()?;
            f.read_exact(&mut moov).ok()?;
            return Some(moov);
        }
        pos += size;
    }
    None
}

/// Exp-Golomb reader over an RBSP (emulation prevention bytes removed).
struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Bits<'_> {
    fn bit(&mut self) -> Option<u32> {
        let byte = self.data.get(self.pos / 8)?;
        let b = (byte >> (7 - self.pos % 8)) & 1;
        self.pos += 1;
        Some(u32::from(b))
    }

    fn ue(&mut self) -> Option<u32> {
        let mut zeros = 0;
        while self.bit()? == 0 {
            zeros += 1;
            if zeros > 31 {
                return None;
            }
        }
        let mut v = 0u32;
        for _ in 0..zeros {
            v = (v << 1) | self.bit()?;
        }
        Some((1u32 << zeros) - 1 + v)
    }
}

/// (chroma_format_idc, luma bit depth) from an SPS NAL unit.
fn sps_chroma(sps: &[u8]) -> Option<(u32, u32)> {
    let profile = *sps.get(1)?;
    let mut rbsp = Vec::with_capacity(sps.len());
    let mut zeros = 0;
    for &b in sps.get(4..)? {
        if zeros >= 2 && b == 3 {
            zeros = 0;
            continue;
        }
        zeros = if b == 0 { zeros + 1 } else { 0 };
        rbsp.push(b);
    }
    let mut bits = Bits {
        data: &rbsp,
        pos: 0,
    };
    bits.ue()?; // seq_parameter_set_id
    if matches!(
        profile,
        100 | 110 | 122 | 244 | 44 | 83 | 86 | 118 | 128 | 138 | 139 | 134 | 135
    ) {
        let chroma = bits.ue()?;
        if chroma == 3 {
            bits.bit()?;
        }
        let depth = bits.ue()? + 8;
        Some((chroma, depth))
    } else {
        // Baseline, Main and Extended are 4:2:0 8-bit by definition.
        Some((1, 8))
    }
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 {
        a.max(1)
    } else {
        gcd(b, a % b)
    }
}

/// The first video track of an MP4, when it is H.264 at a constant frame rate.
pub(crate) fn quick_info(path: &Path) -> Option<VideoInfo> {
    let moov = read_moov(path)?;
    for (kind, trak) in boxes(&moov) {
        if &kind != b"trak" {
            continue;
        }
        let mdia = child(trak, b"mdia")?;
        if child(mdia, b"hdlr")?.get(8..12)? != b"vide" {
            continue;
        }
        let mdhd = child(mdia, b"mdhd")?;
        let timescale = match mdhd.first()? {
            0 => be32(mdhd, 12)?,
            1 => be32(mdhd, 20)?,
            _ => return None,
        };
        let stbl = child(child(mdia, b"minf")?, b"stbl")?;
        let stsd = child(stbl, b"stsd")?;
        let (entry_kind, entry) = boxes(stsd.get(8..)?).next()?;
        if &entry_kind != b"avc1" {
            return None;
        }
        let (width, height) = (be16(entry, 24)?, be16(entry, 26)?);
        let avcc = child(entry.get(78..)?, b"avcC")?;
        let sps_len = usize::from(be16(avcc, 6)?);
        let (chroma, depth) = sps_chroma(avcc.get(8..8 + sps_len)?)?;
        if (chroma, depth) != (1, 8) {
            return None;
        }
        let stts = child(stbl, b"stts")?;
        let entries = be32(stts, 4)? as usize;
        let mut frames = 0u64;
        let mut delta = None;
        for e in 0..entries {
            let count = be32(stts, 8 + e * 8)?;
            let d = be32(stts, 12 + e * 8)?;
            frames += u64::from(count);
            // The last sample's duration may differ (muxers round it); the rest must not.
            if e + 1 < entries || delta.is_none() {
                match delta {
                    None => delta = Some(d),
                    Some(prev) if prev != d => return None,
                    Some(_) => {}
                }
            }
        }
        let delta = delta.filter(|d| *d > 0)?;
        let g = gcd(timescale, delta);
        let (fps_num, fps_den) = (timescale / g, delta / g);
        let duration_ms = (frames * u64::from(delta) * 1000 / u64::from(timescale.max(1))) as i64;
        return Some(VideoInfo {
            duration_ms,
            fps_num,
            fps_den,
            width: u32::from(width),
            height: u32::from(height),
            codec: "h264".into(),
            pix_fmt: "yuv420p".into(),
        });
    }
    None
}
