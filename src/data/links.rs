//! Who is linked to what: every claim as a link from a group to an incident, and every
//! third party with the incidents that went through it. Derived once from a data set.

use rustc_hash::FxHashMap;

use super::model::{Dataset, Stance};

/// Incidents looked up side by side, this many to a piece of work.
const CHUNK: usize = 16_384;

/// A chunk's claims as (group position or `u32::MAX`, stance), and where each incident's end.
type ClaimChunk = (Vec<(u32, Stance)>, Vec<u32>);

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
        use rayon::prelude::*;
        let roles = super::roles::Roles::build(data);
        let group_positions: FxHashMap<&str, u32> = data
            .groups
            .iter()
            .zip(0..)
            .map(|(g, i)| (g.id.as_str(), i))
            .collect();
        // Each claim's group and stance, looked up in the file's order (the order incidents
        // lie in memory) on every core: the walk newest first below then reads these short
        // lists and the roles, not the incidents scattered in memory.
        let chunks: Vec<ClaimChunk> = data
            .incidents
            .par_chunks(CHUNK)
            .map(|incidents| {
                let mut claims = Vec::new();
                let mut ends = Vec::with_capacity(incidents.len());
                for incident in incidents {
                    claims.extend(incident.claims.iter().map(|claim| {
                        let group = group_positions.get(claim.group.as_str());
                        (group.copied().unwrap_or(u32::MAX), claim.stance)
                    }));
                    ends.push(claims.len() as u32);
                }
                (claims, ends)
            })
            .collect();
        let mut claims = Vec::new();
        let mut claim_starts = Vec::with_capacity(data.incidents.len() + 1);
        claim_starts.push(0);
        for (more, ends) in chunks {
            let at = claims.len() as u32;
            claims.extend(more);
            claim_starts.extend(ends.into_iter().map(|end| at + end));
        }
        let mut by_group = vec![Vec::new(); data.groups.len()];
        let mut through: Vec<Vec<u32>> = vec![Vec::new(); data.organisations.len()];
        for &position in newest_first {
            let p = position as usize;
            let (Some(&start), Some(&end)) = (claim_starts.get(p), claim_starts.get(p + 1)) else {
                continue;
            };
            for (claim, &(group, stance)) in (0..).zip(&claims[start as usize..end as usize]) {
                if let Some(links) = by_group.get_mut(group as usize) {
                    links.push(Link {
                        incident: position,
                        claim,
                        stance,
                    });
                }
            }
            for &organisation in roles.third_parties(position) {
                let incidents = &mut through[organisation as usize];
                if incidents.last() != Some(&position) {
                    incidents.push(position);
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
            roles,
        }
    }
}
