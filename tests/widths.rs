//! Text is as wide on screen as the app counts it: after cleaning, every grapheme takes
//! the columns ratatui gives it in a terminal, and switching views over names whose width
//! terminals used to disagree on leaves the screen just as a fresh draw makes it.
//!
//! The terminal is `vt100`, which draws code point by code point with `unicode-width`'s
//! character widths, as xterm and tmux do with the C library's; on glibc the C library's
//! `wcwidth` is checked directly too.

#![cfg(unix)]

#[path = "e2e/checks.rs"]
mod checks;
#[path = "e2e/pty.rs"]
mod pty;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use incident_explorer::data::clean::clean_text;
use incident_explorer::layout::text;
use proptest::prelude::*;
use ratatui::buffer::CellWidth;
use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use checks::{check_box, find_box};
use pty::{Term, cell, rows};

/// Characters whose width terminals and ratatui disagreed on (the list and their
/// kin), with plain ones around them.
const CORPUS: &[char] = &[
    'a',
    'E',
    ' ',
    ' ',
    '日',
    '本',
    '雙',
    'é',
    'e',
    '\u{301}',
    '\u{308}', // plain
    'क',
    '\u{94D}',
    'ष',
    '\u{200D}',
    '\u{200C}', // Devanagari, joiners
    '\u{1F1EF}',
    '\u{1F1F5}',
    '\u{1F1F0}', // regional indicators
    'ก',
    '\u{E33}',
    '\u{EB3}',
    'ຄ', // Thai, Lao SARA AM
    'ｶ',
    'ﾊ',
    'ｱ',
    '\u{FF9E}',
    '\u{FF9F}', // half-width katakana and marks
    '\u{3FFFF}',
    '\u{378}',
    '\u{E000}',
    '\u{FFFF}',
    '\u{1FAE8}', // unknown to terminals
    '\u{115F}',
    '\u{1160}',
    '\u{3164}',
    '\u{FFA0}',
    '\u{1100}',
    '\u{1161}',
    '\u{11A8}', // Hangul
    '\u{FE0F}',
    '\u{FE0E}',
    '\u{FE01}',
    '\u{E0100}',
    '\u{201C}', // selectors, a quote
    '👩',
    '💻',
    '👍',
    '\u{1F3FD}',
    '🏳',
    '🌈',
    '❤',
    '⌚', // emoji
    'ل',
    'ا',
    '\u{17D8}',
    '☰',
    '\u{600}',
    '١',
    '\u{605}', // Arabic, Khmer, symbols
];

/// `bytes` as a terminal such as xterm or tmux reads them: vt100 takes U+FFFD for a
/// decoding error and draws nothing, where terminals draw `�` in one column. It is drawn
/// here as `⍰` (one column too, and three bytes long as well, so offsets stay).
fn as_terminals_read(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let mut at = 0;
    while let Some(found) = out[at..]
        .windows(3)
        .position(|w| w == "\u{FFFD}".as_bytes())
    {
        out[at + found..at + found + 3].copy_from_slice("\u{2370}".as_bytes());
        at += found + 3;
    }
    out
}

fn size(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a terminal size is at least 1x1")
}

/// How far `text` moves a vt100 terminal's cursor, written at the start of a wide row.
fn drawn_width(text: &str) -> usize {
    let mut parser = vt100::Parser::new(size(2), size(2000), 0);
    // One column of something first: a terminal puts a zero-width mark at the start of a
    // row nowhere, ratatui on the cell before.
    parser.process(b"|");
    parser.process(&as_terminals_read(text.as_bytes()));
    usize::from(parser.screen().cursor_position().1) - 1
}

/// The graphemes ratatui draws `text` as, each with the columns it gives it.
fn graphemes(text: &str) -> Vec<(String, usize)> {
    Span::raw(text)
        .styled_graphemes(Style::new())
        .map(|g| (g.symbol.to_string(), usize::from(g.symbol.cell_width())))
        .collect()
}

