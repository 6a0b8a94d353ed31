//! Numbers spelled out as a speaker says them, so that "2026", "$3" and "21st" written by the
//! ASR (or the script) meet "twenty twenty-six", "three dollars" and "twenty-first" token by
//! token. Every function pushes lower-case words onto `out`.

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const SCALES: [(u64, &str); 4] = [
    (1_000_000_000_000, "trillion"),
    (1_000_000_000, "billion"),
    (1_000_000, "million"),
    (1_000, "thousand"),
];

/// A cardinal: 3,021 → "three thousand twenty one". No "and": speakers differ on it, and the
/// aligner makes a missing "and" cheap instead.
pub fn cardinal(n: u64, out: &mut Vec<String>) {
    if n == 0 {
        out.push("zero".into());
        return;
    }
    let mut rest = n;
    for (size, name) in SCALES {
        if rest >= size {
            // Above the largest scale, the count itself is spelled recursively.
            cardinal(rest / size, out);
            out.push(name.into());
            rest %= size;
        }
    }
    if rest > 0 {
        below_thousand(rest, out);
    }
}

fn below_thousand(n: u64, out: &mut Vec<String>) {
    let (hundreds, rest) = (n / 100, n % 100);
    if hundreds > 0 {
        out.push(ONES[hundreds as usize].into());
        out.push("hundred".into());
    }
    if rest > 0 {
        below_hundred(rest, out);
    }
}

fn below_hundred(n: u64, out: &mut Vec<String>) {
    if n < 20 {
        out.push(ONES[n as usize].into());
    } else {
        out.push(TENS[(n / 10) as usize].into());
        if !n.is_multiple_of(10) {
            out.push(ONES[(n % 10) as usize].into());
        }
    }
}

/// Whether a bare four-digit number is read as a year ("nineteen eighty-four") rather than
/// as a count. Round thousands and 2000–2009 are read as counts ("two thousand five").
pub fn reads_as_year(n: u64) -> bool {
    (1100..=2099).contains(&n) && !n.is_multiple_of(1000) && !(2001..=2009).contains(&n)
}

/// A year read in pairs: 1984 → "nineteen eighty four", 1905 → "nineteen oh five",
/// 1900 → "nineteen hundred", 2026 → "twenty twenty six".
pub fn year(n: u64, out: &mut Vec<String>) {
    let (high, low) = (n / 100, n % 100);
    below_hundred(high, out);
    match low {
        0 => out.push("hundred".into()),
        1..=9 => {
            out.push("oh".into());
            out.push(ONES[low as usize].into());
        }
        _ => below_hundred(low, out),
    }
}

/// An ordinal: 21 → "twenty first", 100 → "one hundredth".
pub fn ordinal(n: u64, out: &mut Vec<String>) {
    cardinal(n, out);
    if let Some(last) = out.last_mut() {
        *last = ordinal_word(last);
    }
}

fn ordinal_word(word: &str) -> String {
    match word {
        "one" => "first".into(),
        "two" => "second".into(),
        "three" => "third".into(),
        "five" => "fifth".into(),
        "eight" => "eighth".into(),
        "nine" => "ninth".into(),
        "twelve" => "twelfth".into(),
        w if w.ends_with('y') => format!("{}ieth", &w[..w.len() - 1]),
        w => format!("{w}th"),
    }
}

/// The plural of a number word, for decades: "nineties", "hundreds".
pub fn plural(word: &str) -> String {
    match word.strip_suffix('y') {
        Some(stem) => format!("{stem}ies"),
        None if word == "six" => "sixes".into(),
        None => format!("{word}s"),
    }
}

/// Digits read one by one (after a decimal point, or a number with a leading zero).
pub fn digits(text: &str, out: &mut Vec<String>) {
    for c in text.chars() {
        if let Some(d) = c.to_digit(10) {
            out.push(ONES[d as usize].into());
        }
    }
}

/// Whether a word is a scale that may follow a currency amount ("$3 million" is read "three
/// million dollars").
pub fn is_scale_word(word: &str) -> bool {
    matches!(
        word,
        "thousand" | "million" | "billion" | "trillion" | "hundred"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spell(f: impl Fn(&mut Vec<String>)) -> String {
        let mut out = Vec::new();
        f(&mut out);
        out.join(" ")
    }

    #[test]
    fn cardinals_spell_every_scale() {
        assert_eq!(spell(|o| cardinal(0, o)), "zero");
        assert_eq!(spell(|o| cardinal(13, o)), "thirteen");
        assert_eq!(spell(|o| cardinal(40, o)), "forty");
        assert_eq!(spell(|o| cardinal(3021, o)), "three thousand twenty one");
        assert_eq!(
            spell(|o| cardinal(1_250_000, o)),
            "one million two hundred fifty thousand"
        );
        assert_eq!(
            spell(|o| cardinal(7_000_000_000_000_000, o)),
            "seven thousand trillion"
        );
    }

    #[test]
    fn years_are_read_in_pairs() {
        assert_eq!(spell(|o| year(2026, o)), "twenty twenty six");
        assert_eq!(spell(|o| year(1984, o)), "nineteen eighty four");
        assert_eq!(spell(|o| year(1905, o)), "nineteen oh five");
        assert_eq!(spell(|o| year(1900, o)), "nineteen hundred");
        assert!(reads_as_year(1166));
        assert!(!reads_as_year(2000));
        assert!(!reads_as_year(2005));
        assert!(!reads_as_year(3000));
    }

    #[test]
    fn ordinals_change_the_last_word() {
        assert_eq!(spell(|o| ordinal(1, o)), "first");
        assert_eq!(spell(|o| ordinal(21, o)), "twenty first");
        assert_eq!(spell(|o| ordinal(12, o)), "twelfth");
        assert_eq!(spell(|o| ordinal(40, o)), "fortieth");
        assert_eq!(spell(|o| ordinal(100, o)), "one hundredth");
    }

    #[test]
    fn decades_are_plural() {
        assert_eq!(plural("ninety"), "nineties");
        assert_eq!(plural("hundred"), "hundreds");
    }
}
