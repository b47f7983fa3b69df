//! A small map kept as a sorted vector. A case holds a few such maps (an event's recorded
//! details, its revision stamps), each of a handful of entries; a `BTreeMap` gives every one a
//! node with room for eleven, which at 100,000 cases was a seventh of the casebook's memory.
//! Same order, same file text: it is written as a map, sorted by key like the `BTreeMap` was.
//! The entries are a thin list (one word, its length and room kept with the entries), so an
//! event without details carries one word for them, not three.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::fmt;
use std::marker::PhantomData;
use thin_vec::ThinVec;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct VecMap<K, V>(ThinVec<(K, V)>);

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        Self(ThinVec::new())
    }
}

impl<K: Ord, V> VecMap<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    fn find(&self, key: &K) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.cmp(key))
    }

    pub fn get(&self, key: &K) -> Option<&V> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, key: &K) -> bool {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`; gives back the value it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove(&mut self, key: &K) -> Option<V> {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.0.iter().map(|(_, v)| v)
    }

    /// Drops the room left over from building it entry by entry (moved to a list of its
    /// exact length, as [`fit`] does).
    pub fn fit(&mut self) {
        if self.0.capacity() > self.0.len() {
            self.0 = self.0.drain(..).collect();
        }
    }
}

/// Gives `list` exactly the room it needs. A list read element by element grows by doubling and
/// ends with room to spare. `Vec::shrink_to_fit` gives that room back in place, leaving the
/// freed tail between live allocations where the allocator rarely uses it again: at 100,000
/// cases those tails came to 350 MB the process kept and could not use. Moved into an
/// allocation of its exact length instead, the list frees its whole larger buffer, which the
/// next list read takes.
pub fn fit<T>(list: &mut Vec<T>) {
    if list.capacity() > list.len() {
        let mut fitted = Vec::with_capacity(list.len());
        fitted.append(list);
        *list = fitted;
    }
}

/// Reads a thin list at its exact length (serde's `deserialize_with` for an event's lists): read
/// element by element it would keep the room it grew by, as a `Vec` does (see [`fit`]).
pub fn exact<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<ThinVec<T>, D::Error> {
    Ok(Vec::deserialize(deserializer)?.into_iter().collect())
}

/// Later entries win over earlier ones with the same key, as inserting them in turn would.
impl<K: Ord, V> FromIterator<(K, V)> for VecMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut entries: Vec<(K, V)> = entries.into_iter().collect();
        // Stable: equal keys stay in the order given, so the last one is the one kept.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        // Of a run of equal keys the first place keeps the last entry.
        entries.dedup_by(|later, earlier| {
            let same = later.0 == earlier.0;
            if same {
                std::mem::swap(later, earlier);
            }
            same
        });
        // Collected from an exact-size iterator: a thin list of exactly its length.
        Self(entries.into_iter().collect())
    }
}

impl<'a, K: Ord, V> IntoIterator for &'a VecMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<K: Serialize, V: Serialize> Serialize for VecMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, K: Deserialize<'de> + Ord, V: Deserialize<'de>> Deserialize<'de> for VecMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<K, V>(PhantomData<(K, V)>);
        impl<'de, K: Deserialize<'de> + Ord, V: Deserialize<'de>> Visitor<'de> for Entries<K, V> {
            type Value = VecMap<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::with_capacity(access.size_hint().unwrap_or(0).min(64));
                while let Some(entry) = access.next_entry()? {
                    entries.push(entry);
                }
                Ok(entries.into_iter().collect())
            }
        }
        deserializer.deserialize_map(Entries(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn behaves_as_a_btree_map_does() {
        // The same operations on both, in a scrambled order with repeats and removals.
        let mut ours = VecMap::new();
        let mut theirs = BTreeMap::new();
        for step in 0..500u32 {
            let key = (step * 37) % 23;
            if step % 5 == 4 {
                assert_eq!(ours.remove(&key), theirs.remove(&key));
            } else {
                assert_eq!(ours.insert(key, step), theirs.insert(key, step));
            }
            assert_eq!(ours.get(&key), theirs.get(&key));
            assert_eq!(ours.contains_key(&key), theirs.contains_key(&key));
            assert_eq!(ours.len(), theirs.len());
        }
        assert!(ours.iter().eq(theirs.iter()));
        assert!(ours.keys().eq(theirs.keys()));
        assert!(ours.values().eq(theirs.values()));
    }

    #[test]
    fn built_from_entries_the_last_of_a_key_wins() {
        let map: VecMap<u8, &str> = [(2, "b"), (1, "a"), (2, "c")].into_iter().collect();
        assert_eq!(map.iter().collect::<Vec<_>>(), [(&1, &"a"), (&2, &"c")]);
        // A run of more than two: still the last.
        let map: VecMap<u8, &str> = [(2, "b"), (3, "x"), (2, "c"), (1, "a"), (2, "d")]
            .into_iter()
            .collect();
        let entries = [(&1, &"a"), (&2, &"d"), (&3, &"x")];
        assert_eq!(map.iter().collect::<Vec<_>>(), entries);
    }

    #[test]
    fn written_and_read_as_the_btree_map_was() {
        let btree = BTreeMap::from([(3u8, "c".to_string()), (1, "a".into()), (2, "b".into())]);
        let ours: VecMap<u8, String> = btree.clone().into_iter().collect();
        let text = ron::to_string(&btree).unwrap();
        assert_eq!(ron::to_string(&ours).unwrap(), text);
        let back: VecMap<u8, String> = ron::from_str("{2: \"x\", 1: \"a\", 2: \"b\"}").unwrap();
        let expected: VecMap<u8, String> = [(1, "a".to_string()), (2, "b".into())]
            .into_iter()
            .collect();
        assert_eq!(back, expected);
        assert_eq!(ron::from_str::<VecMap<u8, String>>(&text).unwrap(), ours);
    }

    #[test]
    fn a_fitted_list_keeps_its_elements_in_a_buffer_of_their_exact_length() {
        let mut list: Vec<String> = (0..5).map(|i| i.to_string()).collect();
        list.reserve(100);
        let grown = list.as_ptr();
        fit(&mut list);
        assert_eq!(list, ["0", "1", "2", "3", "4"]);
        assert_eq!(list.capacity(), 5);
        // A new buffer, not the old one cut down in place.
        assert_ne!(list.as_ptr(), grown);
        let mut exact = list.clone();
        exact.shrink_to_fit();
        let before = exact.as_ptr();
        fit(&mut exact);
        assert_eq!(
            exact.as_ptr(),
            before,
            "a list with no room to spare is left as it is"
        );
    }
}