/// Letters of Brahmic scripts (Devanagari to Sinhala), whose conjuncts and spacing vowel
/// signs make graphemes of several characters that take a column each: cleaning cannot
/// change them without changing the word; drawing splits them into a cell per column (see
/// `brahmic_clusters_leave_no_stale_cells`).
fn is_brahmic(c: char) -> bool {
    ('\u{0900}'..='\u{0DFF}').contains(&c)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// After cleaning, every grapheme is as wide for ratatui (`cell_width`) and for
    /// `unicode-width` as the terminal draws it, and the whole text as wide as the app's
    /// `text::width` counts it. Cleaning twice changes nothing more.
    #[test]
    fn cleaned_graphemes_are_as_wide_as_a_terminal_draws_them(
        picks in proptest::collection::vec(0..CORPUS.len(), 0..24)
    ) {
        let raw: String = picks.iter().map(|&i| CORPUS[i]).collect();
        let cleaned = clean_text(&raw);
        for (symbol, columns) in graphemes(&cleaned) {
            prop_assert_eq!(columns, symbol.width(), "ratatui and unicode-width on {:?} in {:?}", symbol, raw);
            prop_assert_eq!(columns, drawn_width(&symbol), "ratatui and the terminal on {:?} in {:?}", symbol, raw);
            // ratatui draws a grapheme in one cell and expects the terminal to clear it
            // whole: it must be one character that takes columns, the rest marks.
            let spacing = symbol.chars().filter(|c| c.width().unwrap_or(0) > 0).count();
            prop_assert!(
                spacing <= 1 || symbol.chars().any(is_brahmic),
                "{:?} in {:?} is {} characters that take columns", symbol, raw, spacing
            );
        }
        let by_graphemes: usize = graphemes(&cleaned).iter().map(|(_, w)| w).sum();
        prop_assert_eq!(by_graphemes, drawn_width(&cleaned), "{:?}", raw);
        prop_assert_eq!(text::width(&cleaned), drawn_width(&cleaned), "{:?}", raw);
        prop_assert_eq!(clean_text(&cleaned), cleaned.clone(), "cleaning {:?} twice", raw);
    }
}

/// Letters the cleaning keeps although `unicode-width` counts them as no column and the C
/// library as one: spacing vowel signs and viramas of Brahmic scripts, which cannot go
/// without changing the word (see `docs/data-format.md`).
const KEPT_LETTER_MARKS: &[(u32, u32)] = &[
    (0x09BE, 0x09BE),
    (0x09D7, 0x09D7),
    (0x0B3E, 0x0B3E),
    (0x0B57, 0x0B57),
    (0x0BBE, 0x0BBE),
    (0x0BD7, 0x0BD7),
    (0x0CC0, 0x0CC0),
    (0x0CC2, 0x0CC2),
    (0x0CC7, 0x0CC8),
    (0x0CCA, 0x0CCB),
    (0x0CD5, 0x0CD6),
    (0x0D3E, 0x0D3E),
    (0x0D4E, 0x0D4E),
    (0x0D57, 0x0D57),
    (0x0DCF, 0x0DCF),
    (0x0DDF, 0x0DDF),
    (0x1715, 0x1715),
    (0x1734, 0x1734),
    (0x1B35, 0x1B35),
    (0x1B3B, 0x1B3B),
    (0x1B3D, 0x1B3D),
    (0x1B43, 0x1B44),
    (0x1BAA, 0x1BAA),
    (0x1BF2, 0x1BF3),
    (0xA953, 0xA953),
    (0xA9C0, 0xA9C0),
    (0x111C0, 0x111C0),
    (0x111C2, 0x111C3),
    (0x11235, 0x11235),
    (0x1133E, 0x1133E),
    (0x1134D, 0x1134D),
    (0x11357, 0x11357),
    (0x114B0, 0x114B0),
    (0x114BD, 0x114BD),
    (0x115AF, 0x115AF),
    (0x116B6, 0x116B6),
    (0x1171E, 0x1171E),
    (0x11930, 0x11930),
    (0x1193D, 0x1193D),
    (0x1193F, 0x1193F),
    (0x11941, 0x11941),
    (0x11A84, 0x11A89),
    (0x11D46, 0x11D46),
];

#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod c_library {
    unsafe extern "C" {
        fn wcwidth(c: libc::wchar_t) -> libc::c_int;
    }

    /// The C library's width of `c` in a UTF-8 locale, or `None` when there is no such
    /// locale here.
    pub fn width(c: char) -> Option<i32> {
        static LOCALE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        let ready = *LOCALE.get_or_init(|| {
            // SAFETY: a NUL-terminated locale name; this test binary reads no other locale.
            unsafe { !libc::setlocale(libc::LC_CTYPE, c"C.UTF-8".as_ptr()).is_null() }
        });
        // SAFETY: wcwidth reads the locale's tables only.
        ready.then(|| unsafe { wcwidth(u32::from(c) as libc::wchar_t) })
    }
}

