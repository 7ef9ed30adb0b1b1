//! Who is where in each incident: the organisations that are its victims and the third
//! parties it went through, by position, and each organisation's incidents in each role.

use rustc_hash::FxHashMap;

use super::model::Dataset;

/// For each incident, the positions of its victims and third parties: derived once per
/// data set (it needs a lookup by id per name), then read by every graph built.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Roles {
    victim_offsets: Vec<u32>,
    victims: Vec<u32>,
    route_offsets: Vec<u32>,
    routes: Vec<u32>,
    /// The other way round: each organisation's incidents as a victim, and as a third
    /// party, so that a neighbourhood is found without reading every incident.
    victim_of: Inverted,
    route_of: Inverted,
}

/// Incidents looked up side by side, this many to a piece of work.
const CHUNK: usize = 16_384;

/// For each organisation, the incidents it appears in (one role), in data order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Inverted {
    offsets: Vec<u32>,
    incidents: Vec<u32>,
}

impl Inverted {
    fn build(organisations: usize, offsets: &[u32], items: &[u32]) -> Inverted {
        let mut counts = vec![0u32; organisations + 1];
        for &o in items {
            if let Some(c) = counts.get_mut(o as usize) {
                *c += 1;
            }
        }
        let mut starts = Vec::with_capacity(organisations + 1);
        let mut total = 0;
        for c in counts.iter().take(organisations) {
            starts.push(total);
            total += c;
        }
        starts.push(total);
        let mut fill = starts.clone();
        let mut incidents = vec![0u32; total as usize];
        for incident in 0..offsets.len().saturating_sub(1) {
            for &o in &items[offsets[incident] as usize..offsets[incident + 1] as usize] {
                if let Some(slot) = fill.get_mut(o as usize) {
                    incidents[*slot as usize] = incident as u32;
                    *slot += 1;
                }
            }
        }
        Inverted {
            offsets: starts,
            incidents,
        }
    }

    fn of(&self, organisation: u32) -> &[u32] {
        let o = organisation as usize;
        match (self.offsets.get(o), self.offsets.get(o + 1)) {
            (Some(&a), Some(&b)) => &self.incidents[a as usize..b as usize],
            _ => &[],
        }
    }
}

impl Roles {
    /// Looks up every incident's victims and third parties.
    pub fn build(data: &Dataset) -> Roles {
        let positions: FxHashMap<&str, u32> = data
            .organisations
            .iter()
            .zip(0..)
            .map(|(o, i)| (o.id.as_str(), i))
            .collect();
        use rayon::prelude::*;
        // The lookups, a million of them for a million incidents, on every core, a chunk of
        // incidents at a time into flat lists (a list per incident would be a million
        // allocations), each name once per incident (a victim listed twice is one victim).
        let chunks: Vec<[(Vec<u32>, Vec<u32>); 2]> = data
            .incidents
            .par_chunks(CHUNK)
            .map(|incidents| {
                let mut victims = (Vec::new(), Vec::with_capacity(incidents.len()));
                let mut routes = (Vec::new(), Vec::with_capacity(incidents.len()));
                for incident in incidents {
                    let lookup =
                        |ids: &mut dyn Iterator<Item = &str>,
                         (found, ends): &mut (Vec<u32>, Vec<u32>)| {
                            let start = found.len();
                            for id in ids {
                                if let Some(&p) = positions.get(id)
                                    && !found[start..].contains(&p)
                                {
                                    found.push(p);
                                }
                            }
                            ends.push(found.len() as u32);
                        };
                    lookup(
                        &mut incident.victims.iter().map(|v| v.as_str()),
                        &mut victims,
                    );
                    lookup(
                        &mut incident
                            .third_parties
                            .iter()
                            .map(|t| t.organisation.as_str()),
                        &mut routes,
                    );
                }
                [victims, routes]
            })
            .collect();
        let mut roles = Roles {
            victim_offsets: Vec::with_capacity(data.incidents.len() + 1),
            route_offsets: Vec::with_capacity(data.incidents.len() + 1),
            ..Roles::default()
        };
        roles.victim_offsets.push(0);
        roles.route_offsets.push(0);
        for [(victims, victim_ends), (routes, route_ends)] in chunks {
            let at = roles.victims.len() as u32;
            roles.victims.extend(victims);
            roles
                .victim_offsets
                .extend(victim_ends.into_iter().map(|end| at + end));
            let at = roles.routes.len() as u32;
            roles.routes.extend(routes);
            roles
                .route_offsets
                .extend(route_ends.into_iter().map(|end| at + end));
        }
        let organisations = data.organisations.len();
        roles.victim_of = Inverted::build(organisations, &roles.victim_offsets, &roles.victims);
        roles.route_of = Inverted::build(organisations, &roles.route_offsets, &roles.routes);
        roles
    }

    /// The incidents an organisation was a victim of.
    pub fn incidents_as_victim(&self, organisation: u32) -> &[u32] {
        self.victim_of.of(organisation)
    }

    /// The incidents that went through an organisation.
    pub fn incidents_through(&self, organisation: u32) -> &[u32] {
        self.route_of.of(organisation)
    }

    fn slice<'a>(offsets: &[u32], items: &'a [u32], incident: u32) -> &'a [u32] {
        let i = incident as usize;
        match (offsets.get(i), offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => items.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The organisations that were victims of an incident.
    pub fn victims(&self, incident: u32) -> &[u32] {
        Roles::slice(&self.victim_offsets, &self.victims, incident)
    }

    /// The organisations an incident went through.
    pub fn third_parties(&self, incident: u32) -> &[u32] {
        Roles::slice(&self.route_offsets, &self.routes, incident)
    }
}
