//! The layers over a screen, as one stack: a key goes to the top layer first, drawing walks
//! the stack bottom up, and the status bar asks the top layer for its keys. The order of
//! the layers is written here, once.

use tui_input::Input;

use super::filters::FilterRow;
use super::keymap::Mode;

/// Where a running tour is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TourProgress {
    /// Position of the tour in the data.
    pub tour: usize,
    /// Position of the step shown.
    pub step: usize,
}

/// The filter panel's rows (with counts) and cursor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterPanel {
    /// Every facet value, and the year bounds.
    pub rows: Vec<FilterRow>,
    /// The row under the cursor.
    pub cursor: usize,
    /// New counts are being made; the ones shown are the last.
    pub counting: bool,
}

/// The list of tours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TourList {
    /// The tour under the cursor.
    pub selected: usize,
}

/// The help overlay: where it is scrolled, and its filter.
#[derive(Clone, Debug)]
pub struct HelpState {
    /// Rows scrolled.
    pub scroll: u16,
    /// Words that keys or descriptions must contain to be listed.
    pub filter: Input,
    /// The filter line has the keys.
    pub typing: bool,
    /// The mode under the help when it opened: its section is shown first.
    pub opened_from: Mode,
}

/// A group's profile, over the screen: the groups it can show (an incident's several
/// suspects), which one is shown, and the scroll.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileState {
    /// Positions of the groups in the data, the first shown first.
    pub groups: Vec<u32>,
    /// Which of `groups` is shown.
    pub shown: usize,
    /// Rows scrolled.
    pub scroll: u16,
}

impl ProfileState {
    /// The position of the group shown.
    pub fn group(&self) -> Option<u32> {
        self.groups.get(self.shown).copied()
    }
}

/// Why the data file no longer loads, over the last good data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The diagnostics, as `check` prints them.
    pub diagnostics: String,
    /// Rows scrolled.
    pub scroll: u16,
}

/// One layer over the screen.
#[derive(Clone, Debug)]
pub enum Layer {
    /// A tour: its caption under the screen; keys it does not use go to the screen.
    Tour(TourProgress),
    /// The search line has the keys.
    Search,
    /// The filter panel.
    Filters(FilterPanel),
    /// The list of tours.
    Tours(TourList),
    /// The help overlay.
    Help(HelpState),
    /// A group's profile.
    Profile(ProfileState),
    /// The data file's problems.
    Problem(Problem),
}

impl Layer {
    /// The key table of the layer.
    pub fn mode(&self) -> Mode {
        match self {
            Layer::Tour(_) => Mode::Tour,
            Layer::Search => Mode::Search,
            Layer::Filters(_) => Mode::Filters,
            Layer::Tours(_) => Mode::Tours,
            Layer::Help(help) if help.typing => Mode::HelpFilter,
            Layer::Help(_) => Mode::Help,
            Layer::Profile(_) => Mode::Profile,
            Layer::Problem(_) => Mode::Problem,
        }
    }

    /// True when keys the layer does not use go on to what is under it. Only the tour does
    /// this: a presenter scrolls and switches screens while the caption stays.
    pub fn passes_keys_down(&self) -> bool {
        matches!(self, Layer::Tour(_))
    }
}

/// The stack of layers, bottom first.
#[derive(Clone, Debug, Default)]
pub struct Layers {
    stack: Vec<Layer>,
}

impl Layers {
    /// The layers, bottom first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Layer> {
        self.stack.iter()
    }

    /// The layers, bottom first, to change them.
    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut Layer> {
        self.stack.iter_mut()
    }

    /// The top layer, if any.
    pub fn top(&self) -> Option<&Layer> {
        self.stack.last()
    }

    /// The top layer, to change it.
    pub fn top_mut(&mut self) -> Option<&mut Layer> {
        self.stack.last_mut()
    }

    /// True when no layer is open.
    pub fn is_empty(&self) -> bool {
        self.stack.is_empty()
    }

    /// How many layers are open.
    pub fn len(&self) -> usize {
        self.stack.len()
    }

    /// Opens a layer on top. A tour goes to the bottom instead, under anything open, and
    /// replaces a running one; a problems panel replaces an older one.
    pub fn push(&mut self, layer: Layer) {
        match layer {
            Layer::Tour(_) => {
                self.stack.retain(|l| !matches!(l, Layer::Tour(_)));
                self.stack.insert(0, layer);
            }
            Layer::Problem(_) => {
                self.stack.retain(|l| !matches!(l, Layer::Problem(_)));
                self.stack.push(layer);
            }
            Layer::Search if self.is_open(|l| matches!(l, Layer::Search)) => {}
            _ => self.stack.push(layer),
        }
    }

    /// Closes the top layer, returning it.
    pub fn pop(&mut self) -> Option<Layer> {
        self.stack.pop()
    }

    /// Closes every layer that `which` picks.
    pub fn close(&mut self, which: impl Fn(&Layer) -> bool) {
        self.stack.retain(|l| !which(l));
    }

    /// True when a layer that `which` picks is open.
    pub fn is_open(&self, which: impl Fn(&Layer) -> bool) -> bool {
        self.stack.iter().any(which)
    }

    /// The running tour, if any.
    pub fn tour(&self) -> Option<TourProgress> {
        self.stack.iter().find_map(|l| match l {
            Layer::Tour(progress) => Some(*progress),
            _ => None,
        })
    }

    /// True while the search line has the keys.
    pub fn is_searching(&self) -> bool {
        matches!(self.top(), Some(Layer::Search))
    }

    /// The filter panel, if it is open.
    pub fn filter_panel(&self) -> Option<&FilterPanel> {
        self.stack.iter().find_map(|l| match l {
            Layer::Filters(panel) => Some(panel),
            _ => None,
        })
    }

    /// The filter panel, to change it.
    pub fn filter_panel_mut(&mut self) -> Option<&mut FilterPanel> {
        self.stack.iter_mut().find_map(|l| match l {
            Layer::Filters(panel) => Some(panel),
            _ => None,
        })
    }

    /// The problems panel, if it is open.
    pub fn problem(&self) -> Option<&Problem> {
        self.stack.iter().find_map(|l| match l {
            Layer::Problem(problem) => Some(problem),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tour_stays_under_what_opens_over_it() {
        let mut layers = Layers::default();
        layers.push(Layer::Search);
        layers.push(Layer::Tour(TourProgress { tour: 0, step: 0 }));
        assert!(matches!(layers.top(), Some(Layer::Search)));
        layers.push(Layer::Tour(TourProgress { tour: 1, step: 0 }));
        assert_eq!(layers.len(), 2, "a new tour replaces the running one");
        assert_eq!(layers.tour().map(|t| t.tour), Some(1));
    }

    #[test]
    fn a_new_problem_replaces_the_old_and_the_search_line_opens_once() {
        let mut layers = Layers::default();
        layers.push(Layer::Search);
        layers.push(Layer::Search);
        let problem = |text: &str| {
            Layer::Problem(Problem {
                diagnostics: text.into(),
                scroll: 0,
            })
        };
        layers.push(problem("a"));
        layers.push(problem("b"));
        assert_eq!(layers.len(), 2);
        assert_eq!(layers.problem().map(|p| p.diagnostics.as_str()), Some("b"));
    }
}
