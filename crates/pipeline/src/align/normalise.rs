//! Words to canonical tokens: lower case, no punctuation, numbers and symbols spelled out,
//! common abbreviations expanded. The script and the ASR are normalised by the same function,
//! so "$3" meets "three dollars", "2026" meets "twenty twenty-six" and "Dr." meets "doctor"
//! whichever side wrote which.

use super::numbers;

/// One canonical token and the word (index into the caller's list) it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub word: usize,
}

/// Normalises a list of words (script words or ASR words) into tokens. A word may give
/// several tokens ("$3" → "three", "dollars"; "twenty-six" → "twenty", "six") or none
/// (a lone dash).
pub fn tokenise<S: AsRef<str>>(words: &[S]) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(words.len() + words.len() / 4);
    let mut state = State::default();
    for (index, word) in words.iter().enumerate() {
        let lexemes = lex(word.as_ref());
        let mut rest = &lexemes[..];
        if let Some(unit) = state.pending_unit.take() {
            match lexemes.first() {
                Some(Lexeme::Word(w)) if numbers::is_scale_word(w) => {
                    tokens.push(token(w, index));
                    tokens.push(token(&plural_unit(unit.name), index));
                    rest = &lexemes[1..];
                }
                _ => tokens.push(token(&unit.spoken(), unit.word)),
            }
        }
        spell(rest, index, &mut tokens, &mut state);
    }
    if let Some(unit) = state.pending_unit {
        tokens.push(token(&unit.spoken(), unit.word));
    }
    tokens
}

/// What one word leaves for the next.
#[derive(Default)]
struct State {
    /// A currency unit waiting for a scale word: "$3 million" is read "three million dollars".
    pending_unit: Option<PendingUnit>,
    /// The last thing spelled was a number, so "km" or "pm" is a unit.
    after_number: bool,
}

struct PendingUnit {
    name: &'static str,
    one: bool,
    word: usize,
}

impl PendingUnit {
    fn spoken(&self) -> String {
        if self.one {
            self.name.to_owned()
        } else {
            plural_unit(self.name)
        }
    }
}

fn token(text: &str, word: usize) -> Token {
    Token {
        text: text.to_owned(),
        word,
    }
}

/// A piece of one written word.
#[derive(Clone, Debug, PartialEq)]
enum Lexeme {
    /// Letters, lower case, apostrophes dropped.
    Word(String),
    /// Letters separated by periods: "U.S.", "a.m.", "e.g.".
    Initials(String),
    /// Digits as written, with the suffix glued to them ("st", "s", "k"...).
    Number {
        int: String,
        frac: Option<String>,
        grouped: bool,
        minutes: Option<String>,
        suffix: String,
    },
    Currency(&'static str),
    Symbol(&'static str),
}

fn lex(word: &str) -> Vec<Lexeme> {
    let chars: Vec<char> = word
        .chars()
        .map(|c| {
            if c == '\u{2019}' || c == '\u{2018}' {
                '\''
            } else {
                c
            }
        })
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            i = lex_number(&chars, i, &mut out);
        } else if c.is_alphabetic() {
            i = lex_letters(&chars, i, &mut out);
        } else {
            if let Some(cur) = currency(c) {
                out.push(Lexeme::Currency(cur));
            } else if let Some(sym) = symbol(c) {
                out.push(Lexeme::Symbol(sym));
            }
            i += 1;
        }
    }
    out
}

fn lex_number(chars: &[char], start: usize, out: &mut Vec<Lexeme>) -> usize {
    let digit_at = |k: usize| chars.get(k).is_some_and(|c| c.is_ascii_digit());
    let mut i = start;
    let mut int = String::new();
    let mut grouped = false;
    loop {
        while digit_at(i) {
            int.push(chars[i]);
            i += 1;
        }
        // "3,000": a comma followed by exactly three digits groups thousands.
        let group =
            chars.get(i) == Some(&',') && (1..=3).all(|k| digit_at(i + k)) && !digit_at(i + 4);
        if !group {
            break;
        }
        grouped = true;
        i += 1;
    }
    let mut frac = None;
    if chars.get(i) == Some(&'.') && digit_at(i + 1) {
        let mut f = String::new();
        i += 1;
        while digit_at(i) {
            f.push(chars[i]);
            i += 1;
        }
        frac = Some(f);
    }
    let mut minutes = None;
    if frac.is_none() && chars.get(i) == Some(&':') && digit_at(i + 1) && digit_at(i + 2) {
        minutes = Some(chars[i + 1..i + 3].iter().collect());
        i += 3;
    }
    let mut suffix = String::new();
    let letters_end = (i..chars.len())
        .find(|&k| !chars[k].is_alphabetic())
        .unwrap_or(chars.len());
    let letters: String = chars[i..letters_end]
        .iter()
        .collect::<String>()
        .to_lowercase();
    if matches!(
        letters.as_str(),
        "st" | "nd" | "rd" | "th" | "s" | "k" | "m" | "bn"
    ) {
        suffix = letters;
        i = letters_end;
    } else if chars.get(i) == Some(&'\'') && chars.get(i + 1).is_some_and(|c| *c == 's') {
        // "1990's"
        suffix = "s".into();
        i += 2;
    }
    out.push(Lexeme::Number {
        int,
        frac,
        grouped,
        minutes,
        suffix,
    });
    i
}

