//! Plain-text formatting of what the commands print.

use videogen_model::{AssetState, Sentence};

/// Milliseconds as `h:mm:ss` or `m:ss`.
pub fn duration(ms: i64) -> String {
    let total = ms.max(0) / 1000;
    let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Dirty flags as a fixed-width badge: `A I V` with `-` for clean assets.
pub fn dirty_flags(sentence: &Sentence) -> String {
    let flag = |asset: &AssetState, letter: char| if asset.dirty { letter } else { '-' };
    format!(
        "{}{}{}",
        flag(&sentence.audio, 'A'),
        flag(&sentence.image, 'I'),
        flag(&sentence.video, 'V')
    )
}

/// Text cut to `max` characters with an ellipsis.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// The shortest prefix length (at least 8) that tells every id in `ids` apart. UUID v7 ids
/// made in the same millisecond share their first 13 characters, so a fixed cut is not
/// enough.
pub fn unique_prefix_len<'a>(ids: impl IntoIterator<Item = &'a str>) -> usize {
    let mut sorted: Vec<&str> = ids.into_iter().collect();
    sorted.sort_unstable();
    let common = |a: &str, b: &str| a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    sorted
        .windows(2)
        .map(|w| common(w[0], w[1]) + 1)
        .max()
        .unwrap_or(0)
        .max(8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_prefix_tells_same_millisecond_ids_apart() {
        let ids = [
            "01a2144d-270d-7173-9ce3-dae6d35c09d8",
            "01a2144d-270d-7174-8ce3-dae6d35c09d8",
            "01a2144d-270e-7000-8000-000000000000",
        ];
        let n = unique_prefix_len(ids);
        assert_eq!(n, 18);
        let cut: std::collections::HashSet<&str> = ids.iter().map(|i| &i[..n]).collect();
        assert_eq!(cut.len(), ids.len());
    }

    #[test]
    fn unique_prefix_is_at_least_eight() {
        assert_eq!(unique_prefix_len(["a", "b"]), 8);
    }
}
