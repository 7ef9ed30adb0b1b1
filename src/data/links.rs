//! Who is linked to what: every claim as a link from a group to an incident, and every
//! third party with the incidents that went through it. Derived once from a data set.

use std::collections::HashMap;

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
}

impl Links {
    /// Derives the links of `data`.
    pub fn build(data: &Dataset) -> Links {
        let group_positions: HashMap<&str, usize> = data
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.as_str(), i))
            .collect();
        let organisation_positions: HashMap<&str, usize> = data
            .organisations
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.as_str(), i))
            .collect();
        let mut by_group = vec![Vec::new(); data.groups.len()];
        let mut through: HashMap<usize, Vec<u32>> = HashMap::new();
        for (position, incident) in data.incidents.iter().enumerate() {
            let position = position as u32;
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
                    let incidents = through.entry(organisation).or_default();
                    if incidents.last() != Some(&position) {
                        incidents.push(position);
                    }
                }
            }
        }
        let newest_first = |a: &u32, b: &u32| {
            let date = |i: &u32| data.incidents[*i as usize].date;
            date(b).cmp(&date(a)).then(a.cmp(b))
        };
        for links in &mut by_group {
            links
                .sort_by(|a, b| newest_first(&a.incident, &b.incident).then(a.claim.cmp(&b.claim)));
        }
        let mut third_parties: Vec<ThirdPartyLinks> = through
            .into_iter()
            .map(|(organisation, mut incidents)| {
                incidents.sort_by(newest_first);
                ThirdPartyLinks {
                    organisation: organisation as u32,
                    incidents,
                }
            })
            .collect();
        third_parties.sort_by(|a, b| {
            let name = |t: &ThirdPartyLinks| {
                data.organisations[t.organisation as usize]
                    .name
                    .to_lowercase()
            };
            name(a).cmp(&name(b))
        });
        Links {
            by_group,
            third_parties,
        }
    }
}
