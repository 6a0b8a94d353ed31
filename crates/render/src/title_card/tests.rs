//! Legibility rules of the title card, each against the frame the card is drawn on.

use image::RgbImage;
use videogen_model::{FrameSize, StyleColours};

use super::draw::draw;
use super::*;
use crate::colour::{contrast_ratio, Rgb};

fn card(text: &str) -> TitleCard {
    TitleCard {
        heading: None,
        text: text.to_string(),
        colours: StyleColours::default(),
    }
}

/// A sentence of `chars` characters made of ordinary words (no "fi"/"fl"/"ff", so that each
/// visible character is one glyph and glyphs can be counted against characters).
fn sentence(chars: usize) -> String {
    const WORDS: [&str; 16] = [
        "the", "harbour", "lights", "were", "burning", "low", "when", "our", "small", "boat",
        "crossed", "into", "quiet", "water,", "beyond", "reach",
    ];
    let mut s = String::new();
    let mut i = 0;
    while s.len() < chars - 1 {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(WORDS[(i * 7 + i / 16) % WORDS.len()]);
        i += 1;
    }
    s.truncate(chars - 1);
    let s = s.trim_end().to_string();
    let mut s = s + ".";
    while s.len() < chars {
        s.insert(0, 'A');
    }
    s
}

/// Bounding box of every pixel that differs from the background.
fn ink_box(image: &RgbImage, bg: Rgb) -> PixelRect {
    let bg = image::Rgb([bg.0, bg.1, bg.2]);
    let mut r = PixelRect {
        x0: f32::MAX,
        y0: f32::MAX,
        x1: f32::MIN,
        y1: f32::MIN,
    };
    for (x, y, px) in image.enumerate_pixels() {
        if *px != bg {
            r = r.union(PixelRect {
                x0: x as f32,
                y0: y as f32,
                x1: x as f32 + 1.0,
                y1: y as f32 + 1.0,
            });
        }
    }
    r
}

/// Every visible character of `text` is laid out, once.
fn assert_every_character_laid_out(text: &str, clusters: &[std::ops::Range<usize>]) {
    let visible: Vec<usize> = text
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, _)| i)
        .collect();
    for i in &visible {
        assert!(
            clusters.iter().any(|r| r.contains(i)),
            "character at byte {i} ({:?}) was not laid out",
            &text[*i..]
        );
    }
    let visible_glyphs = clusters
        .iter()
        .filter(|r| !text[(*r).clone()].trim().is_empty())
        .count();
    assert_eq!(
        visible_glyphs,
        visible.len(),
        "glyphs vs visible characters"
    );
}

fn assert_legible(card: &TitleCard, size: FrameSize) -> (RgbImage, TitleCardLayout) {
    let (image, layout) = draw(card, size).unwrap();
    assert_eq!((image.width(), image.height()), (size.width, size.height));
    let floor = MIN_CAP_HEIGHT * size.height as f32;
    assert!(
        layout.cap_height_px >= floor - 0.01,
        "{size}: cap height {} < {floor}",
        layout.cap_height_px
    );
    assert!(!layout.below_floor);
    assert!(layout.safe_area.contains(&layout.ink), "{layout:?}");
    let painted = ink_box(&image, layout.colours.background);
    assert!(
        layout.safe_area.contains(&painted),
        "{size}: pixels painted outside the safe area: {painted:?} vs {:?}",
        layout.safe_area
    );
    assert!(contrast_ratio(layout.colours.text, layout.colours.background) >= MIN_CONTRAST);
    assert_every_character_laid_out(&card.text, &layout.body_clusters);
    (image, layout)
}

#[test]
fn safe_area_is_the_centred_ninety_percent() {
    let safe = layout_title_card(&card("Hello."), FrameSize::HD_1080)
        .unwrap()
        .safe_area;
    let expected = [96.0, 54.0, 1824.0, 1026.0];
    for (got, want) in [safe.x0, safe.y0, safe.x1, safe.y1]
        .into_iter()
        .zip(expected)
    {
        assert!((got - want).abs() < 0.01, "{safe:?}");
    }
}

#[test]
fn short_sentence_is_set_large_on_one_line() {
    let (_, layout) = assert_legible(&card("The tide came in."), FrameSize::HD_1080);
    assert_eq!(layout.body_lines, 1);
    assert!(
        (layout.cap_height_px - MAX_CAP_HEIGHT * 1080.0).abs() < 0.5,
        "{layout:?}"
    );
}