/// Every character that cleaning keeps as it is has the width the C library (glibc's
/// `wcwidth`, which tmux and xterm draw with) gives it, bar the letter marks listed above.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn kept_characters_are_as_wide_as_the_c_library_draws_them() {
    if c_library::width('a').is_none() {
        eprintln!("no C.UTF-8 locale: nothing to compare with");
        return;
    }
    let mut differ = Vec::new();
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        if c.is_whitespace() || c.is_control() {
            continue;
        }
        let alone = c.to_string();
        if clean_text(&alone) != alone {
            continue;
        }
        let code = u32::from(c);
        if KEPT_LETTER_MARKS
            .iter()
            .any(|&(start, end)| (start..=end).contains(&code))
        {
            continue;
        }
        let ours = c.width().map_or(-1, |w| w as i32);
        let theirs = c_library::width(c).unwrap_or(-2);
        if ours != theirs {
            differ.push(format!("U+{code:04X} {ours}/{theirs}"));
        }
    }
    assert!(
        differ.is_empty(),
        "{} kept characters unicode-width and wcwidth measure differently: {}",
        differ.len(),
        differ
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    );
}

/// Prints `NEWER_THAN_TERMINALS` for `src/data/clean.rs`: the characters Unicode assigns
/// (as `unicode-normalization` knows it) that this C library does not know.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
#[ignore = "a generator: run it by name to remake the table"]
fn print_newer_than_terminals() {
    use unicode_normalization::char::is_public_assigned;
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        if c.is_control() || !is_public_assigned(c) || c_library::width(c) != Some(-1) {
            continue;
        }
        let code = u32::from(c);
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == code => *end = code,
            _ => ranges.push((code, code)),
        }
    }
    for (start, end) in ranges {
        println!("    (0x{start:04X}, 0x{end:04X}),");
    }
}

/// A data file whose victims, groups, sectors, countries and tags use the corpus, in the
/// test's own scratch folder; Brahmic names only when `brahmic`.
fn corpus_file(brahmic: bool) -> PathBuf {
    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("widths");
    std::fs::create_dir_all(&folder).expect("make the scratch folder");
    let path = folder.join(if brahmic { "brahmic.ron" } else { "corpus.ron" });
    let plain = |text: &str| brahmic || !text.chars().any(is_brahmic);
    let victims: &[(&str, &str, &str, &str)] = &[
        ("devanagari", "क्\u{200D}ष Example Corp", "सेवा", "भारत"),
        ("flag", "Example Corp 🇯🇵", "日本", "日本"),
        ("thai", "กำแพง Thai ำ Co", "พลังงาน", "ไทย"),
        ("kana", "ｶﾞﾝﾀﾞﾑ ﾞﾟ Works", "ﾃﾞｰﾀ", "日本"),
        ("unknown", "Odd \u{3FFFF} Ltd \u{1FAE8}", "日本", "日本"),
        (
            "fillers",
            "\u{115F}Filler \u{3164} Corp \u{FFA0}",
            "한국",
            "대한민국",
        ),
        (
            "accents",
            "Socie\u{301}te\u{301} Ge\u{301}ne\u{301}rale",
            "Banque",
            "France",
        ),
        ("cjk", "雙尾蠍 Holdings 日本航空", "日本", "日本"),
        (
            "emoji",
            "👩\u{200D}💻 Dev 👍🏽 Shop ❤\u{FE0F}",
            "ソフト",
            "日本",
        ),
        ("arabic", "الاتحاد Bank “\u{FE01}Q”", "مصرف", "الإمارات"),
        ("tamil", "தமிழ்நாடு கோ Ltd", "சேவை", "இந்தியா"),
    ];
    let victims: Vec<_> = victims
        .iter()
        .filter(|(_, name, sector, country)| plain(name) && plain(sector) && plain(country))
        .collect();
    let groups: &[(&str, &str)] = &[
        ("scorpion", "雙尾蠍"),
        ("flags", "Flag 🇰🇷 Crew"),
        ("kana-group", "ｼﾞｬｯｸ ﾊﾟﾝ"),
        ("joined", "क्\u{200D}ष Team"),
    ];
    let groups: Vec<_> = groups.iter().filter(|(_, name)| plain(name)).collect();
    let mut ron = String::from("(\n    sources: [\n");
    ron.push_str(
        "        (id: \"src\", outlet: \"日本経済新聞\", title: \"報告 🇯🇵\", date: \"2025-07\"),\n",
    );
    ron.push_str("    ],\n    groups: [\n");
    for (id, name) in &groups {
        ron.push_str(&format!(
            "        (id: \"{id}\", name: \"{name}\", kind: Criminal, sources: [\"src\"]),\n"
        ));
    }
    ron.push_str("    ],\n    organisations: [\n");
    for (id, name, sector, country) in &victims {
        ron.push_str(&format!(
            "        (id: \"{id}\", name: \"{name}\", sector: \"{sector}\", country: \"{country}\"),\n"
        ));
    }
    ron.push_str("    ],\n    incidents: [\n");
    for (n, (id, name, _, _)) in victims.iter().enumerate() {
        // The scorpions claim most, so the filter panel counts differ.
        let group = if n % 4 == 3 {
            groups[n % groups.len()].0
        } else {
            "scorpion"
        };
        let tag = ["日本", "雙尾蠍", "ﾃﾞｰﾀ 🇯🇵", "क्\u{200D}ष"][n % 4];
        let tag = if plain(tag) { tag } else { "plain" };
        ron.push_str(&format!(
            "        (id: \"i-{id}\", title: \"{name}: data taken\", date: \"2025-0{month}\", \
             summary: \"{name} says {name}.\", victims: [\"{id}\"], \
             claims: [(group: \"{group}\", stance: Claimed, by: \"{name}\", source: \"src\")], \
             sources: [\"src\"], tags: [\"{tag}\", \"日本\"]),\n",
            month = 1 + n % 9,
        ));
    }
    ron.push_str("    ],\n)\n");
    std::fs::write(&path, ron).expect("write the corpus file");
    path
}

