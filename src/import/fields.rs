//! Reading one JSON record's fields for an importer, collecting every problem with it
//! instead of stopping at the first, so the error can list them all.

use serde_json::{Map, Value};

use super::json_kind;

/// One record's fields and the problems found reading them.
pub struct FieldReader<'a> {
    /// The record.
    pub object: &'a Map<String, Value>,
    /// What was wrong, in words ("Title should be a string, not a number").
    pub problems: Vec<String>,
}

impl<'a> FieldReader<'a> {
    /// A reader over one record.
    pub fn new(object: &'a Map<String, Value>) -> FieldReader<'a> {
        FieldReader {
            object,
            problems: Vec::new(),
        }
    }

    /// A string field; empty when absent or null.
    pub fn string(&mut self, key: &str) -> String {
        match self.object.get(key) {
            Some(Value::String(text)) => text.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => {
                self.problems.push(format!(
                    "{key} should be a string, not {}",
                    json_kind(other)
                ));
                String::new()
            }
        }
    }

    /// A string field that must be there.
    pub fn required_string(&mut self, key: &str) -> String {
        match self.object.get(key) {
            None => self.problems.push(format!("{key} is missing")),
            Some(Value::Null) => self
                .problems
                .push(format!("{key} should be a string, not null")),
            Some(_) => return self.string(key),
        }
        String::new()
    }

    /// A list of strings; empty when absent or null.
    pub fn strings(&mut self, key: &str) -> Vec<String> {
        match self.object.get(key) {
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(text) => out.push(text.clone()),
                        other => self.problems.push(format!(
                            "{key}[{i}] should be a string, not {}",
                            json_kind(other)
                        )),
                    }
                }
                out
            }
            Some(Value::Null) | None => Vec::new(),
            Some(other) => {
                self.problems.push(format!(
                    "{key} should be a list of strings, not {}",
                    json_kind(other)
                ));
                Vec::new()
            }
        }
    }

    /// A true/false field; false when absent or null.
    pub fn flag(&mut self, key: &str) -> bool {
        match self.object.get(key) {
            Some(Value::Bool(value)) => *value,
            Some(Value::Null) | None => false,
            Some(other) => {
                self.problems.push(format!(
                    "{key} should be true or false, not {}",
                    json_kind(other)
                ));
                false
            }
        }
    }

    /// A whole number of zero or more that must be there.
    pub fn count(&mut self, key: &str) -> u64 {
        match self.object.get(key) {
            Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64().unwrap_or_default(),
            None => {
                self.problems.push(format!("{key} is missing"));
                0
            }
            Some(other) => {
                self.problems.push(format!(
                    "{key} should be a whole number of zero or more, not {other}"
                ));
                0
            }
        }
    }
}