fn lex_letters(chars: &[char], start: usize, out: &mut Vec<Lexeme>) -> usize {
    let mut i = start;
    let mut text = String::new();
    let mut initials = false;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphabetic() {
            text.extend(c.to_lowercase());
            i += 1;
        } else if c == '\'' && chars.get(i + 1).is_some_and(|n| n.is_alphabetic()) {
            // "don't" → "dont": the ASR and the script agree on the letters, not the mark.
            i += 1;
        } else if c == '.'
            && chars.get(i + 1).is_some_and(|n| n.is_alphabetic())
            && chars.get(i + 2).is_none_or(|n| !n.is_alphabetic())
            && text.chars().count() == 1
        {
            // "U.S.", "e.g.": single letters joined by periods.
            initials = true;
            text.push(' ');
            i += 1;
        } else if initials && c == '.' {
            i += 1;
            if chars.get(i).is_some_and(|n| n.is_alphabetic())
                && chars.get(i + 1).is_none_or(|n| !n.is_alphabetic())
            {
                text.push(' ');
                continue;
            }
            break;
        } else {
            break;
        }
        if initials
            && text
                .rsplit(' ')
                .next()
                .is_some_and(|l| l.chars().count() > 1)
        {
            break;
        }
    }
    if initials {
        out.push(Lexeme::Initials(text));
    } else {
        out.push(Lexeme::Word(text));
    }
    i
}

fn currency(c: char) -> Option<&'static str> {
    match c {
        '$' => Some("dollar"),
        '£' => Some("pound"),
        '€' => Some("euro"),
        '¥' => Some("yen"),
        _ => None,
    }
}

fn symbol(c: char) -> Option<&'static str> {
    match c {
        '%' => Some("percent"),
        '&' => Some("and"),
        '+' => Some("plus"),
        '=' => Some("equals"),
        '@' => Some("at"),
        '°' => Some("degrees"),
        '#' => Some("number"),
        _ => None,
    }
}

fn plural_unit(unit: &str) -> String {
    match unit {
        "yen" => "yen".into(),
        u if u.ends_with('s') => u.into(),
        u => format!("{u}s"),
    }
}

/// Spells the lexemes of one word as tokens.
fn spell(lexemes: &[Lexeme], word: usize, tokens: &mut Vec<Token>, state: &mut State) {
    let mut unit: Option<&'static str> = None;
    let mut words = Vec::new();
    for (k, lexeme) in lexemes.iter().enumerate() {
        words.clear();
        let mut number = false;
        match lexeme {
            Lexeme::Currency(c) => {
                unit = Some(c);
                continue;
            }
            Lexeme::Symbol(s) => words.push((*s).to_owned()),
            Lexeme::Initials(letters) => words.extend(letters.split(' ').map(str::to_owned)),
            Lexeme::Word(w) => {
                let expanded = state
                    .after_number
                    .then(|| unit_word(w))
                    .flatten()
                    .or_else(|| abbreviation(w));
                match expanded {
                    Some(e) => words.extend(e.split(' ').map(str::to_owned)),
                    None => words.push(w.clone()),
                }
            }
            Lexeme::Number {
                int,
                frac,
                grouped,
                minutes,
                suffix,
            } => {
                number = true;
                // "3€" puts the symbol after the amount.
                let trailing = match lexemes.get(k + 1) {
                    Some(Lexeme::Currency(c)) if unit.is_none() => Some(*c),
                    _ => None,
                };
                let money = unit.take().or(trailing);
                let written = Written {
                    int,
                    frac: frac.as_deref(),
                    grouped: *grouped,
                    minutes: minutes.as_deref(),
                    suffix,
                };
                spell_number(&written, money.is_some(), &mut words);
                if let Some(name) = money {
                    let one = int == "1" && frac.is_none();
                    let ends_word = lexemes[k + 1..]
                        .iter()
                        .all(|l| matches!(l, Lexeme::Currency(_)));
                    if matches!(suffix.as_str(), "k" | "m" | "bn") {
                        words.push(plural_unit(name));
                    } else if let Some(f) = frac {
                        spell_cents(f, name, &mut words);
                    } else if ends_word {
                        state.pending_unit = Some(PendingUnit { name, one, word });
                    } else {
                        words.push(if one {
                            name.to_owned()
                        } else {
                            plural_unit(name)
                        });
                    }
                }
            }
        }
        state.after_number = number;
        tokens.extend(
            words
                .drain(..)
                .filter(|w| !w.is_empty())
                .map(|w| token(&w, word)),
        );
    }
}

