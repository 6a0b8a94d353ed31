//! The bundled font: Noto Sans Regular and Bold (SIL OFL 1.1, `fonts/OFL.txt`), compiled in
//! so that a card looks the same on every machine and never depends on system fonts.

use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use cosmic_text::{fontdb, FontSystem, SwashCache};

/// The family name inside the bundled files.
pub(crate) const FAMILY: &str = "Noto Sans";

const REGULAR: &[u8] = include_bytes!("../fonts/NotoSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/NotoSans-Bold.ttf");

/// Vertical metrics of the bundled family as fractions of the em (the font size).
#[derive(Clone, Copy, Debug)]
pub(crate) struct FontMetrics {
    /// Height of a capital letter above the baseline (OS/2 capHeight).
    pub cap_height: f32,
    /// Highest ink above the baseline that the font declares (hhea ascender).
    pub ascent: f32,
    /// Lowest ink below the baseline, positive (hhea descender).
    pub descent: f32,
}

/// The font system (shaping caches) and rasteriser cache, shared by every card: building a
/// `FontSystem` parses the fonts, which is worth doing once per process.
pub(crate) struct Typesetter {
    pub fonts: FontSystem,
    pub glyphs: SwashCache,
    pub metrics: FontMetrics,
}

/// The shared typesetter. Cards are set one at a time; the lock is held for one card.
pub(crate) fn typesetter() -> MutexGuard<'static, Typesetter> {
    static SHARED: OnceLock<Mutex<Typesetter>> = OnceLock::new();
    SHARED
        .get_or_init(|| Mutex::new(Typesetter::new()))
        .lock()
        // A panic mid-card leaves caches that are still valid: keep using them.
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Typesetter {
    fn new() -> Self {
        let mut db = fontdb::Database::new();
        db.load_font_source(fontdb::Source::Binary(Arc::new(REGULAR)));
        db.load_font_source(fontdb::Source::Binary(Arc::new(BOLD)));
        db.set_sans_serif_family(FAMILY);
        let regular = db
            .faces()
            .find(|f| f.weight == fontdb::Weight::NORMAL)
            .map(|f| f.id);
        let mut fonts = FontSystem::new_with_locale_and_db("en-US".to_string(), db);
        let metrics = regular
            .and_then(|id| fonts.get_font(id, fontdb::Weight::NORMAL))
            .map(|font| {
                let m = font.metrics();
                let em = f32::from(m.units_per_em.max(1));
                FontMetrics {
                    cap_height: m.cap_height.unwrap_or(714.0) / em,
                    ascent: m.ascent / em,
                    descent: -m.descent / em,
                }
            })
            // The bundled file is compiled in and parsed by the tests; these are its values
            // (units per em 1000), kept only so a broken build still sets text.
            .unwrap_or(FontMetrics {
                cap_height: 0.714,
                ascent: 1.069,
                descent: 0.293,
            });
        Typesetter {
            fonts,
            glyphs: SwashCache::new(),
            metrics,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_load_with_their_metrics() {
        let t = typesetter();
        assert_eq!(t.fonts.db().faces().count(), 2);
        assert!(t.fonts.db().faces().all(|f| f.families[0].0 == FAMILY));
        assert!(
            (t.metrics.cap_height - 0.714).abs() < 0.001,
            "{:?}",
            t.metrics
        );
        assert!(
            t.metrics.ascent > 0.9 && t.metrics.descent > 0.2,
            "{:?}",
            t.metrics
        );
    }
}
