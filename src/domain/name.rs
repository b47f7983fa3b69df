//! A name that recurs all over a casebook: the officer and the agency who recorded each event.
//! A few officers record hundreds of thousands of events; held once and shared, their names
//! cost a pointer per event instead of two strings of their own (a tenth of the memory of a
//! 100,000-case casebook). The pointer is a thin one (the text's length lives with the text), so
//! an event's two names take two words, not four.

use foldhash::HashMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cell::RefCell;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(Arc<String>);

/// How many different names a thread keeps for sharing: far more officers and agencies than a
/// casebook has, and a bound on what a file full of different names can make it hold.
const SHARED_PER_THREAD: usize = 4096;

thread_local! {
    // Looked up for two names of every event read: hashed with foldhash rather than SipHash,
    // which was most of the cost of a look-up (the table is bounded, so flooding it only
    // stops sharing).
    static SEEN: RefCell<HashMap<Box<str>, Name>> = RefCell::new(HashMap::default());
}

impl Name {
    /// `text` as a name, shared with every other copy of it made on this thread.
    pub fn new(text: &str) -> Self {
        SEEN.with_borrow_mut(|seen| {
            if let Some(shared) = seen.get(text) {
                return shared.clone();
            }
            let name = Name(Arc::new(text.to_string()));
            if seen.len() < SHARED_PER_THREAD {
                seen.insert(text.into(), name.clone());
            }
            name
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Name {
    fn default() -> Self {
        Name::new("")
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Self {
        Name::new(text)
    }
}

impl From<String> for Name {
    fn from(text: String) -> Self {
        Name::new(&text)
    }
}

impl From<&Name> for String {
    fn from(name: &Name) -> Self {
        name.0.as_ref().clone()
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.0.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.0.as_str() == *other
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0.as_str(), f)
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Name;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Name, E> {
                Ok(Name::new(text))
            }
        }
        deserializer.deserialize_str(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_name_read_twice_is_held_once() {
        let text = r#"("Amir Chaudhry","Amir Chaudhry","Helen Marsh")"#;
        let (a, b, c): (Name, Name, Name) = ron::from_str(text).unwrap();
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert!(!Arc::ptr_eq(&a.0, &c.0));
        assert_eq!(a, "Amir Chaudhry");
        assert_eq!(ron::to_string(&(a, b, c)).unwrap(), text);
    }

    #[test]
    fn names_past_the_bound_are_still_names() {
        let many: Vec<Name> = (0..SHARED_PER_THREAD + 10)
            .map(|i| Name::new(&format!("Officer {i}")))
            .collect();
        let last = format!("Officer {}", SHARED_PER_THREAD + 9);
        assert_eq!(many.last().unwrap().as_str(), last);
        assert_eq!(Name::new(&last), *many.last().unwrap());
    }
}