#[test]
fn every_length_keeps_the_cap_height_at_four_percent_or_more() {
    for size in [
        FrameSize::HD_720,
        FrameSize::HD_1080,
        FrameSize::new(1440, 1080),
    ] {
        for chars in [12, 80, 200, 350] {
            assert_legible(&card(&sentence(chars)), size);
        }
    }
    // A portrait frame is narrow for its height: 4 % of the height is a large letter there,
    // so the floor holds for sentences of ordinary length (longer ones go below it, as
    // `too_long_for_the_floor_is_set_smaller_but_never_cut` shows for landscape).
    for chars in [12, 80, 150] {
        assert_legible(&card(&sentence(chars)), FrameSize::new(1080, 1920));
    }
}

#[test]
fn six_hundred_characters_at_720p_wrap_inside_the_safe_area_with_no_glyph_dropped() {
    let text = sentence(600);
    assert_eq!(text.chars().count(), 600);
    let (image, layout) = assert_legible(&card(&text), FrameSize::HD_720);
    assert!(layout.body_lines >= 8, "{layout:?}");
    // The card used the floor or close to it, and still every glyph is inside.
    assert!(layout.cap_height_px < MAX_CAP_HEIGHT * 720.0);
    let painted = ink_box(&image, layout.colours.background);
    assert!(layout.safe_area.contains(&painted));
}

#[test]
#[ignore = "writes sample cards to /tmp for a person to look at"]
fn sample_cards_for_review() {
    let mut long = card(&sentence(600));
    long.colours.background = Some("#f5efe0".into());
    let heading = TitleCard {
        heading: Some("Part two: The Crossing".into()),
        text: "They left before dawn, with the lights of the harbour behind them.".into(),
        colours: StyleColours::default(),
    };
    for (name, c) in [
        ("long", long),
        ("heading", heading),
        ("short", card("The tide came in.")),
    ] {
        render_title_card(
            &c,
            FrameSize::HD_720,
            std::path::Path::new(&format!("/tmp/card-{name}.png")),
        )
        .unwrap();
    }
}

#[test]
fn longest_text_at_the_floor_is_reported_for_the_docs() {
    // Not a rule: prints how many characters fit at the floor, for BENCHMARKS/notes.
    for size in [FrameSize::HD_720, FrameSize::new(1080, 1920)] {
        let mut fits = 0;
        for chars in (100..2000).step_by(50) {
            if layout_title_card(&card(&sentence(chars)), size)
                .unwrap()
                .below_floor
            {
                break;
            }
            fits = chars;
        }
        println!("{size}: up to about {fits} characters at or above the 4 % floor");
    }
}

#[test]
fn cap_height_measure_matches_the_ink_of_capitals() {
    let c = card("HHHH");
    let (image, layout) = draw(&c, FrameSize::HD_720).unwrap();
    let text = layout.colours.text;
    // Rows holding pixels at least half text colour (the rule is accent-coloured).
    let rows: Vec<u32> = (0..image.height())
        .filter(|&y| {
            (0..image.width()).any(|x| {
                let p = image.get_pixel(x, y);
                (i32::from(p[0]) - i32::from(text.0)).abs() < 100
                    && (i32::from(p[1]) - i32::from(text.1)).abs() < 100
                    && (i32::from(p[2]) - i32::from(text.2)).abs() < 100
            })
        })
        .collect();
    let measured = (rows.last().unwrap() - rows.first().unwrap() + 1) as f32;
    assert!(
        (measured - layout.cap_height_px).abs() <= 1.5,
        "ink {measured} px vs cap height {} px",
        layout.cap_height_px
    );
}

#[test]
fn a_word_wider_than_the_frame_breaks_inside_the_word_rather_than_leave_it() {
    let url = "https://example.org/".to_string() + &"abcdefghij".repeat(20);
    let (_, layout) = assert_legible(&card(&url), FrameSize::HD_720);
    assert!(layout.body_lines >= 2);
}

#[test]
fn too_long_for_the_floor_is_set_smaller_but_never_cut() {
    let text = sentence(2500);
    let (image, layout) = draw(&card(&text), FrameSize::HD_720).unwrap();
    assert!(layout.below_floor);
    assert!(layout
        .safe_area
        .contains(&ink_box(&image, layout.colours.background)));
    assert_every_character_laid_out(&text, &layout.body_clusters);
}

