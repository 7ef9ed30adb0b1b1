//! Who is linked to what: every claim as a link from a group to an incident, and every
//! third party with the incidents that went through it. Derived once from a data set.

use rustc_hash::FxHashMap;

use super::model::{Dataset, Stance};

/// One claim seen from its group: this incident, with this stance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    /// Position of the incident in the data.
    pub incident: u32,
    /// Position of the claim in the incident's claims.
    pub claim: u32,
    /// The claim's stance.
    pub stance: Stance,
}

/// A third party and the incidents that went through it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThirdPartyLinks {
    /// Position of the organisation in the data.
    pub organisation: u32,
    /// Incident positions, newest first.
    pub incidents: Vec<u32>,
}

/// Every link in a data set, by group and by third party.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Links {
    /// Per group (in data order): its links, newest incident first.
    pub by_group: Vec<Vec<Link>>,
    /// Third parties that at least one incident went through, by name.
    pub third_parties: Vec<ThirdPartyLinks>,
    /// Each incident's victims and third parties, by position.
    pub roles: super::roles::Roles,
}

impl Links {
    /// Derives the links of `data`; `newest_first` is [`Dataset::newest_first`]. Walking the
    /// incidents in that order leaves every list newest first with no sorting.
    pub fn build(data: &Dataset, newest_first: &[u32]) -> Links {
        let group_positions: FxHashMap<&str, usize> = data
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.as_str(), i))
            .collect();
        let organisation_positions: FxHashMap<&str, usize> = data
            .organisations
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.as_str(), i))
            .collect();
        let mut by_group = vec![Vec::new(); data.groups.len()];
        let mut through: Vec<Vec<u32>> = vec![Vec::new(); data.organisations.len()];
        for &position in newest_first {
            let Some(incident) = data.incidents.get(position as usize) else {
                continue;
            };
            for (claim_position, claim) in incident.claims.iter().enumerate() {
                if let Some(&group) = group_positions.get(claim.group.as_str()) {
                    by_group[group].push(Link {
                        incident: position,
                        claim: claim_position as u32,
                        stance: claim.stance,
                    });
                }
            }
            for third_party in &incident.third_parties {
                if let Some(&organisation) =
                    organisation_positions.get(third_party.organisation.as_str())
                {
                    let incidents = &mut through[organisation];
                    if incidents.last() != Some(&position) {
                        incidents.push(position);
                    }
                }
            }
        }
        let mut third_parties: Vec<ThirdPartyLinks> = through
            .into_iter()
            .zip(0..)
            .filter(|(incidents, _)| !incidents.is_empty())
            .map(|(incidents, organisation)| ThirdPartyLinks {
                organisation,
                incidents,
            })
            .collect();
        let lowercase_name = |t: &ThirdPartyLinks| {
            data.organisations[t.organisation as usize]
                .name
                .to_lowercase()
        };
        third_parties.sort_by_cached_key(lowercase_name);
        Links {
            by_group,
            third_parties,
            roles: super::roles::Roles::build(data),
        }
    }
}
