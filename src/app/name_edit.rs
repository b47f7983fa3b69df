//! Editing a shared [`Name`] (a country, a checklist label) in a text field: each change makes
//! the edited text a name of its own, so the copies shared with other cases are left alone.

use crate::domain::Name;
use egui::TextBuffer;
use egui::text::CharIndex;
use std::ops::Range;

impl TextBuffer for Name {
    fn is_mutable(&self) -> bool {
        true
    }

    fn as_str(&self) -> &str {
        Name::as_str(self)
    }

    fn insert_text(&mut self, text: &str, char_index: CharIndex) -> usize {
        edit(self, |s| s.insert_text(text, char_index))
    }

    fn delete_char_range(&mut self, char_range: Range<CharIndex>) {
        edit(self, |s| s.delete_char_range(char_range));
    }

    fn type_id(&self) -> std::any::TypeId {
        std::any::TypeId::of::<Self>()
    }
}

fn edit<R>(name: &mut Name, change: impl FnOnce(&mut String) -> R) -> R {
    let mut text = name.to_string();
    let out = change(&mut text);
    *name = Name::from(text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_a_shared_name_leaves_its_other_copies_alone() {
        let mut edited = Name::new("Pakistan");
        let other = edited.clone();
        assert_eq!(edited.insert_text("!", CharIndex(8)), 1);
        edited.delete_char_range(CharIndex(0)..CharIndex(1));
        assert_eq!(edited, "akistan!");
        assert_eq!(other, "Pakistan");
    }
}
