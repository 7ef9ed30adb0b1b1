//! The short summary `check` prints for a file that loads.

use std::fmt;

use super::model::{Dataset, Stance};

/// Counts of what a data set holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Number of incidents.
    pub incidents: usize,
    /// Incidents whose sources only name the victim.
    pub thin_incidents: usize,
    /// Number of groups.
    pub groups: usize,
    /// Number of organisations.
    pub organisations: usize,
    /// Claims per stance, in [`Stance::ALL`] order.
    pub claims_by_stance: Vec<(Stance, usize)>,
    /// Number of sources.
    pub sources: usize,
    /// Number of tours.
    pub tours: usize,
}

impl Summary {
    /// Counts what `data` holds.
    pub fn of(data: &Dataset) -> Self {
        let claims = || data.incidents.iter().flat_map(|i| &i.claims);
        Summary {
            incidents: data.incidents.len(),
            thin_incidents: data.incidents.iter().filter(|i| i.thin).count(),
            groups: data.groups.len(),
            organisations: data.organisations.len(),
            claims_by_stance: Stance::ALL
                .iter()
                .map(|&stance| (stance, claims().filter(|c| c.stance == stance).count()))
                .collect(),
            sources: data.sources.len(),
            tours: data.tours.len(),
        }
    }

    /// All claims, whatever their stance.
    pub fn claims(&self) -> usize {
        self.claims_by_stance.iter().map(|(_, n)| n).sum()
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.thin_incidents > 0 {
            writeln!(
                f,
                "incidents      {:>5}  ({} thin: the sources only name the victim)",
                self.incidents, self.thin_incidents
            )?;
        } else {
            writeln!(f, "incidents      {:>5}", self.incidents)?;
        }
        writeln!(f, "groups         {:>5}", self.groups)?;
        writeln!(f, "organisations  {:>5}", self.organisations)?;
        let by_stance: Vec<String> = self
            .claims_by_stance
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(stance, n)| format!("{n} {}", stance.label()))
            .collect();
        // "claims 0 ()" says nothing: the stances only when there are claims.
        if by_stance.is_empty() {
            writeln!(f, "claims         {:>5}", self.claims())?;
        } else {
            writeln!(
                f,
                "claims         {:>5}  ({})",
                self.claims(),
                by_stance.join(", ")
            )?;
        }
        writeln!(f, "sources        {:>5}", self.sources)?;
        write!(f, "tours          {:>5}", self.tours)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_data_set_lists_no_empty_brackets() {
        let text = Summary::of(&Dataset::default()).to_string();
        assert!(text.contains("claims             0\n"), "{text}");
        assert!(!text.contains("()") && !text.contains("(0 thin"), "{text}");
    }
}