/// A number as written.
struct Written<'a> {
    int: &'a str,
    frac: Option<&'a str>,
    grouped: bool,
    minutes: Option<&'a str>,
    suffix: &'a str,
}

fn spell_cents(frac: &str, unit: &str, words: &mut Vec<String>) {
    // "$3.50" is read "three dollars fifty cents"; the amount before the point was already
    // spelled by spell_number (which leaves the fraction to us when there is a unit).
    words.push(plural_unit(unit));
    let cents: u64 = format!("{frac:0<2}")[..2].parse().unwrap_or(0);
    if cents > 0 {
        numbers::cardinal(cents, words);
        words.push(
            if unit == "dollar" || unit == "euro" {
                "cents"
            } else {
                "pence"
            }
            .into(),
        );
    }
}

fn spell_number(number: &Written, money: bool, words: &mut Vec<String>) {
    let Written {
        int,
        frac,
        grouped,
        minutes,
        suffix,
    } = *number;
    let Ok(n) = int.parse::<u64>() else {
        numbers::digits(int, words);
        return;
    };
    if int.len() > 1 && int.starts_with('0') && !grouped {
        numbers::digits(int, words);
    } else if let Some(mm) = minutes {
        // "3:30" → "three thirty", "3:05" → "three oh five", "3:00" → "three".
        numbers::cardinal(n, words);
        let m: u64 = mm.parse().unwrap_or(0);
        if m > 0 && m < 10 {
            words.push("oh".into());
        }
        if m > 0 {
            numbers::cardinal(m, words);
        }
    } else {
        match suffix {
            "st" | "nd" | "rd" | "th" => numbers::ordinal(n, words),
            "s" => {
                if int.len() == 4 && numbers::reads_as_year(n) {
                    numbers::year(n, words);
                } else {
                    numbers::cardinal(n, words);
                }
                if let Some(last) = words.last_mut() {
                    *last = numbers::plural(last);
                }
            }
            _ if !grouped
                && !money
                && frac.is_none()
                && int.len() == 4
                && numbers::reads_as_year(n) =>
            {
                numbers::year(n, words)
            }
            _ => numbers::cardinal(n, words),
        }
        match suffix {
            "k" => words.push("thousand".into()),
            "m" => words.push("million".into()),
            "bn" => words.push("billion".into()),
            _ => {}
        }
    }
    if let Some(f) = frac {
        if !money {
            words.push("point".into());
            numbers::digits(f, words);
        }
    }
}

/// Abbreviations read as words. Only those with one common reading: "St." (saint or street)
/// is read "saint" by the voices we use.
fn abbreviation(word: &str) -> Option<&'static str> {
    Some(match word {
        "dr" => "doctor",
        "mr" => "mister",
        "mrs" => "missus",
        "ms" => "miz",
        "st" => "saint",
        "jr" => "junior",
        "sr" => "senior",
        "prof" => "professor",
        "mt" => "mount",
        "vs" => "versus",
        "etc" => "et cetera",
        "etcetera" => "et cetera",
        "approx" => "approximately",
        "govt" => "government",
        "dept" => "department",
        "ok" => "okay",
        _ => return None,
    })
}

/// Units read after a number: "5km" → "five kilometers".
fn unit_word(word: &str) -> Option<&'static str> {
    Some(match word {
        "km" => "kilometers",
        "kg" => "kilograms",
        "cm" => "centimeters",
        "mm" => "millimeters",
        "m" => "meters",
        "g" => "grams",
        "mph" => "miles per hour",
        "ft" => "feet",
        "lb" | "lbs" => "pounds",
        "pm" => "p m",
        "am" => "a m",
        "bc" => "b c",
        "ad" => "a d",
        _ => return None,
    })
}

#[cfg(test)]
#[path = "normalise_tests.rs"]
mod tests;