#[test]
fn heading_is_set_above_the_text_larger_and_laid_out_whole() {
    let c = TitleCard {
        heading: Some("  Part two: The Crossing ".into()),
        text: "They left before dawn.".into(),
        colours: StyleColours::default(),
    };
    let (_, layout) = assert_legible(&c, FrameSize::HD_1080);
    assert_eq!(
        layout.heading_font_px,
        Some(layout.body_font_px * HEADING_SCALE)
    );
    assert_eq!(layout.heading_lines, 1);
    assert_every_character_laid_out(c.heading.as_deref().unwrap(), &layout.heading_clusters);
}

#[test]
fn a_heading_alone_is_a_card() {
    let c = TitleCard {
        heading: Some("Epilogue".into()),
        text: "  ".into(),
        colours: StyleColours::default(),
    };
    let (_, layout) = draw(&c, FrameSize::HD_720).unwrap();
    assert_eq!(layout.body_lines, 0);
    assert!(layout.safe_area.contains(&layout.ink));
}

#[test]
fn an_empty_card_is_refused() {
    let err = draw(&card(" \n "), FrameSize::HD_720).unwrap_err();
    assert!(err.to_string().contains("needs text"), "{err}");
}

#[test]
fn paragraphs_keep_every_character() {
    let text = "First line of the card.\nSecond line, after a break.\r\nThird.";
    assert_legible(&card(text), FrameSize::HD_720);
}

#[test]
fn style_colours_that_lack_contrast_get_a_text_colour_that_passes() {
    let mut c = card("Grey on grey is hard to read.");
    c.colours = StyleColours {
        background: Some("#777777".into()),
        text: Some("#888888".into()),
        accent: Some("#787878".into()),
    };
    let (image, layout) = assert_legible(&c, FrameSize::HD_720);
    assert!(layout.colours.text_adjusted);
    assert_eq!(
        layout.colours.background,
        Rgb(0x77, 0x77, 0x77),
        "background kept"
    );
    // Fully covered glyph stems carry exactly the adjusted colour.
    let t = layout.colours.text;
    assert!(image.pixels().any(|p| p.0 == [t.0, t.1, t.2]));
    assert!(contrast_ratio(layout.colours.accent, layout.colours.background) >= 3.0);
}

#[test]
fn style_colours_that_pass_are_used_as_given() {
    let mut c = card("Navy on cream.");
    c.colours = StyleColours {
        background: Some("#F5EFE0".into()),
        text: Some("#1b2a4a".into()),
        accent: Some("#c0392b".into()),
    };
    let layout = layout_title_card(&c, FrameSize::HD_720).unwrap();
    assert_eq!(layout.colours.background, Rgb(0xf5, 0xef, 0xe0));
    assert_eq!(layout.colours.text, Rgb(0x1b, 0x2a, 0x4a));
    assert_eq!(layout.colours.accent, Rgb(0xc0, 0x39, 0x2b));
    assert!(!layout.colours.text_adjusted);
}

#[test]
fn unset_colours_default_to_legible_text_for_the_background() {
    let dark = resolve_colours(&StyleColours::default()).unwrap();
    assert_eq!(dark.background, DEFAULT_BACKGROUND);
    assert_eq!(dark.text, DEFAULT_LIGHT_TEXT);
    let light = resolve_colours(&StyleColours {
        background: Some("#ffffff".into()),
        ..StyleColours::default()
    })
    .unwrap();
    assert_eq!(light.text, DEFAULT_DARK_TEXT);
    assert!(!light.text_adjusted);
}

#[test]
fn a_colour_that_is_not_hex_is_refused_with_how_to_write_it() {
    let err = resolve_colours(&StyleColours {
        accent: Some("orange".into()),
        ..StyleColours::default()
    })
    .unwrap_err();
    assert!(err.to_string().contains("#rrggbb"), "{err}");
    assert_eq!(err.code(), videogen_model::ErrorCode::InvalidInput);
}

#[test]
fn render_writes_a_png_atomically_and_replaces_an_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cards").join("s1.png");
    render_title_card(&card("First version."), FrameSize::HD_720, &out).unwrap();
    render_title_card(&card("Second version."), FrameSize::HD_720, &out).unwrap();
    let decoded = image::open(&out).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (1280, 720));
    let names: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names,
        vec![std::ffi::OsString::from("s1.png")],
        "no temporary left"
    );
}

#[test]
fn characters_outside_the_bundled_font_are_boxed_not_dropped() {
    let text = "Tokyo 東京 → café ✓ Москва Αθήνα";
    let (_, layout) = draw(&card(text), FrameSize::HD_720).unwrap();
    assert!(layout.safe_area.contains(&layout.ink));
    assert_every_character_laid_out(text, &layout.body_clusters);
}