/// Waits until the app has written nothing new for a while: the frame is whole.
fn settle(term: &Term) {
    let deadline = Instant::now() + pty::TIMEOUT;
    let mut last = term.bytes_written();
    let mut quiet_since = Instant::now();
    while quiet_since.elapsed() < Duration::from_millis(300) {
        assert!(
            Instant::now() < deadline,
            "the app kept drawing; the screen shows:\n{}",
            term.text()
        );
        std::thread::sleep(Duration::from_millis(25));
        let now = term.bytes_written();
        if now != last {
            last = now;
            quiet_since = Instant::now();
        }
    }
}

/// The app's screen as a terminal that draws U+FFFD shows it (see [`as_terminals_read`]):
/// a vt100 parser of its own, fed everything the app wrote, resized when the pty is.
struct Screen {
    parser: vt100::Parser,
    fed: usize,
    cols: u16,
    rows: u16,
}

impl Screen {
    fn new(cols: u16, rows: u16) -> Screen {
        Screen {
            parser: vt100::Parser::new(size(rows), size(cols), 0),
            fed: 0,
            cols,
            rows,
        }
    }

    /// Reads what the app wrote since the last look.
    fn catch_up(&mut self, term: &Term) {
        let raw = as_terminals_read(&term.raw());
        self.parser.process(&raw[self.fed..]);
        self.fed = raw.len();
    }

    /// Resizes the pty and this terminal at the same point of the app's output.
    fn resize(&mut self, term: &mut Term, cols: u16) {
        settle(term);
        self.catch_up(term);
        self.parser.set_size(size(self.rows), size(cols));
        term.resize(cols, self.rows);
        settle(term);
        self.catch_up(term);
    }

    /// The screen row by row, wide characters once, empty cells as spaces.
    fn snapshot(&mut self, term: &Term) -> Vec<String> {
        settle(term);
        self.catch_up(term);
        let screen = self.parser.screen();
        (0..self.rows)
            .map(|row| {
                (0..self.cols)
                    .filter_map(|col| screen.cell(row, col))
                    .filter(|c| !c.is_wide_continuation())
                    .map(|c| match c.contents() {
                        "" => " ",
                        symbol => symbol,
                    })
                    .collect()
            })
            .collect()
    }

    /// The screen as a full redraw makes it: the terminal is made narrower and wide again,
    /// so the app clears it and draws every cell.
    fn redrawn(&mut self, term: &mut Term) -> Vec<String> {
        let cols = self.cols;
        self.resize(term, cols - 7);
        self.resize(term, cols);
        self.snapshot(term)
    }
}

/// The rows where `before` and `after` differ, for a failure message.
fn differences(before: &[String], after: &[String]) -> String {
    before
        .iter()
        .zip(after)
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(row, (a, b))| format!("row {row}:\n  after switching: {a}\n  fresh draw:      {b}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Switching views back and forth over the corpus leaves the screen as a fresh draw of the
/// same state makes it: no stale cell, no shifted border.
#[test]
fn switching_views_leaves_the_screen_a_fresh_draw_makes() {
    switch_views_over(&corpus_file(false));
}

/// The same with Devanagari and Tamil names: a conjunct (`क्ष`) or a consonant with a
/// spacing vowel sign (`கோ`) is one grapheme of two characters a column wide each, which the
/// terminal draws in two cells; drawing splits it so (src/ui/clusters.rs), and no second
/// character is left behind when a narrower grapheme takes the first cell.
#[test]
fn brahmic_clusters_leave_no_stale_cells() {
    switch_views_over(&corpus_file(true));
}

/// Switches views over `file` and compares each screen with a full redraw.
fn switch_views_over(file: &std::path::Path) {
    let (cols, rows) = (120, 34);
    let mut term = Term::spawn(&[file.to_str().expect("a UTF-8 path")], cols, rows);
    let mut screen = Screen::new(cols, rows);
    term.wait_for("┌ Incidents");
    let steps: &[(&str, &str)] = &[
        ("2", "┌ Groups"),
        ("3", "Timeline"),
        ("f", "By group"),
        ("\x1b", "Timeline"),
        ("1", "┌ Incidents"),
        ("f", "By group"),
        ("\x1b", "┌ Incidents"),
        ("2", "┌ Groups"),
        ("m", "Matrix"),
        ("1", "┌ Incidents"),
        ("3", "Timeline"),
        ("2", "Matrix"),
        ("f", "By group"),
        ("\x1b", "Matrix"),
        ("1", "┌ Incidents"),
    ];
    for (key, shows) in steps {
        term.send(key);
        term.wait_for(shows);
        let switched = screen.snapshot(&term);
        let fresh = screen.redrawn(&mut term);
        assert!(
            switched == fresh,
            "after {key:?} the screen is not what a fresh draw makes:\n{}",
            differences(&switched, &fresh)
        );
    }
    term.send("q");
    let done = term.finish();
    assert!(done.status.success(), "exit status {:?}", done.status);
}

/// The filter panel pads labels by columns: "雙尾蠍" and "日本" keep their counts in the
/// same column as every other row's, against the panel's right border.
#[test]
fn filter_panel_counts_stay_right_aligned_beside_wide_names() {
    let file = corpus_file(false);
    let mut term = Term::spawn(&[file.to_str().expect("a UTF-8 path")], 120, 60);
    term.wait_for("┌ Incidents");
    term.send("f");
    term.wait_for("By group");
    settle(&term);
    term.with_screen(|screen| {
        let panel = find_box(screen, " Filters").expect("the filter panel has a border");
        check_box(screen, panel, "the filter panel").unwrap_or_else(|why| panic!("{why}"));
        let last_digit = panel.right() - 2;
        let lines = rows(screen);
        let mut checked = Vec::new();
        for (row, line) in lines.iter().enumerate() {
            let row = row as u16;
            if row <= panel.y || row + 1 >= panel.bottom() || !line.contains("[ ]") {
                continue;
            }
            let digit = cell(screen, row, last_digit);
            assert!(
                digit.chars().all(|c| c.is_ascii_digit()) && !digit.is_empty(),
                "row {row} has {digit:?} where its count ends, column {last_digit}:\n{}",
                term_text(screen)
            );
            for name in ["雙尾蠍", "日本"] {
                if line.contains(&format!("[ ] {name} ")) {
                    checked.push(name);
                }
            }
        }
        for name in ["雙尾蠍", "日本"] {
            assert!(
                checked.contains(&name),
                "no filter row for {name}:\n{}",
                term_text(screen)
            );
        }
    });
}

fn term_text(screen: &vt100::Screen) -> String {
    pty::show(screen)
}
